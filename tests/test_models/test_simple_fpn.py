"""SimpleFeaturePyramid (ViTDet) against the pyramid written out with
torch.nn.functional and the module's weights."""
import pytest
import torch
import torch.nn.functional as F

from mmglm.models import SimpleFeaturePyramid
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

register_all_modules()


def _randomize(module: torch.nn.Module) -> None:
    """Non-trivial norm affines and conv biases, so every term counts."""
    g = torch.Generator().manual_seed(1)
    for name, p in module.named_parameters():
        if name.endswith('bias') or 'norm' in name or p.dim() == 1:
            p.data = torch.randn(p.shape, generator=g) * 0.5 + (
                1.0 if name.endswith('weight') else 0.0)


def _ln2d(x, norm):
    # channel LayerNorm of an NCHW map
    return F.layer_norm(x.permute(0, 2, 3, 1), (x.shape[1], ), norm.weight,
                        norm.bias, norm.eps).permute(0, 3, 1, 2)


def _hand_pyramid(x, neck):
    """ViTDet Fig. 2 (c) from the weights: resample, 1x1 + LN, 3x3 + LN."""
    outs = []
    for s, stage in zip(neck.scale_factors, neck.stages):
        resample, conv1, conv3 = stage
        y = x
        if s == 4:
            d1, norm, _, d2 = resample
            y = F.conv_transpose2d(y, d1.weight, d1.bias, stride=2)
            y = F.gelu(_ln2d(y, norm))
            y = F.conv_transpose2d(y, d2.weight, d2.bias, stride=2)
        elif s == 2:
            y = F.conv_transpose2d(y, resample.weight, resample.bias,
                                   stride=2)
        elif s < 1:
            k = int(1 / s)
            y = F.max_pool2d(y, k, k)
        assert conv1.conv.bias is None and conv3.conv.bias is None
        y = _ln2d(F.conv2d(y, conv1.conv.weight), conv1.norm)
        y = _ln2d(F.conv2d(y, conv3.conv.weight, padding=1), conv3.norm)
        outs.append(y)
    for conv in neck.extra_convs:
        outs.append(
            _ln2d(F.conv2d(outs[-1], conv.conv.weight, stride=2, padding=1),
                  conv.norm))
    return outs


@pytest.mark.parametrize('scale_factors,extra', [
    ((4.0, 2.0, 1.0, 0.5), False),  # ViTDet's P2-P5 from a /16 ViT
    ((2.0, 1.0, 0.5), True),  # RetinaNet's P3-P5 (+ P6, P7 convs)
    ((2.0, 1.0, 0.5, 0.25), False),  # a /8 ViT to strides 4-32
])
def test_simple_pyramid_equals_hand_computation(scale_factors, extra):
    torch.manual_seed(0)
    num_outs = len(scale_factors) + (2 if extra else 0)
    neck = SimpleFeaturePyramid(
        32, 16, scale_factors=scale_factors, num_outs=num_outs,
        add_extra_convs=extra)
    _randomize(neck)
    x = torch.randn(2, 32, 8, 12)
    outs = neck((torch.randn(2, 8, 3, 3), x))  # uses the last map
    expected = _hand_pyramid(x, neck)
    assert len(outs) == len(expected) == num_outs
    for o, e in zip(outs, expected):
        assert o.shape == e.shape
        assert (o - e).abs().max() < 1e-5
    strides = [8 / o.shape[2] for o in outs[:len(scale_factors)]]
    assert strides == [1 / s for s in scale_factors]


def test_extra_levels_by_max_pool_and_registry_build():
    neck = MODELS.build(
        dict(type='SimpleFeaturePyramid', in_channels=16, out_channels=8,
             num_outs=5))
    outs = neck((torch.randn(1, 16, 8, 8), ))
    # Strides 4, 8, 16, 32 from a /16 map, then a kernel-1 stride-2 pool.
    assert [o.shape[-1] for o in outs] == [32, 16, 8, 4, 2]
    assert torch.equal(outs[4], outs[3][..., ::2, ::2])


def test_bad_settings_fail_clearly():
    with pytest.raises(ValueError, match='scale factor 3.0 is not one of'):
        SimpleFeaturePyramid(16, 8, scale_factors=(3, 1))
    with pytest.raises(ValueError, match='num_outs=2 is fewer than the 4'):
        SimpleFeaturePyramid(16, 8, num_outs=2)
    neck = SimpleFeaturePyramid(16, 8)
    with pytest.raises(ValueError, match=r"expected a \(B, 16, H, W\) map, "
                       r"got \(1, 17, 4\).*out_type='featmap'"):
        neck((torch.randn(1, 17, 4), ))
