"""PVTv2 against timm's pvt_v2 with the same weights."""
import pytest
import timm
import torch
import torch.nn as nn

from mmglm.models import PVTv2
from tools.model_converters.timm_pvt_v2_to_mmglm import convert_pvt_v2


def _perturb_norms(model):
    # LayerNorm affine away from (1, 0) so that a missed norm shows.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)


@pytest.mark.parametrize('arch,timm_name', [('b2', 'pvt_v2_b2'),
                                            ('b0', 'pvt_v2_b0'),
                                            ('b2-li', 'pvt_v2_b2_li')])
def test_pvt_v2_equals_timm(arch, timm_name):
    torch.manual_seed(0)
    ref = timm.create_model(timm_name, pretrained=False).eval()
    _perturb_norms(ref)
    ours = PVTv2(arch=arch).eval()
    ours.load_state_dict(convert_pvt_v2(ref.state_dict()), strict=True)
    x = torch.randn(2, 3, 64, 96)
    with torch.no_grad():
        outs = ours(x)
        refs = ref.forward_intermediates(x, intermediates_only=True)
    assert len(outs) == 4
    for out, r in zip(outs, refs):
        assert out.shape == r.shape
        assert (out - r).abs().max() <= 1e-5


def test_layernorm_eps():
    model = PVTv2('b2')
    eps = {name: m.eps for name, m in model.named_modules()
           if isinstance(m, nn.LayerNorm)}
    assert eps['patch_embed.norm'] == 1e-5
    assert eps['stages.1.downsample.norm'] == 1e-5
    assert eps['stages.0.blocks.0.attn.norm'] == 1e-5  # spatial reduction
    assert eps['stages.0.blocks.0.norm1'] == 1e-6
    assert eps['stages.0.blocks.0.norm2'] == 1e-6
    assert eps['stages.3.norm'] == 1e-6
    assert 'stages.3.blocks.0.attn.norm' not in eps  # sr_ratio 1


def test_arch_zoo_and_out_indices():
    # Parameter counts of timm's variants minus the 1000-class head.
    expected = {'b1': 14.01, 'b2': 25.36, 'b2-li': 22.55, 'b3': 45.24}
    for arch, params in expected.items():
        n = sum(p.numel() for p in PVTv2(arch).parameters())
        assert abs((n + 512 * 1000 + 1000) / 1e6 - params) < 0.01, arch
    model = PVTv2('b0', out_indices=(1, -1)).eval()
    outs = model(torch.randn(1, 3, 64, 64))
    assert [tuple(o.shape) for o in outs] == [(1, 64, 8, 8), (1, 256, 2, 2)]
    with pytest.raises(AssertionError, match='not in default archs'):
        PVTv2('b9')
    custom = dict(embed_dims=[8, 16, 24, 32], depths=[1, 1, 1, 1],
                  num_heads=[1, 2, 3, 4], mlp_ratios=[2, 2, 2, 2],
                  sr_ratios=[4, 2, 1, 1])
    assert PVTv2(custom).out_channels == (8, 16, 24, 32)
    with pytest.raises(AssertionError, match='Custom arch'):
        PVTv2(dict(embed_dims=[8, 16, 24, 32]))


def test_frozen_stages():
    model = PVTv2('b0', frozen_stages=1)
    model.train()
    assert not any(p.requires_grad for p in model.patch_embed.parameters())
    assert not any(p.requires_grad for p in model.stages[0].parameters())
    assert all(p.requires_grad for p in model.stages[1].parameters())
    assert not model.stages[0].training and model.stages[1].training
