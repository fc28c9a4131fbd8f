# WebFG-496 subset web-bird (200 classes) at 384 px, batch 8 per GPU.
# Minimal placeholder written with SwinFC; the datasets issue owns this file.
_base_ = ['./webfg496_bs8_384.py']
data_preprocessor = dict(num_classes=200)
train_dataloader = dict(dataset=dict(data_root='data/WebFG-496/web-bird'))
val_dataloader = dict(dataset=dict(data_root='data/WebFG-496/web-bird'))
test_dataloader = val_dataloader
