# WebFG-496 subset web-car (196 classes) at 384 px, batch 8 per GPU.
# Minimal placeholder written with SwinFC; the datasets issue owns this file.
_base_ = ['./webfg496_bs8_384.py']
data_preprocessor = dict(num_classes=196)
train_dataloader = dict(dataset=dict(data_root='data/WebFG-496/web-car'))
val_dataloader = dict(dataset=dict(data_root='data/WebFG-496/web-car'))
test_dataloader = val_dataloader
