# WebFG-496 (web-bird + web-aircraft + web-car, 496 classes) at 384 px, batch
# 8 per GPU, the SwinFC pipeline. Minimal placeholder written with SwinFC; the
# datasets issue owns this file and the `WebFG496` dataset class.
_base_ = ['./cub_bs8_384.py']
dataset_type = 'WebFG496'
data_preprocessor = dict(num_classes=496)
train_dataloader = dict(
    dataset=dict(type=dataset_type, data_root='data/WebFG-496', split='train'))
val_dataloader = dict(
    dataset=dict(type=dataset_type, data_root='data/WebFG-496', split='test'))
test_dataloader = val_dataloader
