# cub100 at 64 px (resize 73, crop 64): cub100_bs16_128.py with the size as
# the one change, for the 30-minute CPU results recipe of Swin / SwinFC.
_base_ = ['./cub100_bs16_128.py']
from mmglm.datasets.transforms import at_size  # noqa: E402

train_pipeline = at_size(_base_.train_pipeline, 64, resize=73)  # noqa: F821
test_pipeline = at_size(_base_.test_pipeline, 64, resize=73)  # noqa: F821
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
