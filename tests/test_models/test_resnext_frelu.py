"""ResNeXtFReLU against timm's resnext50_32x4d with the same weights."""
import pytest
import timm
import torch
import torch.nn as nn

from mmglm.models import ResNeXtFReLU
from mmglm.models.utils import FReLU
from tools.model_converters.timm_resnext_to_mmglm import convert_resnext


@pytest.fixture(scope='module')
def timm_rx50():
    torch.manual_seed(0)
    model = timm.create_model('resnext50_32x4d', pretrained=False)
    # Non-trivial BN statistics so that eval mode is a real test.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return model.eval()


def _timm_stages(model, x):
    return model.forward_intermediates(x, indices=[1, 2, 3, 4],
                                       intermediates_only=True)


def test_frelu_none_equals_timm(timm_rx50):
    ours = ResNeXtFReLU(depth=50, frelu_sites='none',
                        out_indices=(0, 1, 2, 3)).eval()
    ours.load_state_dict(
        convert_resnext(timm_rx50.state_dict()), strict=True)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        outs = ours(x)
        refs = _timm_stages(timm_rx50, x)
    assert len(outs) == 4
    for out, ref in zip(outs, refs):
        assert out.shape == ref.shape
        assert (out - ref).abs().max() <= 1e-5


def test_frelu_all_with_zero_funnels_equals_timm(timm_rx50):
    """'all' sites, funnels T(x) = 0: FReLU is ReLU, outputs equal timm."""
    ours = ResNeXtFReLU(depth=50, out_indices=(0, 1, 2, 3))
    result = ours.load_state_dict(
        convert_resnext(timm_rx50.state_dict()), strict=False)
    assert not result.unexpected_keys
    assert result.missing_keys and all(
        '.act' in k or k.startswith('relu.') for k in result.missing_keys)
    frelus = [m for m in ours.modules() if isinstance(m, FReLU)]
    with torch.no_grad():
        for m in frelus:
            for p in m.parameters():
                p.zero_()
    ours.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        out = ours(x)[-1]
        ref = _timm_stages(timm_rx50, x)[-1]
        assert (out - ref).abs().max() <= 1e-5
        # With live funnels the network differs from the ReLU one.
        frelus[5].bn.bias.fill_(1.0)
        assert (ours(x)[-1] - ref).abs().max() > 1e-3


def _frelu_channels(model):
    return [m.in_channels for m in model.modules() if isinstance(m, FReLU)]


def test_frelu_sites():
    all_sites = ResNeXtFReLU(depth=50)
    official = ResNeXtFReLU(depth=50, frelu_sites='official_r50')
    none = ResNeXtFReLU(depth=50, frelu_sites='none')
    assert isinstance(all_sites.relu, FReLU)
    assert isinstance(official.relu, nn.ReLU)
    assert not _frelu_channels(none)
    # 'all': stem + 3 sites in each of the 16 bottlenecks.
    assert len(_frelu_channels(all_sites)) == 1 + 3 * 16
    # 'official_r50': 3 sites in the 13 bottlenecks of stages 1-3, no stem.
    assert len(_frelu_channels(official)) == 3 * 13
    assert not any(
        isinstance(m, FReLU) for m in official.layer4.modules())
    # Extra parameters of 'all' = 12 C per site; the spec's analytic count
    # is +0.363 M for ResNeXt-50 32x4d.
    n = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    extra = n(all_sites) - n(none)
    assert extra == 12 * sum(_frelu_channels(all_sites))
    assert abs(extra / 1e6 - 0.363) < 0.001
    with pytest.raises(ValueError, match='frelu_sites'):
        ResNeXtFReLU(depth=50, frelu_sites='stem')


def test_tiny_depth_and_frozen_stages():
    model = ResNeXtFReLU(depth=26, stem_channels=32, base_channels=16,
                         groups=8, width_per_group=4,
                         out_indices=(0, 1, 2, 3), frozen_stages=1)
    assert model.out_channels == (64, 128, 256, 512)
    assert [len(getattr(model, n)) for n in model.res_layers] == [2] * 4
    model.train()
    frozen = [p.requires_grad for p in model.layer1.parameters()]
    frozen += [p.requires_grad for p in model.relu.parameters()]
    assert not any(frozen)
    assert all(p.requires_grad for p in model.layer2.parameters())
    assert not model.relu.training and model.layer2.training
