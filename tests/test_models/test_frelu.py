"""FReLU against its formula max(x, BN(DWConv3x3(x)))."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmglm.models.utils import FReLU, build_act_layer
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

register_all_modules()


def _randomise(act: FReLU) -> None:
    with torch.no_grad():
        act.conv.weight.normal_()
        act.conv.bias.normal_()
        act.bn.weight.uniform_(0.5, 1.5)
        act.bn.bias.normal_()
        act.bn.running_mean.normal_()
        act.bn.running_var.uniform_(0.5, 2.0)


def _formula(x, act: FReLU, training: bool) -> torch.Tensor:
    t = F.conv2d(x, act.conv.weight, act.conv.bias, padding=1,
                 groups=x.shape[1])
    if training:  # batch statistics, biased variance
        mean = t.mean((0, 2, 3), keepdim=True)
        var = t.var((0, 2, 3), unbiased=False, keepdim=True)
    else:
        mean = act.bn.running_mean.view(1, -1, 1, 1)
        var = act.bn.running_var.view(1, -1, 1, 1)
    t = (t - mean) / torch.sqrt(var + act.bn.eps)
    t = t * act.bn.weight.view(1, -1, 1, 1) + act.bn.bias.view(1, -1, 1, 1)
    return torch.where(x > t, x, t)


@pytest.mark.parametrize('training', [False, True])
def test_frelu_equals_formula(training):
    torch.manual_seed(0)
    act = FReLU(6)
    _randomise(act)
    act.train(training)
    x = torch.randn(3, 6, 7, 5)
    out = act(x)
    ref = _formula(x, act, training)
    assert (out - ref).abs().max() < 1e-5
    # Both sides of the max are taken somewhere (not plain ReLU / identity).
    frac = (out == x).float().mean().item()
    assert 0.0 < frac < 1.0
    assert not torch.allclose(out, F.relu(x))


def test_frelu_structure_and_params():
    act = FReLU(10)
    assert act.conv.groups == 10 and act.conv.kernel_size == (3, 3)
    assert act.conv.bias is not None
    # 12 * C parameters per site: 9C weights + C bias + 2C BN affine.
    assert sum(p.numel() for p in act.parameters()) == 12 * 10


def test_frelu_with_zero_funnel_is_relu():
    act = FReLU(4).eval()
    with torch.no_grad():
        for p in act.parameters():
            p.zero_()
    x = torch.randn(2, 4, 5, 5)
    assert torch.equal(act(x), F.relu(x))


def test_build_act_layer():
    frelu = build_act_layer(dict(type='FReLU'), 8)
    assert isinstance(frelu, FReLU) and frelu.in_channels == 8
    relu = build_act_layer(dict(type='ReLU', inplace=True), 8)
    assert isinstance(relu, nn.ReLU)
    assert isinstance(build_act_layer(None, 8), nn.Identity)
    # Also buildable from the registry with its channel count.
    built = MODELS.build(dict(type='FReLU', in_channels=3))
    assert isinstance(built, FReLU) and built.in_channels == 3
