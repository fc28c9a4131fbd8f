# intel_mini (../shared/data/intel_mini): 3,000 train / 600 val images of the
# Intel scenes, for CPU runs at 112 px. data_root 'data/intel_mini' falls back
# to '../shared/data/intel_mini' when absent (mmglm.datasets.resolve_data_root).
# Tune on 'val' only: the Intel test split is kept apart for final accuracy.
# The Intel pipeline and loaders of intel_bs32_224.py; what differs: the
# folder, the 'val' split, 2 workers and the size.
_base_ = ['./intel_bs32_224.py']
from mmglm.datasets.transforms import at_size  # noqa: E402

data_root = 'data/intel_mini'
train_pipeline = at_size(_base_.train_pipeline, 112)  # noqa: F821
test_pipeline = at_size(_base_.test_pipeline, 112)  # noqa: F821

train_dataloader = dict(
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(data_root=data_root, split='val', pipeline=test_pipeline))
test_dataloader = val_dataloader
