"""BoTNet: the MHSA against its formula and timm, the backbones against timm,
MMPretrain's ResNet-50 and the spec's parameter counts."""
import itertools

import pytest
import timm
import torch
from mmpretrain.models import ResNet
from mmpretrain.models.utils import SELayer
from timm.layers.bottleneck_attn import BottleneckAttn

from mmglm.models import BoTNet, BottleneckMHSA
from mmglm.models.backbones.botnet import BoTBottleneck
from mmglm.models.utils import resize_rel_pos_table
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.utils import load_script

register_all_modules()

converter = load_script('tools/model_converters/timm_botnet_to_mmglm.py')


def _randomize_bn(model: torch.nn.Module, seed: int = 0) -> None:
    """Give every BN non-trivial affine parameters and running statistics.

    timm and ResNet zero-init the last BN of each residual branch: without
    this the branches (attention included) would not reach the output and a
    comparison could not fail.
    """
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            n = m.num_features
            m.weight.data = torch.rand(n, generator=g) * 0.5 + 0.5
            m.bias.data = torch.randn(n, generator=g) * 0.1
            m.running_mean.data = torch.randn(n, generator=g) * 0.1
            m.running_var.data = torch.rand(n, generator=g) * 0.5 + 0.75


def _hand_mhsa(x, qkv_w, table_h, table_w, heads, scale_pos_embed, stride):
    """The BoT MHSA written out index by index (float64)."""
    x, qkv_w = x.double(), qkv_w.double()
    table_h, table_w = table_h.double(), table_w.double()
    B, C, H, W = x.shape
    d = qkv_w.shape[0] // 3 // heads
    qkv = torch.einsum('oc,bchw->bohw', qkv_w, x)
    q, k, v = qkv.split(heads * d, dim=1)
    pos = list(itertools.product(range(H), range(W)))
    out = torch.zeros(B, heads * d, H, W, dtype=torch.float64)
    for b, h in itertools.product(range(B), range(heads)):
        ch = slice(h * d, (h + 1) * d)
        logits = torch.zeros(H * W, H * W, dtype=torch.float64)
        for i, (hi, wi) in enumerate(pos):
            qi = q[b, ch, hi, wi]
            for j, (hj, wj) in enumerate(pos):
                content = qi @ k[b, ch, hj, wj]
                rel = (qi @ table_h[hj - hi + H - 1] +
                       qi @ table_w[wj - wi + W - 1])
                if scale_pos_embed:
                    logits[i, j] = d**-0.5 * (content + rel)
                else:
                    logits[i, j] = d**-0.5 * content + rel
        attn = logits.softmax(-1)
        for i, (hi, wi) in enumerate(pos):
            out[b, ch, hi, wi] = sum(attn[i, j] * v[b, ch, hj, wj]
                                     for j, (hj, wj) in enumerate(pos))
    if stride == 2:
        out = torch.nn.functional.avg_pool2d(out, 2, 2, ceil_mode=True)
    return out


@pytest.mark.parametrize('scale_pos_embed', [False, True])
@pytest.mark.parametrize('stride', [1, 2])
def test_mhsa_equals_hand_formula(scale_pos_embed, stride):
    torch.manual_seed(0)
    mhsa = BottleneckMHSA(16, feat_size=(4, 3), num_heads=2, stride=stride,
                          scale_pos_embed=scale_pos_embed)
    # Tables large enough that the position term matters.
    for t in (mhsa.pos_embed.height_rel, mhsa.pos_embed.width_rel):
        t.data.normal_(0, 1.0)
    x = torch.randn(2, 16, 4, 3)
    expected = _hand_mhsa(x, mhsa.qkv.weight[:, :, 0, 0],
                          mhsa.pos_embed.height_rel, mhsa.pos_embed.width_rel,
                          2, scale_pos_embed, stride)
    out = mhsa(x)
    assert out.shape == expected.shape
    assert (out.double() - expected).abs().max() < 1e-5
    # The other scale convention gives a different result.
    mhsa.scale_pos_embed = not scale_pos_embed
    assert (mhsa(x).double() - expected).abs().max() > 1e-3


