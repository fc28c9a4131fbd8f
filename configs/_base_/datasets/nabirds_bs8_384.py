# NABirds (555 classes) at 384 px, batch 8 per GPU, the SwinFC pipeline.
# Minimal placeholder written with SwinFC; the datasets issue owns this file
# and the `NABirds` dataset class.
_base_ = ['./cub_bs8_384.py']
dataset_type = 'NABirds'
data_preprocessor = dict(num_classes=555)
train_dataloader = dict(
    dataset=dict(type=dataset_type, data_root='data/nabirds', split='train'))
val_dataloader = dict(
    dataset=dict(type=dataset_type, data_root='data/nabirds', split='test'))
test_dataloader = val_dataloader
