# NABirds at 384 px (SwinFC recipe): 555 classes (the image-labelling ids of
# the 1,011-node hierarchy, mapped to 0..554), 23,929 train / 24,633 test.
# Official layout at data/nabirds (images/, images.txt, image_class_labels.txt,
# train_test_split.txt, classes.txt). Validation uses the test split.
# Pipeline and loaders: the fine-grained family base, cub_bs8_384.py.
_base_ = ['./cub_bs8_384.py']

dataset_type = 'NABirds'
data_root = 'data/nabirds'
data_preprocessor = dict(num_classes=555)
train_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
test_dataloader = val_dataloader
