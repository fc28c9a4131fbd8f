# Web-Car (WebFG-496 subset), 196 classes, at 384 px (SwinFC recipe):
# 21,448 web train / 8,041 test (Stanford Cars test) images, at
# data/WebFG-496/web-car/{train,val}/<class>/...
# Everything but the subset and the class count comes from the combined set.
_base_ = ['./webfg496_bs8_384.py']

data_preprocessor = dict(num_classes=196)
train_dataloader = dict(dataset=dict(subset='web-car'))
val_dataloader = dict(dataset=dict(subset='web-car'))
test_dataloader = val_dataloader