@pytest.mark.parametrize('scale_pos_embed', [False, True])
@pytest.mark.parametrize('stride', [1, 2])
@pytest.mark.parametrize('use_sdpa', [False, True])
def test_mhsa_equals_timm_bottleneck_attn(scale_pos_embed, stride, use_sdpa):
    torch.manual_seed(0)
    ref = BottleneckAttn(64, feat_size=(6, 8), stride=stride,
                         scale_pos_embed=scale_pos_embed)
    mhsa = BottleneckMHSA(64, feat_size=(6, 8), stride=stride,
                          scale_pos_embed=scale_pos_embed, use_sdpa=use_sdpa)
    mhsa.load_state_dict(ref.state_dict(), strict=True)
    x = torch.randn(2, 64, 6, 8, requires_grad=True)
    out, expected = mhsa(x), ref(x)
    assert (out - expected).abs().max() < 1e-5
    # Same gradients for the input and the relative tables.
    g = torch.randn_like(out)
    gx, gt = torch.autograd.grad(out, (x, mhsa.pos_embed.height_rel), g)
    rx, rt = torch.autograd.grad(expected, (x, ref.pos_embed.height_rel), g)
    assert (gx - rx).abs().max() < 1e-5 and (gt - rt).abs().max() < 1e-5


def test_mhsa_other_size_fails_clearly_or_resizes():
    torch.manual_seed(0)
    mhsa = BottleneckMHSA(32, feat_size=4)
    with pytest.raises(ValueError, match=r'built for 4x4 .*got 6x5.*'
                       r'img_size.*dynamic_size=True'):
        mhsa(torch.randn(1, 32, 6, 5))
    dyn = BottleneckMHSA(32, feat_size=4, dynamic_size=True)
    dyn.load_state_dict(mhsa.state_dict())
    x = torch.randn(2, 32, 4, 4)
    assert torch.equal(dyn(x), mhsa(x))  # no resize at the built size
    # At another size the dynamic module equals a module built for that size
    # whose tables were resized when its weights were loaded.
    big = BottleneckMHSA(32, feat_size=(6, 5))
    big.load_state_dict(mhsa.state_dict())
    assert big.pos_embed.height_rel.shape == (11, 8)
    x = torch.randn(2, 32, 6, 5)
    assert (dyn(x) - big(x)).abs().max() < 1e-6


def test_resize_rel_pos_table_keeps_offset_zero_and_linearity():
    # A table linear in the offset stays linear, offset 0 keeps its row.
    offsets = torch.arange(-3, 4).double()  # L = 4: 7 rows
    table = torch.stack([offsets * 2.0 + 1.0, -offsets], dim=1)
    out = resize_rel_pos_table(table, 11)  # L' = 6
    assert out.shape == (11, 2)
    assert torch.allclose(out[5], table[3])
    slope = (out[1:] - out[:-1])
    interior = slope[1:-1]  # border rows are clamped by the interpolation
    assert torch.allclose(interior, interior[0].expand_as(interior))
    assert torch.equal(resize_rel_pos_table(table, 7), table)


def _timm_botnet26t():
    torch.manual_seed(0)
    model = timm.create_model('botnet26t_256', pretrained=False).eval()
    _randomize_bn(model)
    # timm's head init (std 0.01) gives logits of ~1e-3 spread between
    # images; unit weights make a 1e-4 tolerance meaningful.
    torch.nn.init.normal_(model.head.fc.weight, std=1.0)
    return model


def _mmglm_classifier(arch, num_classes=1000, **backbone):
    return MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(type='BoTNet', arch=arch, **backbone),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(
                type='LinearClsHead',
                num_classes=num_classes,
                in_channels=2048))).eval()


def test_botnet26t_equals_timm_botnet26t_256_logits():
    timm_model = _timm_botnet26t()
    state = converter.convert_timm_botnet(timm_model.state_dict())
    model = _mmglm_classifier('botnet26t', img_size=256)
    assert model.backbone.scale_pos_embed is False  # timm's default
    model.load_state_dict(state, strict=True)
    x = torch.randn(2, 3, 256, 256)
    with torch.no_grad():
        expected = timm_model(x)
        logits = model(x, mode='tensor')
    # Not vacuous: the logits depend on the image far beyond the tolerance.
    assert (expected[0] - expected[1]).abs().max() > 0.1
    assert (logits - expected).abs().max() <= 1e-4
    # With the official scaling the same weights give other logits.
    official = _mmglm_classifier(
        'botnet26t', img_size=256, scale_pos_embed=True)
    official.load_state_dict(state, strict=True)
    with torch.no_grad():
        assert (official(x, mode='tensor') - expected).abs().max() > 1e-3
    # The converter leaves an mmglm checkpoint unchanged.
    assert converter.convert_timm_botnet(state) == state


def test_converter_rejects_unknown_timm_keys():
    with pytest.raises(KeyError, match='final_conv'):
        converter.convert_timm_botnet(
            {'final_conv.conv.weight': torch.zeros(1)})


