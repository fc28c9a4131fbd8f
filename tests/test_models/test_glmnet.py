"""GLMNet: branches against timm, the exchange against its formula, and
gradients reaching every parameter within one training step."""
import pytest
import timm
import torch
import torch.nn as nn

from mmglm.models import GLMNet
from mmglm.models.utils import GlobalLocalExchange
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tools.model_converters.timm_pvt_v2_to_mmglm import convert_pvt_v2
from tools.model_converters.timm_resnext_to_mmglm import convert_resnext

register_all_modules()


@pytest.fixture(scope='module')
def base_with_timm_weights():
    """GLMNet-base whose branches hold the weights of timm's pvt_v2_b2 and
    resnext50_32x4d (random, with non-trivial norms)."""
    torch.manual_seed(0)
    pvt = timm.create_model('pvt_v2_b2', pretrained=False).eval()
    rx = timm.create_model('resnext50_32x4d', pretrained=False).eval()
    with torch.no_grad():
        for m in list(pvt.modules()) + list(rx.modules()):
            if isinstance(m, (nn.LayerNorm, nn.BatchNorm2d)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
    model = GLMNet('base', frelu_sites='none', out_type='global').eval()
    model.global_branch.load_state_dict(
        convert_pvt_v2(pvt.state_dict()), strict=True)
    model.local_branch.load_state_dict(
        convert_resnext(rx.state_dict()), strict=True)
    return model, pvt, rx


def test_global_branch_with_zero_gammas_equals_timm_pvt_v2_b2(
        base_with_timm_weights):
    model, pvt, _ = base_with_timm_weights
    assert all(float(g) == 0 for g in model.gammas)
    x = torch.randn(2, 3, 64, 96)
    with torch.no_grad():
        outs = model(x)
        refs = pvt.forward_intermediates(x, intermediates_only=True)
    for out, ref in zip(outs, refs):
        assert out.shape == ref.shape
        assert (out - ref).abs().max() <= 1e-5
    # The gate is live: with gamma != 0 the later stages differ.
    with torch.no_grad():
        model.exchanges[0].gamma.fill_(0.5)
        outs = model(x)
        model.exchanges[0].gamma.fill_(0.)
    assert (outs[0] - refs[0]).abs().max() <= 1e-5
    assert (outs[1] - refs[1]).abs().max() > 1e-3


def test_local_branch_first_stage_equals_timm_resnext(
        base_with_timm_weights):
    """Stage 1 of the local branch (before any exchange) is timm's layer1;
    the standalone ResNeXtFReLU equality is in test_resnext_frelu.py."""
    model, _, rx = base_with_timm_weights
    model.out_type = 'local'
    try:
        x = torch.randn(2, 3, 64, 64)
        with torch.no_grad():
            l1 = model(x)[0]
            ref = rx.forward_intermediates(
                x, indices=[1], intermediates_only=True)[0]
    finally:
        model.out_type = 'global'
    assert (l1 - ref).abs().max() <= 1e-5


def test_exchange_formula():
    torch.manual_seed(0)
    ex = GlobalLocalExchange(3, 5).eval()
    with torch.no_grad():
        ex.gamma.fill_(0.7)
        bn = ex.local_proj.bn
        bn.running_mean.normal_()
        bn.running_var.uniform_(0.5, 2)
        bn.weight.normal_()
        bn.bias.normal_()
    g, l = torch.randn(2, 3, 4, 4), torch.randn(2, 5, 4, 4)
    u = torch.cat([g, l], 1)
    w_l = ex.local_proj.conv.weight[:, :, 0, 0]
    w_g, b_g = ex.global_proj.weight[:, :, 0, 0], ex.global_proj.bias
    lin_l = torch.einsum('oc,bchw->bohw', w_l, u)
    ref_l = (lin_l - bn.running_mean.view(1, -1, 1, 1)) / torch.sqrt(
        bn.running_var.view(1, -1, 1, 1) + bn.eps)
    ref_l = ref_l * bn.weight.view(1, -1, 1, 1) + bn.bias.view(1, -1, 1, 1)
    ref_g = g + 0.7 * (torch.einsum('oc,bchw->bohw', w_g, u) +
                       b_g.view(1, -1, 1, 1))
    with torch.no_grad():
        g2, l2 = ex(g, l)
    assert (g2 - ref_g).abs().max() < 1e-5
    assert (l2 - ref_l).abs().max() < 1e-5
    assert isinstance(ex.gamma, nn.Parameter)


def test_fixed_gate_and_identity_init():
    ex = GlobalLocalExchange(3, 5, gate='fixed', gamma_init=1.)
    assert not isinstance(ex.gamma, nn.Parameter)
    assert 'gamma' in dict(ex.named_buffers()) and float(ex.gamma) == 1
    assert not any('gamma' in n for n, _ in ex.named_parameters())
    ex = GlobalLocalExchange(3, 5, local_identity_init=True)
    ex.init_weights()
    ex.eval()
    g, l = torch.randn(1, 3, 2, 2), torch.randn(1, 5, 2, 2)
    with torch.no_grad():
        _, l2 = ex(g, l)
    assert torch.allclose(l2, l / (1 + ex.local_proj.bn.eps)**0.5, atol=1e-6)
    model = GLMNet('tiny', gate='fixed', gamma_init=1.)
    assert [float(g) for g in model.gammas] == [1., 1., 1.]


@pytest.mark.parametrize('init_cfg', [None, dict(type='Kaiming',
                                                 layer='Conv2d')])
def test_local_identity_init_reaches_through_the_classifier(init_cfg):
    """``exchange_cfg=dict(local_identity_init=True)`` through
    ``MODELS.build(cfg).init_weights()`` of a whole classifier (mmengine only
    walks into children that have ``init_weights``: the exchanges sit in
    mmengine's ModuleList), after the backbone's own ``init_cfg``."""
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(
                type='GLMNet',
                arch='tiny',
                exchange_cfg=dict(local_identity_init=True),
                init_cfg=init_cfg),
            neck=dict(type='StageFusionNeck', in_channels=768,
                      out_channels=64),
            head=dict(type='SEClsHead', num_classes=6, in_channels=64)))
    model.init_weights()
    for ex in model.backbone.exchanges:
        w = ex.local_proj.conv.weight[:, :, 0, 0]  # (C_l, C_g + C_l)
        c_g, c_l = ex.global_channels, ex.local_channels
        assert torch.equal(w[:, :c_g], torch.zeros(c_l, c_g))
        assert torch.equal(w[:, c_g:], torch.eye(c_l))
    # the default keeps the random 1x1 init
    torch.manual_seed(0)
    plain = MODELS.build(dict(type='GLMNet', arch='tiny'))
    plain.init_weights()
    w = plain.exchanges[0].local_proj.conv.weight
    assert w.abs().sum() > 0 and not torch.equal(
        w[:, -plain.exchanges[0].local_channels:, 0, 0],
        torch.eye(plain.exchanges[0].local_channels))


