# Web-Aircraft (WebFG-496 subset), 100 classes, at 384 px (SwinFC recipe):
# 13,503 web train / 3,333 test (FGVC-Aircraft test) images, at
# data/WebFG-496/web-aircraft/{train,val}/<class>/...
# Everything but the subset and the class count comes from the combined set.
_base_ = ['./webfg496_bs8_384.py']

data_preprocessor = dict(num_classes=100)
train_dataloader = dict(dataset=dict(subset='web-aircraft'))
val_dataloader = dict(dataset=dict(subset='web-aircraft'))
test_dataloader = val_dataloader