def test_bot50_parameter_count_matches_spec():
    model = _mmglm_classifier('bot50', img_size=224)
    n = sum(p.numel() for p in model.parameters())
    assert abs(n - 20.85e6) / 20.85e6 < 0.01, n
    # Exactly the spec's derivation from MMPretrain's ResNet-50 + fc:
    # three 3x3 convs (512 -> 512) out, three qkv 1x1 (512 -> 3 * 512) and
    # the tables (2H-1 + 2W-1 rows of 128: 14x14 in block 0, 7x7 after) in.
    r50 = MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(type='ResNet', depth=50),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=1000,
                      in_channels=2048)))
    n_r50 = sum(p.numel() for p in r50.parameters())
    expected = (n_r50 - 3 * 512 * 512 * 9 + 3 * 512 * 1536 +
                (27 + 27) * 128 + 2 * (13 + 13) * 128)
    assert n == expected


def test_bot50_is_resnet50_up_to_c4_and_loads_its_weights():
    torch.manual_seed(0)
    r50 = ResNet(depth=50, out_indices=(0, 1, 2, 3))
    r50.eval()  # ResNet.train returns None
    _randomize_bn(r50)
    bot50 = BoTNet('bot50', img_size=224, out_indices=(0, 1, 2, 3)).eval()
    result = bot50.load_state_dict(r50.state_dict(), strict=False)
    assert sorted(result.unexpected_keys) == [
        f'layer4.{i}.conv2.weight' for i in range(3)
    ]
    assert sorted(result.missing_keys) == sorted(
        f'layer4.{i}.mhsa.{k}' for i in range(3)
        for k in ('qkv.weight', 'pos_embed.height_rel',
                  'pos_embed.width_rel'))
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        ref, out = r50(x), bot50(x)
    for a, b in zip(ref[:3], out[:3]):
        assert torch.equal(a, b)
    # c5: the first BoT block attends at 14x14 (c4) and then pools to 7x7.
    assert bot50.layer4[0].mhsa.feat_size == (14, 14)
    assert [b.mhsa.feat_size for b in bot50.layer4[1:]] == [(7, 7), (7, 7)]
    assert out[3].shape == ref[3].shape == (1, 2048, 7, 7)
    assert not torch.allclose(out[3], ref[3])


def test_botnet_s1_59_layout_and_parameter_count():
    model = _mmglm_classifier('s1-59', img_size=224)
    backbone = model.backbone
    # Stride-1 c5: c4 and c5 at 14x14 (output stride 16).
    backbone.out_indices = (2, 3)
    with torch.no_grad():
        c4, c5 = backbone(torch.randn(1, 3, 224, 224))
    assert c4.shape[-2:] == c5.shape[-2:] == (14, 14)
    blocks = [b for layer in backbone.res_layers
              for b in getattr(backbone, layer)]
    assert len(blocks) == 3 + 4 + 6 + 6
    # SE only in the ResNet blocks, MHSA in all six c5 blocks, SiLU.
    for b in blocks:
        assert b.with_mhsa == (b in backbone.layer4)
        assert isinstance(b.se, SELayer) != b.with_mhsa
        assert isinstance(b.relu, torch.nn.SiLU)
    assert backbone.layer1[0].se.conv1.conv.out_channels == 256 // 16
    # NZ99's count for T3 = S1-59 (the paper's 33.5M over-counts SE).
    n = sum(p.numel() for p in model.parameters())
    assert abs(n - 30.4e6) / 30.4e6 < 0.01, n


def test_backbone_size_check_dynamic_size_and_resize_on_load(tmp_path):
    torch.manual_seed(0)
    cfg = dict(arch='test', stem_channels=16, base_channels=8)
    small = BoTNet(img_size=64, **cfg).eval()
    _randomize_bn(small)
    with pytest.raises(ValueError, match='img_size'):
        small(torch.randn(1, 3, 96, 96))
    dyn = BoTNet(img_size=64, dynamic_size=True, **cfg).eval()
    dyn.load_state_dict(small.state_dict())
    x64, x96 = torch.randn(2, 3, 64, 64), torch.randn(2, 3, 96, 96)
    with torch.no_grad():
        assert torch.equal(dyn(x64)[0], small(x64)[0])
        out96 = dyn(x96)[0]
    # Loading 64 px weights into a 96 px model resizes the tables the same
    # way the dynamic model does on the fly.
    big = BoTNet(img_size=96, **cfg).eval()
    path = tmp_path / 'small.pth'
    torch.save(small.state_dict(), path)
    big.load_state_dict(torch.load(path), strict=True)
    with torch.no_grad():
        assert (big(x96)[0] - out96).abs().max() < 1e-5


