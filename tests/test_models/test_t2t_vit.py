"""T2T-ViT: values against hand formulas, mmpretrain and the official layout.

- The attention and the performer equal their formulas computed by hand.
- mmglm's T2T-ViT_t-14 equals mmpretrain 1.2.0's ``T2T_ViT`` with the same
  weights once mmpretrain's ``qk_scale`` bug is corrected inside the test
  (monkeypatch), and differs from the unpatched one.
- A checkpoint in the official yitu-opensource/T2T-ViT layout, converted by
  tools/model_converters/t2t_vit_to_mmglm.py, gives the logits of a forward
  written here from the official formulas (``qk_scale = D ** -0.5``).
"""
import math
from functools import partial

import pytest
import torch
import torch.nn.functional as F
from mmpretrain.models.backbones import T2T_ViT
from mmpretrain.models.utils import MultiheadAttention

from mmglm.models.backbones.t2t_vit import (T2TModule, T2TTransformerLayer,
                                            T2TViT)
from mmglm.models.utils import PerformerAttention, QKScaleMultiheadAttention
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.utils import load_script

register_all_modules()


def _load_tool(name):
    return load_script(f'tools/model_converters/{name}.py')


def _randomize_(module, std=0.05):
    """Perturb every parameter (LN weights too), so no value is special."""
    torch.manual_seed(1)
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.randn_like(p) * std)
    return module


def _attn_by_hand(x, w_qkv, b_qkv, w_p, b_p, heads, scale, v_skip):
    """softmax(q k^T * scale) v, projected, written out per head."""
    B, N, _ = x.shape
    qkv = x @ w_qkv.t() + (0 if b_qkv is None else b_qkv)
    q, k, v = qkv.chunk(3, dim=-1)
    d = q.shape[-1] // heads
    outs = []
    for h in range(heads):
        qh, kh, vh = (t[..., h * d:(h + 1) * d] for t in (q, k, v))
        logits = torch.einsum('bnd,bmd->bnm', qh, kh) * scale
        outs.append(torch.softmax(logits, dim=-1) @ vh)
    out = torch.cat(outs, dim=-1) @ w_p.t() + b_p
    return v + out if v_skip else out


