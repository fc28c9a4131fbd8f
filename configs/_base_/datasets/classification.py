# What mmglm's classification dataset bases share, laid out as mmpretrain's
# own _base_/datasets: ImageNet normalisation (RGB), 4 loader workers, a
# shuffled train and an ordered val sampler, the train/test splits, top-1
# accuracy, test = val. Not a config to run: a dataset base (intel_bs32_224.py,
# cub_bs8_384.py) inherits it and states its dataset, data root, pipelines,
# batch sizes and anything else it changes.
data_preprocessor = dict(
    # RGB normalisation of ImageNet
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    # convert image from BGR to RGB
    to_rgb=True,
)

train_dataloader = dict(
    num_workers=4,
    dataset=dict(split='train'),
    sampler=dict(type='DefaultSampler', shuffle=True),
)
val_dataloader = dict(
    num_workers=4,
    dataset=dict(split='test'),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, ))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
