# Copyright (c) mmglm contributors. All rights reserved.
"""NesT backbone: values against timm's NesT and hand computations."""

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config

from mmglm.models.backbones.nest import (BlockAggregation, BlockAttention,
                                         NesT, blockify, deblockify)
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.utils import REPO, load_script

timm_nest = pytest.importorskip('timm.models.nest')

register_all_modules()
convert_timm_nest = load_script(
    'tools/model_converters/timm_nest_to_mmglm.py').convert_timm_nest


def _randomise(model: torch.nn.Module, seed: int = 0) -> None:
    """Random values everywhere: biases and norms matter in the check."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.1)
        for m in model.modules():
            if isinstance(m, torch.nn.LayerNorm):
                m.weight.add_(1.)


def _classifier(base: str, **backbone) -> torch.nn.Module:
    cfg = Config.fromfile(str(REPO / 'configs/_base_/models/nest' / base))
    cfg.model.backbone.update(backbone)
    cfg.model.pop('train_cfg')
    return MODELS.build(cfg.model).eval()


def _small_timm(pad_type: str) -> torch.nn.Module:
    return timm_nest.Nest(
        img_size=64, num_levels=3, embed_dims=(16, 32, 64),
        num_heads=(2, 4, 8), depths=(1, 1, 1), num_classes=5,
        drop_path_rate=0., pad_type=pad_type).eval()


def _small_mmglm(padding: str, **kwargs) -> torch.nn.Module:
    cfg = dict(
        type='ImageClassifier',
        backbone=dict(type='NesT', arch='test', padding=padding, **kwargs),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=5, in_channels=64))
    return MODELS.build(cfg).eval()


@pytest.mark.slow
def test_nest_tiny_matches_timm_nest_tiny_jx():
    """Acceptance: NesT-T via the converter == timm nest_tiny_jx (<= 1e-4)."""
    import timm
    torch.manual_seed(0)
    ref = timm.create_model('nest_tiny_jx', pretrained=False).eval()
    _randomise(ref)
    model = _classifier('tiny_224.py', padding='same')
    model.load_state_dict(convert_timm_nest(ref.state_dict()), strict=True)
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        diff = (model(x, mode='tensor') - ref(x)).abs().max().item()
    assert diff <= 1e-4, diff


@pytest.mark.parametrize('padding,pad_type', [('same', 'same'),
                                              ('symmetric', '')])
def test_small_nest_matches_timm_logits_and_levels(padding, pad_type):
    torch.manual_seed(0)
    ref = _small_timm(pad_type)
    _randomise(ref, seed=1)
    model = _small_mmglm(padding, out_indices=(0, 1, 2))
    model.load_state_dict(convert_timm_nest(ref.state_dict(), head_dims=8),
                          strict=True)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        feats = model.backbone(x)
        final, inter = ref.forward_intermediates(x)
        logits = model.head(model.neck(feats[-1:]))
    assert len(feats) == 3
    for ours, theirs in zip(feats[:2], inter[:2]):
        assert (ours - theirs).abs().max() <= 1e-5
    assert (feats[2] - final).abs().max() <= 1e-5  # final norm included
    assert (logits - ref(x)).abs().max() <= 1e-5


def test_same_and_symmetric_padding_give_different_models():
    torch.manual_seed(0)
    same = _small_mmglm('same')
    sym = _small_mmglm('symmetric')
    sym.load_state_dict(same.state_dict())
    _randomise(same)
    sym.load_state_dict(same.state_dict())
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert (same(x, mode='tensor') - sym(x, mode='tensor')).abs().max() \
            > 1e-3


def _tf_same_maxpool_reference(x: torch.Tensor) -> torch.Tensor:
    """3x3 / stride 2 max-pool with TF SAME padding, by loops."""
    n_h, n_w = x.shape[-2:]
    out_h, out_w = -(-n_h // 2), -(-n_w // 2)  # ceil
    # TF: pad_total = max((out - 1) * stride + k - n, 0), before = total // 2
    before_h = max((out_h - 1) * 2 + 3 - n_h, 0) // 2
    before_w = max((out_w - 1) * 2 + 3 - n_w, 0) // 2
    out = torch.empty(*x.shape[:-2], out_h, out_w)
    for i in range(out_h):
        for j in range(out_w):
            r0, c0 = 2 * i - before_h, 2 * j - before_w
            rows = [r for r in range(r0, r0 + 3) if 0 <= r < n_h]
            cols = [c for c in range(c0, c0 + 3) if 0 <= c < n_w]
            out[..., i, j] = x[..., rows, :][..., cols].amax((-2, -1))
    return out


@pytest.mark.parametrize('size,pad', [(6, (0, 1)), (7, (1, 1))])
def test_block_aggregation_pool_matches_tf_same(size, pad):
    """Acceptance: SAME pool on an even (6) and an odd (7) map.

    Even: TF pads 0 before and 1 after; odd: 1 and 1. The values are all
    negative, so padding with zeros instead of -inf would show.
    """
    torch.manual_seed(0)
    agg = BlockAggregation(4, 4, padding='same')
    x = -torch.rand(2, 4, size, size) - 0.1
    ref = _tf_same_maxpool_reference(x)
    assert (agg.pool(x) - ref).abs().max() == 0
    # The explicit pads of this case (hand-computed in the parametrisation).
    before, after = pad
    manual = F.max_pool2d(
        F.pad(x, (before, after, before, after), value=float('-inf')), 3, 2)
    assert torch.equal(manual, ref)
    # Symmetric padding is PyTorch's padding=1; on the even map it differs.
    sym = BlockAggregation(4, 4, padding='symmetric')
    assert torch.equal(sym.pool(x), F.max_pool2d(x, 3, 2, padding=1))
    if size % 2 == 0:
        assert not torch.equal(sym.pool(x), ref)


def test_block_aggregation_full_by_hand():
    """Conv 3x3 (SAME = pad 1) -> LayerNorm over channels -> SAME pool."""
    torch.manual_seed(0)
    agg = BlockAggregation(3, 5, padding='same')
    with torch.no_grad():
        agg.norm.weight.normal_()
        agg.norm.bias.normal_()
    x = torch.randn(1, 3, 8, 8)
    y = F.conv2d(F.pad(x, (1, 1, 1, 1)), agg.conv.weight, agg.conv.bias)
    mu = y.mean(1, keepdim=True)
    var = y.var(1, unbiased=False, keepdim=True)
    y = (y - mu) / torch.sqrt(var + 1e-6)
    y = y * agg.norm.weight[:, None, None] + agg.norm.bias[:, None, None]
    ref = _tf_same_maxpool_reference(y)
    with torch.no_grad():
        assert (agg(x) - ref).abs().max() < 1e-5


def test_multi_query_attention_by_hand():
    """JAX MultiQueryAttention: H query heads, one shared key/value head."""
    torch.manual_seed(0)
    attn = BlockAttention(12, num_heads=3, multi_query=True).eval()
    x = torch.randn(2, 4, 5, 12)  # (B, T, N, C)
    q = attn.q(x).reshape(2, 4, 5, 3, 4)  # (B, T, N, H, d)
    k, v = attn.kv(x).split(4, dim=-1)  # (B, T, N, d) each
    logits = torch.einsum('btlhd,btmd->bthlm', q / 2., k)  # sqrt(d) = 2
    out = torch.einsum('bthlm,btmd->btlhd', logits.softmax(-1), v)
    ref = attn.proj(out.reshape(2, 4, 5, 12))
    with torch.no_grad():
        assert (attn(x) - ref).abs().max() < 1e-5
    assert attn.kv.weight.shape == (8, 12)  # 2 * head_dims


def test_cifar_arch_structure_and_forward():
    model = NesT('cifar-tiny', out_indices=(0, 1, 2, 3)).eval()
    assert [lv.pos_embed.shape[1:3] for lv in model.levels] == \
        [(64, 16), (16, 16), (4, 16), (1, 16)]
    assert model.levels[0].layers[0].attn.multi_query
    n_params = sum(p.numel() for p in model.parameters())
    # 4 levels x 3 layers of width 192 with MQA, 3 aggregations, embed, norm.
    per_layer = (192 * 192 + 192) + (192 * 128 + 128) + (192 * 192 + 192) + \
        2 * (192 * 768) + 768 + 192 + 4 * 192
    agg = 192 * 192 * 9 + 192 + 2 * 192
    pos = (64 + 16 + 4 + 1) * 16 * 192
    expected = 12 * per_layer + 3 * agg + pos + (3 * 192 + 192) + 2 * 192
    assert n_params == expected
    with torch.no_grad():
        outs = model(torch.randn(1, 3, 32, 32))
    assert [tuple(o.shape[-2:]) for o in outs] == [(32, 32), (16, 16),
                                                   (8, 8), (4, 4)]


def test_blockify_roundtrip_and_layout():
    x = torch.arange(2 * 4 * 6 * 3.).reshape(2, 4, 6, 3)
    blocks = blockify(x, (2, 3))  # grid 2x2 of 2x3 blocks
    assert blocks.shape == (2, 4, 6, 3)
    # Block 1 (row 0, col 1) holds rows 0-1, cols 3-5, row-major.
    assert torch.equal(blocks[0, 1], x[0, 0:2, 3:6].reshape(6, 3))
    assert torch.equal(deblockify(blocks, (2, 2), (2, 3)), x)


def test_pos_embed_resize_matches_timm_rule_and_other_sizes_run():
    """Other input sizes keep the block grid; pos-embeds follow timm's rule.
    """
    torch.manual_seed(0)
    small = NesT('test', img_size=64).eval()
    small.init_weights()
    big = NesT('test', img_size=96).eval()
    # Loading a 64-px checkpoint into a 96-px model resizes the embeddings.
    big.load_state_dict(small.state_dict())
    for lv_small, lv_big in zip(small.levels, big.levels):
        ref = timm_nest.resize_pos_embed(lv_small.pos_embed.data,
                                         lv_big.pos_embed.data)
        assert (lv_big.pos_embed - ref).abs().max() < 1e-6
    # The 64-px model run at 96 px resizes on the fly: same numbers.
    x = torch.randn(1, 3, 96, 96)
    with torch.no_grad():
        assert (small(x)[0] - big(x)[0]).abs().max() < 1e-5
        # Non-square inputs work too (blocks become rectangular).
        out = small(torch.randn(1, 3, 64, 112))[0]
    assert out.shape == (1, 64, 4, 7)


def test_bad_input_size_raises_clear_error():
    model = NesT('test')
    with pytest.raises(ValueError, match='multiples of 16'):
        model(torch.randn(1, 3, 72, 64))
    with pytest.raises(ValueError, match='multiples of 8'):
        NesT('cifar-tiny', img_size=36)


def test_frozen_stages():
    model = NesT('test', frozen_stages=1, out_indices=(0, 1, 2))
    model.train()
    frozen = [model.patch_embed, model.levels[0]]
    for m in frozen:
        assert all(not p.requires_grad for p in m.parameters())
        assert all(not sub.training for sub in m.modules())
    assert all(p.requires_grad for p in model.levels[1].parameters())
    assert model.levels[1].training
    outs = model(torch.randn(1, 3, 64, 64))
    sum(o.sum() for o in outs).backward()
    assert all(p.grad is None for m in frozen for p in m.parameters())
    assert model.levels[1].pool.conv.weight.grad is not None


def test_init_weights_and_pretrained_skip(tmp_path):
    torch.manual_seed(0)
    model = NesT('test')
    assert all(lv.pos_embed.abs().sum() == 0 for lv in model.levels)
    model.init_weights()
    for lv in model.levels:
        assert 0.015 < lv.pos_embed.std().item() < 0.025
    qkv = model.levels[2].layers[0].attn.qkv
    assert 0.015 < qkv.weight.std().item() < 0.025
    assert qkv.bias.abs().sum() == 0
    # With a Pretrained init_cfg the checkpoint's values stay.
    ckpt = tmp_path / 'nest.pth'
    torch.save(model.state_dict(), ckpt)
    loaded = NesT(
        'test', init_cfg=dict(type='Pretrained', checkpoint=str(ckpt)))
    loaded.init_weights()
    for a, b in zip(loaded.state_dict().values(),
                    model.state_dict().values()):
        assert torch.equal(a, b)


def test_converter_passes_mmglm_layout_and_rejects_unknown_keys():
    sd = {'backbone.levels.0.pos_embed': torch.zeros(1)}
    assert convert_timm_nest(sd) == sd
    with pytest.raises(KeyError, match='unexpected'):
        convert_timm_nest({'foo.bar': torch.zeros(1)})
    ref = _small_timm('same')
    no_head = convert_timm_nest(
        ref.state_dict(), with_head=False, head_dims=8)
    assert not any(k.startswith('head') for k in no_head)


def test_nest_as_mmdet_backbone():
    """Acceptance: NesT inside mmdet (RetinaNet) via _scope_='mmglm'.

    The multi-level features of the mmdet-built backbone equal timm's
    ``forward_intermediates`` with the same weights, and mmdet's FPN consumes
    them.
    """
    pytest.importorskip('mmdet')
    from mmdet.registry import MODELS as MMDET_MODELS
    from mmdet.utils import register_all_modules as mmdet_register
    from mmengine.registry import DefaultScope
    mmdet_register(init_default_scope=False)
    torch.manual_seed(0)
    cfg = dict(
        type='RetinaNet',
        data_preprocessor=dict(
            type='DetDataPreprocessor', mean=[0, 0, 0], std=[1, 1, 1],
            pad_size_divisor=16),
        backbone=dict(
            _scope_='mmglm', type='NesT', arch='test', out_indices=(0, 1, 2),
            frozen_stages=1),
        neck=dict(
            type='FPN', in_channels=[16, 32, 64], out_channels=32,
            start_level=0, add_extra_convs='on_input', num_outs=4),
        bbox_head=dict(
            type='RetinaHead', num_classes=3, in_channels=32,
            stacked_convs=1, feat_channels=32,
            anchor_generator=dict(
                type='AnchorGenerator', octave_base_scale=4,
                scales_per_octave=1, ratios=[1.0], strides=[4, 8, 16, 32]),
            bbox_coder=dict(
                type='DeltaXYWHBBoxCoder', target_means=[0., 0., 0., 0.],
                target_stds=[1.0, 1.0, 1.0, 1.0]),
            loss_cls=dict(
                type='FocalLoss', use_sigmoid=True, gamma=2.0, alpha=0.25,
                loss_weight=1.0),
            loss_bbox=dict(type='L1Loss', loss_weight=1.0)),
        test_cfg=dict(
            nms_pre=100, min_bbox_size=0, score_thr=0.05,
            nms=dict(type='nms', iou_threshold=0.5), max_per_img=10))
    with DefaultScope.overwrite_default_scope('mmdet'):
        detector = MMDET_MODELS.build(cfg).eval()
    assert type(detector.backbone) is NesT
    ref = timm_nest.Nest(
        img_size=64, num_levels=3, embed_dims=(16, 32, 64),
        num_heads=(2, 4, 8), depths=(1, 1, 1), num_classes=0,
        pad_type='same').eval()
    _randomise(ref, seed=2)
    sd = {
        k[len('backbone.'):]: v
        for k, v in convert_timm_nest(ref.state_dict(), head_dims=8).items()
    }
    detector.backbone.load_state_dict(sd, strict=True)
    x = torch.randn(1, 3, 64, 96)  # non-square, as detection inputs are
    with torch.no_grad():
        feats = detector.backbone(x)
        fpn = detector.extract_feat(x)
        cls_scores, _ = detector.bbox_head(fpn)
    assert [tuple(f.shape[1:]) for f in feats] == [(16, 16, 24),
                                                    (32, 8, 12), (64, 4, 6)]
    assert len(fpn) == 4 and fpn[0].shape[-2:] == (16, 24)
    assert all(torch.isfinite(s).all() for s in cls_scores)
    # Values on a square input, where timm runs too.
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        feats = detector.backbone(x)
        final, inter = ref.forward_intermediates(x)
    for ours, theirs in zip(feats, inter[:2] + [final]):
        assert (ours - theirs).abs().max() <= 1e-5
    # frozen_stages=1 kept its meaning inside the detector.
    detector.train()
    assert not detector.backbone.levels[0].training
    assert not any(p.requires_grad
                   for p in detector.backbone.levels[0].parameters())


def test_with_cp_drop_rates_and_eval_determinism():
    """with_cp changes memory, not values; dropouts are off in eval mode;
    drop-path rates rise linearly over all layers of all levels (JAX)."""
    torch.manual_seed(0)
    kwargs = dict(arch='test', out_indices=(0, 1, 2))
    plain = NesT(**kwargs)
    plain.init_weights()
    cp = NesT(with_cp=True, **kwargs)
    cp.load_state_dict(plain.state_dict())
    x = torch.randn(2, 3, 64, 64)
    outs = [m(x) for m in (plain, cp)]
    for a, b in zip(*outs):
        assert torch.equal(a, b)
    grads = []
    for m, o in zip((plain, cp), outs):
        sum(t.square().sum() for t in o).backward()
        grads.append(m.levels[0].layers[0].attn.qkv.weight.grad)
    assert torch.allclose(grads[0], grads[1], atol=1e-6)

    drop = NesT(drop_rate=0.3, attn_drop_rate=0.3, drop_path_rate=0.3,
                **kwargs)
    drop.load_state_dict(plain.state_dict())
    plain.eval(), drop.eval()
    with torch.no_grad():
        for a, b in zip(plain(x), drop(x)):
            assert torch.equal(a, b)
    rates = [
        getattr(layer.drop_path, 'drop_prob', 0.) for lv in drop.levels
        for layer in lv.layers
    ]
    assert rates == pytest.approx([0., 0.15, 0.3])
    drop.train()
    with torch.no_grad():
        assert not torch.equal(drop(x)[-1], drop(x)[-1])