@pytest.mark.parametrize('input_dims,embed_dims,heads,scale,v_skip', [
    (147, 64, 1, 147**-0.5, True),  # token transformer 1 (s = 147^-0.5)
    (48, 48, 6, 48**-0.5, False),  # block with official qk_scale D^-0.5
    (48, 48, 6, None, False),  # block with the default head_dims^-0.5
])
def test_attention_equals_hand_formula(input_dims, embed_dims, heads, scale,
                                       v_skip):
    torch.manual_seed(0)
    attn = QKScaleMultiheadAttention(
        embed_dims, heads, input_dims=input_dims, qkv_bias=False,
        qk_scale=scale, v_shortcut=v_skip).eval()
    x = torch.randn(2, 10, input_dims) * 2
    ref = _attn_by_hand(x, attn.qkv.weight, None, attn.proj.weight,
                        attn.proj.bias, heads,
                        scale or (embed_dims // heads)**-0.5, v_skip)
    torch.testing.assert_close(attn(x), ref, rtol=0, atol=1e-5)
    # a wrong scale would be visible at this input magnitude
    wrong = _attn_by_hand(x, attn.qkv.weight, None, attn.proj.weight,
                          attn.proj.bias, heads, 1.0, v_skip)
    assert (attn(x) - wrong).abs().max() > 1e-2


def test_token_transformer_layer_by_hand():
    """x = v + attn(LN(x)) with s = input_dims^-0.5; x + MLP(LN(x))."""
    torch.manual_seed(0)
    layer = _randomize_(
        T2TTransformerLayer(
            embed_dims=16, num_heads=1, feedforward_channels=16,
            input_dims=27)).eval()
    assert layer.attn.scale == pytest.approx(27**-0.5)
    x = torch.randn(2, 12, 27)
    y = F.layer_norm(x, (27, ), layer.ln1.weight, layer.ln1.bias)
    y = _attn_by_hand(y, layer.attn.qkv.weight, None, layer.attn.proj.weight,
                      layer.attn.proj.bias, 1, 27**-0.5, True)
    fc1, fc2 = layer.ffn.layers[0][0], layer.ffn.layers[1]
    z = F.layer_norm(y, (16, ), layer.ln2.weight, layer.ln2.bias)
    ref = y + fc2(F.gelu(fc1(z)))
    torch.testing.assert_close(layer(x), ref, rtol=0, atol=1e-5)


def test_performer_equals_quadratic_form():
    """Linear-time performer == its quadratic kernel form, k/q/v order."""
    torch.manual_seed(0)
    attn = PerformerAttention(input_dims=27, embed_dims=16).eval()
    m = attn.num_features
    assert m == 8
    # w: orthogonal rows of norm sqrt(m), a frozen buffer in the state dict
    torch.testing.assert_close(attn.w @ attn.w.t(), m * torch.eye(m),
                               rtol=0, atol=1e-4)
    assert 'w' in attn.state_dict() and not any(
        p is attn.w for p in attn.parameters())

    x = torch.randn(2, 12, 27) * 0.5
    kqv = x @ attn.kqv.weight.t() + attn.kqv.bias
    k, q, v = kqv[..., :16], kqv[..., 16:32], kqv[..., 32:]

    def phi(t):
        return torch.exp(t @ attn.w.t() - (t * t).sum(-1, keepdim=True) / 2
                         ) / math.sqrt(m)

    kernel = phi(q) @ phi(k).transpose(1, 2)  # (B, T, T), all positive
    y = (kernel @ v) / (kernel.sum(-1, keepdim=True) + 1e-8)
    ref = v + y @ attn.proj.weight.t() + attn.proj.bias
    torch.testing.assert_close(attn(x), ref, rtol=1e-5, atol=1e-5)


def test_mmpretrain_attention_ignores_qk_scale():
    """The upstream bug this module works around (mmpretrain 1.2.0): with
    ``qk_scale`` given, the logits are multiplied by sqrt(head_dims) instead.
    If this test fails, mmpretrain has changed; revisit the README."""
    torch.manual_seed(0)
    ref = MultiheadAttention(embed_dims=128, num_heads=2, qk_scale=0.125)
    ref.eval()
    x = torch.randn(2, 10, 128)
    args = (x, ref.qkv.weight, ref.qkv.bias, ref.proj.weight, ref.proj.bias,
            2)
    with torch.no_grad():
        out = ref(x)
        correct = _attn_by_hand(*args, 0.125, False)
        as_bugged = _attn_by_hand(*args, 64**0.5, False)
    torch.testing.assert_close(out, as_bugged, rtol=0, atol=1e-5)
    assert (out - correct).abs().max() > 0.1


def _fix_mmpretrain_qk_scale(monkeypatch):
    """Make mmpretrain's MultiheadAttention use the qk_scale it is given."""
    original = MultiheadAttention.__init__

    def init(self, *args, qk_scale=None, **kwargs):
        original(self, *args, qk_scale=qk_scale, **kwargs)
        if qk_scale is not None:
            # mmpretrain 1.2.0 puts partial(pyimpl, scale=head_dims**-0.5)
            # here, and pyimpl *divides* the logits by `scale`.
            self.scaled_dot_product_attention = partial(
                F.scaled_dot_product_attention, scale=qk_scale)

    monkeypatch.setattr(MultiheadAttention, '__init__', init)


def _mmpretrain_t14(qk_scale=None, img_size=64):
    layer_cfgs = dict(num_heads=6, feedforward_channels=3 * 384)
    if qk_scale is not None:
        layer_cfgs['qk_scale'] = qk_scale
    model = T2T_ViT(
        img_size=img_size, embed_dims=384, num_layers=14,
        t2t_cfg=dict(token_dims=64, use_performer=False),
        layer_cfgs=layer_cfgs)
    model.eval()
    return model


@pytest.mark.parametrize('qk_scale', [None, 384**-0.5])
def test_t14_equals_mmpretrain_with_scale_fixed(monkeypatch, qk_scale):
    torch.manual_seed(0)
    # 64 px keeps the test fast: T2T grids 16x16 -> 8x8 -> 4x4 tokens.
    ours = T2TViT(arch='t-14', img_size=64, qk_scale=qk_scale,
                  out_type='raw')
    _randomize_(ours, std=0.02)
    assert ours.eval() is ours  # unlike mmpretrain's BaseBackbone
    state = ours.state_dict()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        out = ours(x)[0]

        buggy = _mmpretrain_t14(qk_scale)
        buggy.out_type = 'raw'
        buggy.load_state_dict(state, strict=True)  # same layout
        diff_buggy = (buggy(x)[0] - out).abs().max().item()

        _fix_mmpretrain_qk_scale(monkeypatch)
        fixed = _mmpretrain_t14(qk_scale)
        fixed.out_type = 'raw'
        fixed.load_state_dict(state, strict=True)
        diff_fixed = (fixed(x)[0] - out).abs().max().item()
    assert diff_fixed < 1e-4, diff_fixed
    assert diff_buggy > 0.1, diff_buggy


def test_mmpretrain_checkpoint_converter(tmp_path):
    """An mmpretrain T2T_ViT classifier checkpoint loads strictly."""
    tool = _load_tool('t2t_vit_to_mmglm')
    cls_cfg = dict(
        type='ImageClassifier',
        backbone=dict(type='T2TViT', arch='t-14', img_size=64),
        head=dict(type='VisionTransformerClsHead', num_classes=5,
                  in_channels=384))
    ref = MODELS.build(
        dict(cls_cfg, backbone=dict(type='T2T_ViT', img_size=64,
                                    embed_dims=384, num_layers=14)))
    ours = MODELS.build(cls_cfg)
    converted = tool.convert_mmpretrain(ref.state_dict())
    assert not any(k.startswith('data_preprocessor') for k in converted)
    ours.load_state_dict(converted, strict=True)
    for k, v in ref.state_dict().items():
        if k in converted:
            assert torch.equal(ours.state_dict()[k], v), k
    with pytest.raises(KeyError):
        tool.convert_mmpretrain({'backbone.blocks.0.norm1.weight': 0})


# ---------------------------------------------------------------------------
# The official layout, and a forward written from the official formulas.


def _official_state_dict(tokens_type, dims, depth, ratio, token_dim=64,
                         num_classes=10, img=64):
    """Random tensors under the official key names and shapes."""
    g = torch.Generator().manual_seed(0)

    def r(*shape, std=0.05):
        return torch.randn(*shape, generator=g) * std

    sd = {}
    t2t = 'module.tokens_to_token.'
    for i, din in ((1, 3 * 49), (2, token_dim * 9)):
        p = f'{t2t}attention{i}.'
        for n, c in (('norm1', din), ('norm2', token_dim)):
            sd[p + n + '.weight'] = 1 + r(c)
            sd[p + n + '.bias'] = r(c)
        if tokens_type == 'performer':
            sd[p + 'kqv.weight'], sd[p + 'kqv.bias'] = r(
                3 * token_dim, din), r(3 * token_dim)
            sd[p + 'proj.weight'], sd[p + 'proj.bias'] = r(
                token_dim, token_dim), r(token_dim)
            w = torch.linalg.qr(torch.randn(token_dim, token_dim,
                                            generator=g))[0][:token_dim // 2]
            sd[p + 'w'] = w * math.sqrt(token_dim // 2)
            mlp = ('mlp.0', 'mlp.2')
        else:
            sd[p + 'attn.qkv.weight'] = r(3 * token_dim, din)
            sd[p + 'attn.proj.weight'], sd[p + 'attn.proj.bias'] = r(
                token_dim, token_dim), r(token_dim)
            mlp = ('mlp.fc1', 'mlp.fc2')
        for n in mlp:
            sd[f'{p}{n}.weight'] = r(token_dim, token_dim)
            sd[f'{p}{n}.bias'] = r(token_dim)
    sd[t2t + 'project.weight'] = r(dims, token_dim * 9)
    sd[t2t + 'project.bias'] = r(dims)
    sd['module.cls_token'] = r(1, 1, dims, std=0.02)
    from mmpretrain.models.backbones.t2t_vit import get_sinusoid_encoding
    sd['module.pos_embed'] = get_sinusoid_encoding((img // 16)**2 + 1, dims)
    for i in range(depth):
        p = f'module.blocks.{i}.'
        for n in ('norm1', 'norm2'):
            sd[p + n + '.weight'], sd[p + n + '.bias'] = 1 + r(dims), r(dims)
        sd[p + 'attn.qkv.weight'] = r(3 * dims, dims)
        sd[p + 'attn.proj.weight'], sd[p + 'attn.proj.bias'] = r(
            dims, dims), r(dims)
        sd[p + 'mlp.fc1.weight'], sd[p + 'mlp.fc1.bias'] = r(
            ratio * dims, dims), r(ratio * dims)
        sd[p + 'mlp.fc2.weight'], sd[p + 'mlp.fc2.bias'] = r(
            dims, ratio * dims), r(dims)
    sd['module.norm.weight'], sd['module.norm.bias'] = 1 + r(dims), r(dims)
    sd['module.head.weight'], sd['module.head.bias'] = r(num_classes,
                                                         dims), r(num_classes)
    return sd


def _official_forward(sd, x, tokens_type, heads, qk_scale):
    """The official T2T-ViT forward, functional, from the spec formulas."""
    sd = {k[len('module.'):]: v for k, v in sd.items()}

    def ln(t, p):
        return F.layer_norm(t, t.shape[-1:], sd[p + '.weight'],
                            sd[p + '.bias'])

    def lin(t, p):
        return F.linear(t, sd[p + '.weight'], sd.get(p + '.bias'))

    def token_layer(t, p):
        t = ln(t, p + 'norm1')
        if tokens_type == 'performer':
            e = sd[p + 'proj.weight'].shape[0]
            k, q, v = lin(t, p + 'kqv').split(e, dim=-1)
            w = sd[p + 'w']

            def prm(u):
                return torch.exp(u @ w.t() - (u * u).sum(-1, True) / 2
                                 ) / math.sqrt(w.shape[0])

            kp, qp = prm(k), prm(q)
            num = qp @ (kp.transpose(1, 2) @ v)
            y = v + lin(num / (qp @ kp.sum(1, True).transpose(1, 2) + 1e-8),
                        p + 'proj')
            return y + lin(F.gelu(lin(ln(y, p + 'norm2'), p + 'mlp.0')),
                           p + 'mlp.2')
        q, k, v = lin(t, p + 'attn.qkv').chunk(3, dim=-1)
        a = torch.softmax((q * t.shape[-1]**-0.5) @ k.transpose(1, 2), -1)
        y = v + lin(a @ v, p + 'attn.proj')
        return y + lin(F.gelu(lin(ln(y, p + 'norm2'), p + 'mlp.fc1')),
                       p + 'mlp.fc2')

    B = x.shape[0]
    t = F.unfold(x, 7, stride=4, padding=2).transpose(1, 2)
    for i in (1, 2):
        t = token_layer(t, f'tokens_to_token.attention{i}.')
        s = int(t.shape[1]**0.5)
        t = F.unfold(t.transpose(1, 2).reshape(B, -1, s, s), 3, stride=2,
                     padding=1).transpose(1, 2)
    t = lin(t, 'tokens_to_token.project')
    t = torch.cat([sd['cls_token'].expand(B, -1, -1), t], 1) + sd['pos_embed']
    depth = len({k.split('.')[1] for k in sd if k.startswith('blocks.')})
    for i in range(depth):
        p = f'blocks.{i}.'
        n, d = t.shape[1], t.shape[2]
        qkv = lin(ln(t, p + 'norm1'), p + 'attn.qkv').reshape(
            B, n, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
        a = torch.softmax(qkv[0] @ qkv[1].transpose(-1, -2) * qk_scale, -1)
        t = t + lin((a @ qkv[2]).transpose(1, 2).reshape(B, n, d),
                    p + 'attn.proj')
        t = t + lin(F.gelu(lin(ln(t, p + 'norm2'), p + 'mlp.fc1')),
                    p + 'mlp.fc2')
    return lin(ln(t, 'norm')[:, 0], 'head')


@pytest.mark.parametrize('tokens_type', ['performer', 'transformer'])
def test_official_converter_reproduces_official_logits(tokens_type):
    tool = _load_tool('t2t_vit_to_mmglm')
    dims, depth, heads, ratio = 48, 2, 3, 3
    sd = _official_state_dict(tokens_type, dims, depth, ratio)
    model = MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(
                type='T2TViT',
                arch=dict(
                    embed_dims=dims, num_layers=depth, num_heads=heads,
                    feedforward_channels=ratio * dims, t2t_type=tokens_type),
                img_size=64,
                qk_scale=dims**-0.5),  # released weights: D ** -0.5
            head=dict(type='VisionTransformerClsHead', num_classes=10,
                      in_channels=dims))).eval()
    model.load_state_dict(tool.convert_official(sd), strict=True)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        ours = model(x, mode='tensor')
        ref = _official_forward(sd, x, tokens_type, heads, dims**-0.5)
        default_scale = _official_forward(sd, x, tokens_type, heads,
                                          (dims // heads)**-0.5)
    torch.testing.assert_close(ours, ref, rtol=0, atol=1e-4)
    # the scale matters at these weights: the test can see a wrong one
    assert (ours - default_scale).abs().max() > 1e-3


def test_t2t_module_grid_and_unfold_order():
    """Non-square input: grid per unfold; first tokens are (c, kh, kw)."""
    module = T2TModule(embed_dims=32, token_dims=16, t2t_type='transformer')
    x = torch.randn(1, 3, 96, 64)
    tokens, hw = module(x)
    assert hw == (6, 4) and tokens.shape == (1, 24, 32)
    patch = F.pad(x, (2, 2, 2, 2))[0, :, :7, :7]  # first 7x7 window
    first = module.soft_split0(x)[0, :, 0]
    torch.testing.assert_close(first, patch.reshape(-1))


def test_pos_embed_is_the_fixed_sinusoid_table_and_resizes_on_load():
    from mmpretrain.models.backbones.t2t_vit import get_sinusoid_encoding
    model = T2TViT(arch='tiny', img_size=64)
    assert 'pos_embed' in model.state_dict()
    assert not any(n == 'pos_embed' for n, _ in model.named_parameters())
    torch.testing.assert_close(model.pos_embed, get_sinusoid_encoding(17, 32))
    state = model.state_dict()
    big = T2TViT(arch='tiny', img_size=96)
    big.load_state_dict(state)
    grid = state['pos_embed'][:, 1:].reshape(1, 4, 4, 32).permute(0, 3, 1, 2)
    ref = F.interpolate(grid, size=(6, 6), mode='bicubic',
                        align_corners=False).flatten(2).transpose(1, 2)
    torch.testing.assert_close(big.pos_embed[:, 1:], ref)
    torch.testing.assert_close(big.pos_embed[:, :1], state['pos_embed'][:, :1])


@pytest.mark.parametrize('arch,official_m,mmpretrain_m', [
    ('7', 4.3, None),
    ('10', 5.9, None),
    ('12', 6.9, None),
    ('14', 21.5, None),
    ('19', 39.2, None),
    ('24', 64.1, None),
    ('t-14', 21.5, 21.47),
    ('t-19', 39.2, 39.08),
    ('t-24', 64.1, 64.00),
])
def test_parameter_counts_match_published(arch, official_m, mmpretrain_m):
    """1000-class head. The official README counts the frozen pos_embed and
    performer ``w`` (Parameters there, buffers here); mmpretrain's metafile
    counts trainable parameters only."""
    with torch.device('meta'):  # counts only: skip the init work
        backbone = T2TViT(arch=arch)
    dims = backbone.embed_dims
    trainable = sum(p.numel() for p in backbone.parameters()) + \
        dims * 1000 + 1000
    frozen = sum(b.numel() for b in backbone.buffers())
    assert round((trainable + frozen) / 1e6, 1) == official_m
    if mmpretrain_m is not None:
        assert round(trainable / 1e6, 2) == mmpretrain_m


@pytest.mark.parametrize('frozen', [0, 1, 2])
def test_frozen_stages_keep_weights_and_eval_mode(frozen):
    """A training step moves only the unfrozen blocks; frozen parts stay in
    eval mode (their dropout off), as mmpretrain's VisionTransformer."""
    torch.manual_seed(0)
    model = T2TViT('tiny', img_size=32, drop_rate=0.5, frozen_stages=frozen)
    model.init_weights()
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    # a head that always trains, so that fully frozen backbones step too
    head = torch.nn.Linear(model.embed_dims, 1)
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(trainable + list(head.parameters()), lr=1.)
    head(model(torch.randn(2, 3, 32, 32))[0]).square().sum().backward()
    opt.step()
    assert (trainable == []) == (frozen == model.num_layers)
    after = model.state_dict()
    frozen_prefixes = ['tokens_to_token.', 'cls_token'] + \
        [f'encoder.{i}.' for i in range(frozen)] + \
        (['norm.'] if frozen == model.num_layers else [])
    for name, value in after.items():
        moved = not torch.equal(value, before[name])
        is_frozen = any(name.startswith(p) for p in frozen_prefixes)
        if is_frozen:
            assert not moved, f'{name} is frozen but changed'
    trained = [n for n, v in after.items() if not torch.equal(v, before[n])]
    # the first unfrozen block (the tiny arch has 2) learns
    assert any(n.startswith(f'encoder.{frozen}.') for n in trained) \
        if frozen < model.num_layers else trained == []
    assert not model.tokens_to_token.training
    assert not model.drop_after_pos.training
    assert all(model.encoder[i].training == (i >= frozen)
               for i in range(model.num_layers))
    with pytest.raises(ValueError, match='frozen_stages'):
        T2TViT('tiny', frozen_stages=model.num_layers + 1)
