# The fine-grained pipeline of the bird sets (resize, then crop: random with a
# flip for training, centred for testing), written once at SwinFC's size
# (512 -> 384). cub_bs8_384.py adds SwinFC's rotation; cub100_bs16_128.py
# takes it to 146 -> 128 (mmglm.datasets.transforms.at_size). Not a config to
# run: it has pipelines only. LoadImageFromFileChecked (mmglm) refuses
# truncated or corrupt files by name.
train_pipeline = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=512),
    dict(type='RandomCrop', crop_size=384),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=512),
    dict(type='CenterCrop', crop_size=384),
    dict(type='PackInputs'),
]
