# cub100 (../shared/data/cub100): the project's 100-class CUB-200-2011 subset,
# 2,626 train / 277 val images (227x227 crops around the bird), for
# fine-grained runs on CPU at 128 px. data_root 'data/cub100' falls back to
# $MMGLM_DATA/cub100 and ../shared/data/cub100 (mmglm.datasets.CUB100).
# Normalisation and samplers: classification.py; the bird pipeline of
# finegrained_pipelines.py at 146 -> 128. As on the other CPU sample sets
# (intel-mini_bs32_112.py): 2 workers, validation on the 'val' split.
_base_ = ['./classification.py', './finegrained_pipelines.py']
from mmglm.datasets.transforms import at_size  # noqa: E402

dataset_type = 'CUB100'
data_root = 'data/cub100'
data_preprocessor = dict(num_classes=100)

train_pipeline = at_size(_base_.train_pipeline, 128, resize=146)  # noqa: F821
test_pipeline = at_size(_base_.test_pipeline, 128, resize=146)  # noqa: F821

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(
        type=dataset_type, data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    num_workers=2,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val',
        pipeline=test_pipeline))
val_evaluator = dict(topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