def test_outputs_and_input_check():
    model = GLMNet('tiny').eval()
    assert model.out_channels == (96, 192, 416, 768)
    x = torch.randn(1, 3, 64, 96)
    with torch.no_grad():
        outs = model(x)
    assert [tuple(o.shape) for o in outs] == [(1, 96, 16, 24),
                                              (1, 192, 8, 12),
                                              (1, 416, 4, 6), (1, 768, 2, 3)]
    with pytest.raises(ValueError, match='multiples of 32'):
        model(torch.randn(1, 3, 112, 64))
    # 112 px (the CPU recipes) with size_divisor=16: both branches round the
    # last stage up to 4x4, for both stems.
    for stem in ('separate', 'shared_patchify'):
        m112 = GLMNet('tiny', stem=stem, size_divisor=16).eval()
        with torch.no_grad():
            outs = m112(torch.randn(1, 3, 112, 112))
        assert [o.shape[-1] for o in outs] == [28, 14, 7, 4]
    model = GLMNet('tiny', out_indices=(-1, ), out_type='local').eval()
    assert model.out_channels == (512, )
    with torch.no_grad():
        assert model(x)[0].shape == (1, 512, 2, 3)
    small = GLMNet('small', out_indices=(3, ))
    assert small.out_channels == (512 + 2048, )


def test_shared_patchify_stem():
    model = GLMNet('tiny', stem='shared_patchify').eval()
    local = model.local_branch
    assert not hasattr(local, 'conv1') and not hasattr(local, 'maxpool')
    assert model.global_branch.patch_embed.proj.kernel_size == (1, 1)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        outs = model(x)
    assert [o.shape[-1] for o in outs] == [16, 8, 4, 2]
    # The stem feeds both branches: changing it changes both halves.
    with torch.no_grad():
        model.stem.patchify.bn.bias.add_(1.)
        outs2 = model(x)
    g_ch = model.global_branch.out_channels[0]
    assert not torch.allclose(outs[0][:, :g_ch], outs2[0][:, :g_ch])
    assert not torch.allclose(outs[0][:, g_ch:], outs2[0][:, g_ch:])


def test_one_training_step_reaches_every_parameter():
    """Classifier with default init (gammas at 0, zero-init residual BNs):
    the first backward reaches gamma; after one optimizer step every
    parameter, gamma and the gated global 1x1 convs included, gets a
    non-zero gradient."""
    from mmpretrain.structures import DataSample
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(type='GLMNet', arch='tiny'),
            neck=dict(type='StageFusionNeck', in_channels=768,
                      out_channels=512),
            head=dict(type='SEClsHead', num_classes=6, in_channels=512,
                      dropout=0.1)))
    model.init_weights()
    model.train()
    optim = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(4, 3, 64, 64)
    samples = [DataSample().set_gt_label(i % 6) for i in range(4)]

    def grads():
        optim.zero_grad()
        model.loss(x, samples)['loss'].backward()
        return {n: (p.grad is not None and p.grad.abs().sum().item() > 0)
                for n, p in model.named_parameters()}

    first = grads()
    gamma_names = [n for n in first if n.endswith('.gamma')]
    assert len(gamma_names) == 3 and all(first[n] for n in gamma_names)
    # Behind gamma = 0 the global 1x1 convs get exactly zero gradient.
    assert not any(v for n, v in first.items() if 'global_proj' in n)
    optim.step()
    second = grads()
    assert all(second.values()), [n for n, v in second.items() if not v]


def test_frozen_stages_and_norm_eval():
    model = GLMNet('tiny', frozen_stages=1, norm_eval=True)
    model.train()
    for m in (model.global_branch.patch_embed, model.global_branch.stages[0],
              model.local_branch.layer1, model.exchanges[0]):
        assert not any(p.requires_grad for p in m.parameters())
    assert all(p.requires_grad for p in model.exchanges[1].parameters())
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert bns and not any(m.training for m in bns)
