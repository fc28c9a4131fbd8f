# The SwinFC paper's recipe on Web-Bird (18,388 web train images) at 384 px,
# shared by SwinFC-B and its Swin-B baseline (configs/swinfc), which add their
# model and its number of classes: the data (../datasets/web-bird_bs8_384.py),
# SGD with cosine decay (../schedules/sgd_coslr_finegrained.py), lr 3e-2 for
# the backbone and the new modules alike, 26 epochs.
_base_ = [
    '../datasets/web-bird_bs8_384.py',
    '../schedules/sgd_coslr_finegrained.py',
    '../default_runtime.py',
]

optim_wrapper = dict(optimizer=dict(lr=3e-2))
train_cfg = dict(max_epochs=26)