def test_odd_feature_sizes_work_at_112px():
    # 112 px: c4 is 7x7; the strided BoT block pools it to 4x4 like the
    # strided 1x1 shortcut (ceil mode).
    model = BoTNet('test', img_size=112, stem_channels=16, base_channels=8,
                   out_indices=(2, 3)).eval()
    with torch.no_grad():
        c4, c5 = model(torch.randn(1, 3, 112, 112))
    assert c4.shape[-2:] == (7, 7) and c5.shape[-2:] == (4, 4)


def test_frozen_stages_and_norm_eval():
    torch.manual_seed(0)
    model = BoTNet('test', img_size=64, stem_channels=16, base_channels=8,
                   frozen_stages=2, norm_eval=True, out_indices=(0, 1, 2, 3))
    _randomize_bn(model)
    model.train()
    frozen = ('stem.', 'layer1.', 'layer2.')
    for name, p in model.named_parameters():
        assert p.requires_grad == (not name.startswith(frozen)), name
    bns = [m for m in model.modules()
           if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    assert bns and not any(m.training for m in bns)
    # With every BN frozen, training-mode outputs equal eval-mode outputs.
    x = torch.randn(2, 3, 64, 64)
    train_out = model(x)
    model.eval()
    with torch.no_grad():
        eval_out = model(x)
    for a, b in zip(train_out, eval_out):
        assert torch.allclose(a, b, atol=1e-6)
    # Gradients reach only the trainable stages.
    train_out[-1].sum().backward()
    assert model.layer1[0].conv1.weight.grad is None
    assert model.layer4[0].mhsa.qkv.weight.grad.abs().sum() > 0


def test_bot_blocks_and_arch_validation():
    with pytest.raises(AssertionError, match='Unknown arch'):
        BoTNet('bot51')
    with pytest.raises(AssertionError, match='mhsa_indices'):
        BoTNet(dict(stage_blocks=(1, 1, 1, 1), strides=(1, 2, 2, 2)))
    custom = BoTNet(
        dict(stage_blocks=(1, 1, 1, 2), mhsa_indices=((), (), (0, ), (1, )),
             strides=(1, 2, 2, 2)), img_size=64, stem_channels=16,
        base_channels=8)
    kinds = [[b.with_mhsa for b in getattr(custom, f'layer{i}')]
             for i in range(1, 5)]
    assert kinds == [[False], [False], [True], [False, True]]
    assert isinstance(custom.layer3[0], BoTBottleneck)


def test_builds_in_mmdet_scope_as_in_the_readme():
    """The README's mmdet backbone dict (``_scope_='mmglm'``, frozen stem +
    stage 1, ``norm_eval``) builds from mmdet's registry: nothing inside may
    need the mmglm scope (mmdet#11205), and the freezing it asks for holds in
    the built detector backbone."""
    from mmdet.registry import MODELS as DET_MODELS
    from mmdet.utils import register_all_modules as register_mmdet
    from mmengine.registry import DefaultScope
    register_mmdet(init_default_scope=False)
    cfg = dict(arch='test', img_size=64, stem_channels=16, base_channels=8,
               out_indices=(0, 1, 2, 3), frozen_stages=1, norm_eval=True)
    torch.manual_seed(0)
    ref = BoTNet(**cfg)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = DET_MODELS.build(dict(type='BoTNet', _scope_='mmglm', **cfg))
    # the same classes module by module and, from the same seed, the same
    # weights as the direct build (no copy)
    assert [(n, type(m)) for n, m in model.named_modules()] == \
        [(n, type(m)) for n, m in ref.named_modules()]
    ref_state = ref.state_dict()
    for key, value in model.state_dict().items():
        assert torch.equal(value, ref_state[key]), key
    # frozen_stages=1: stem and layer1 frozen, the rest trains
    assert model.train() is model
    for name, p in model.named_parameters():
        assert p.requires_grad == (not name.startswith(('stem.', 'layer1.'))
                                   ), name
    # norm_eval: every BN in eval mode, statistics fixed in a train forward
    bns = [m for m in model.modules()
           if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    assert bns and not any(m.training for m in bns)
    stats = [m.running_mean.clone() for m in bns]
    model(torch.randn(2, 3, 64, 64))
    assert all(torch.equal(m.running_mean, s) for m, s in zip(bns, stats))
