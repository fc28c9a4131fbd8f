"""``at_size``: one pipeline family, the size set by the child config."""
from mmglm.datasets.transforms import at_size

CUB100_128 = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=146),
    dict(type='RandomCrop', crop_size=128),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]


def test_every_resize_and_crop_takes_the_size():
    intel = [
        dict(type='LoadImageFromFile'),
        dict(type='Resize', scale=(224, 224)),
        dict(type='RandomResizedCrop', scale=224, crop_ratio_range=(.5, 1.)),
    ]
    out = at_size(intel, 64)
    assert out[1]['scale'] == (64, 64)  # a pair stays a pair
    assert out[2] == dict(
        type='RandomResizedCrop', scale=64, crop_ratio_range=(.5, 1.))
    assert intel[1]['scale'] == (224, 224)  # the input is left as it was


def test_resize_side_apart_from_the_crop():
    out = at_size(CUB100_128, 64, resize=73)
    assert [t.get('scale', t.get('crop_size')) for t in out] == [
        None, 73, 64, None, None]
    assert out[3] == CUB100_128[3]
