# intel_mini at 64 px: intel-mini_bs32_112.py with the size as the one change.
_base_ = ['./intel-mini_bs32_112.py']
from mmglm.datasets.transforms import at_size  # noqa: E402

train_pipeline = at_size(_base_.train_pipeline, 64)  # noqa: F821
test_pipeline = at_size(_base_.test_pipeline, 64)  # noqa: F821
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
