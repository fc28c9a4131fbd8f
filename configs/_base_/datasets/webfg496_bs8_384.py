# WebFG-496 at 384 px (SwinFC recipe), the three subsets combined into one
# 496-class set (web-bird 200 + web-aircraft 100 + web-car 196; 53,339 web
# train images, 17,168 clean test images). Official archives unpacked in
# data/WebFG-496 (web-bird/{train,val}/<class>/..., same for the others);
# split 'test' reads the val/ folders, which hold the benchmarks' test images.
# Web images are noisy: add skip_bad_images=True to the datasets to leave
# corrupt files out with a warning instead of stopping.
# Pipeline and loaders: the fine-grained family base, cub_bs8_384.py.
_base_ = ['./cub_bs8_384.py']

dataset_type = 'WebFG496'
data_root = 'data/WebFG-496'
data_preprocessor = dict(num_classes=496)
train_dataloader = dict(
    dataset=dict(type=dataset_type, data_root=data_root, subset='all'))
val_dataloader = dict(
    dataset=dict(type=dataset_type, data_root=data_root, subset='all'))
test_dataloader = val_dataloader
