# coco_mini (../shared/data/coco_mini): 80 train / 79 val COCO 2017 images
# with their instance annotations, for CPU detection runs at about 320 px
# (short side 320, long side at most 533: mmdet's 1333x800 scaled by 0.4).
# mmdet's COCO dataset config is inherited; mmglm's CocoDataset and CocoMetric
# (named with _scope_='mmglm') are mmdet's classes whose 'data/coco_mini' root
# falls back to '../shared/data/coco_mini' (mmglm.datasets.resolve_data_root).
_base_ = 'mmdet::_base_/datasets/coco_detection.py'

dataset_type = 'CocoDataset'
data_root = 'data/coco_mini/'
img_scale = (533, 320)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
]

# mmglm's tools (mmpretrain's train.py) default to `default_collate`, which
# cannot batch detection samples: detection needs `pseudo_collate`.
train_dataloader = dict(
    batch_size=4,
    num_workers=1,
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        _scope_='mmglm',
        type=dataset_type,
        data_root=data_root,
        pipeline=train_pipeline))
# Validation: the same loader (merged into mmdet's val2017 one) with the
# test pipeline.
val_dataloader = dict(
    train_dataloader,
    dataset=dict(train_dataloader['dataset'], pipeline=test_pipeline))
test_dataloader = val_dataloader

val_evaluator = dict(
    _scope_='mmglm',
    type='CocoMetric',
    ann_file=data_root + 'annotations/instances_val2017.json')
test_evaluator = val_evaluator
