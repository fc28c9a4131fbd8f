# Web-Bird (WebFG-496 subset), 200 classes, at 384 px (SwinFC recipe):
# 18,388 web train / 5,794 test (CUB-200-2011 test) images, at
# data/WebFG-496/web-bird/{train,val}/<class>/...
# Everything but the subset and the class count comes from the combined set.
_base_ = ['./webfg496_bs8_384.py']

data_preprocessor = dict(num_classes=200)
train_dataloader = dict(dataset=dict(subset='web-bird'))
val_dataloader = dict(dataset=dict(subset='web-bird'))
test_dataloader = val_dataloader
