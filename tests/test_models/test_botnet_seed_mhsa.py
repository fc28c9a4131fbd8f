"""BoTNet's MHSA with ``pos_embed='absolute'`` against the seed's code.

The seed (the CNN/Transformer hybrids article) shows the MHSA of the widely
copied PyTorch port leaderj1001/BottleneckTransformers (``model.py``,
``MHSA``): three biased 1x1 convs, factorised absolute position embeddings
``rel_h`` (1, C, 1, H) + ``rel_w`` (1, C, W, 1), content-position logits
``(rel_h + rel_w)^T @ q`` and no ``1/sqrt(d)`` scaling. :class:`SeedMHSA`
below is a transcription of that forward (the article's form with
``heads=1``, the port's multi-head form otherwise); the weights are copied
into mmglm's :class:`BottleneckMHSA` and the outputs compared.
"""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import Config

from mmglm.models import BoTNet, BottleneckMHSA
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.utils import REPO

register_all_modules()

CONFIG = REPO / 'configs/botnet/bot50-seed-mhsa_1xb32_intel-mini-112px.py'


class SeedMHSA(nn.Module):
    """Transcription of the seed's MHSA (x is read as (n, C, width, height),
    the seed's own naming of the last two dims)."""

    def __init__(self, n_dims, width, height, heads=1):
        super().__init__()
        self.heads = heads
        self.query = nn.Conv2d(n_dims, n_dims, kernel_size=1)
        self.key = nn.Conv2d(n_dims, n_dims, kernel_size=1)
        self.value = nn.Conv2d(n_dims, n_dims, kernel_size=1)
        self.rel_h = nn.Parameter(
            torch.randn([1, heads, n_dims // heads, 1, height]))
        self.rel_w = nn.Parameter(
            torch.randn([1, heads, n_dims // heads, width, 1]))
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x):
        n_batch, C, width, height = x.size()
        q = self.query(x).view(n_batch, self.heads, C // self.heads, -1)
        k = self.key(x).view(n_batch, self.heads, C // self.heads, -1)
        v = self.value(x).view(n_batch, self.heads, C // self.heads, -1)
        content_content = torch.matmul(q.permute(0, 1, 3, 2), k)
        content_position = (self.rel_h + self.rel_w).view(
            1, self.heads, C // self.heads, -1).permute(0, 1, 3, 2)
        content_position = torch.matmul(content_position, q)
        energy = content_content + content_position
        attention = self.softmax(energy)
        out = torch.matmul(v, attention.permute(0, 1, 3, 2))
        return out.view(n_batch, C, width, height)


def _copy_seed_weights(seed: SeedMHSA, mhsa: BottleneckMHSA) -> None:
    """query/key/value -> qkv ([q | k | v]); the seed's rel_w (varies along
    dim 2, H here) -> emb_h, its rel_h (dim 3, W here) -> emb_w."""
    c = seed.query.weight.shape[0]
    with torch.no_grad():
        mhsa.qkv.weight.copy_(
            torch.cat([seed.query.weight, seed.key.weight,
                       seed.value.weight]))
        mhsa.qkv.bias.copy_(
            torch.cat([seed.query.bias, seed.key.bias, seed.value.bias]))
        mhsa.pos_embed.emb_h.copy_(seed.rel_w.reshape(1, c, -1, 1))
        mhsa.pos_embed.emb_w.copy_(seed.rel_h.reshape(1, c, 1, -1))


def _seed_and_mhsa(channels, size, heads, stride=1, **kwargs):
    torch.manual_seed(0)
    seed = SeedMHSA(channels, width=size[0], height=size[1], heads=heads)
    mhsa = BottleneckMHSA(
        channels, feat_size=size, num_heads=heads, stride=stride,
        qkv_bias=True, pos_embed='absolute', qk_scale=1.0, **kwargs)
    _copy_seed_weights(seed, mhsa)
    return seed.double(), mhsa.double()


@pytest.mark.parametrize('heads', [1, 4])
@pytest.mark.parametrize('use_sdpa', [False, True])
def test_absolute_mhsa_equals_the_seed_forward(heads, use_sdpa):
    # Non-square map: a swapped H/W embedding would not match.
    seed, mhsa = _seed_and_mhsa(16, (4, 3), heads, use_sdpa=use_sdpa)
    # Unit-variance inputs, as a BN output: logits of order 10 (no scale).
    x = torch.randn(2, 16, 4, 3, dtype=torch.float64)
    expected = seed(x)
    assert (mhsa(x) - expected).abs().max() < 1e-10
    # The relative form (same q/k/v weights) is another function.
    rel = BottleneckMHSA(16, feat_size=(4, 3), num_heads=heads,
                         qkv_bias=True, qk_scale=1.0).double()
    rel.qkv.load_state_dict(mhsa.qkv.state_dict())
    assert (rel(x) - expected).abs().max() > 1e-2
    # With the paper's d**-0.5 the seed's logits are not reproduced.
    mhsa.scale = (16 // heads)**-0.5
    assert (mhsa(x) - expected).abs().max() > 1e-2


def test_absolute_mhsa_gradients_equal_the_seed():
    seed, mhsa = _seed_and_mhsa(8, (3, 5), 2)
    x = torch.randn(2, 8, 3, 5, dtype=torch.float64, requires_grad=True)
    g = torch.randn(2, 8, 3, 5, dtype=torch.float64)
    gx, gh = torch.autograd.grad(mhsa(x), (x, mhsa.pos_embed.emb_w), g)
    sx, sh = torch.autograd.grad(seed(x), (x, seed.rel_h), g)
    assert (gx - sx).abs().max() < 1e-10
    assert (gh - sh.reshape(gh.shape)).abs().max() < 1e-10


def test_absolute_mhsa_stride_2_pools_the_seed_output():
    seed, mhsa = _seed_and_mhsa(8, (4, 6), 2, stride=2)
    x = torch.randn(1, 8, 4, 6, dtype=torch.float64)
    expected = F.avg_pool2d(seed(x), 2, 2)
    assert (mhsa(x) - expected).abs().max() < 1e-10


def test_absolute_mhsa_other_size_fails_clearly_or_interpolates():
    mhsa = BottleneckMHSA(8, feat_size=4, num_heads=2, pos_embed='absolute')
    with pytest.raises(ValueError, match=r'absolute position tables are '
                       r'built for 4x4 .*got 6x5.*dynamic_size=True'):
        mhsa(torch.randn(1, 8, 6, 5))
    dyn = BottleneckMHSA(8, feat_size=4, num_heads=2, pos_embed='absolute',
                         dynamic_size=True)
    dyn.load_state_dict(mhsa.state_dict())
    # A module built for 6x5 that loads the 4x4 embeddings (resized on load)
    # equals the dynamic one at 6x5.
    big = BottleneckMHSA(8, feat_size=(6, 5), num_heads=2,
                         pos_embed='absolute')
    big.load_state_dict(mhsa.state_dict())
    assert big.pos_embed.emb_h.shape == (1, 8, 6, 1)
    x = torch.randn(2, 8, 6, 5)
    assert (dyn(x) - big(x)).abs().max() < 1e-6
    with pytest.raises(ValueError, match="pos_embed must be 'relative' or "
                       "'absolute'"):
        BottleneckMHSA(8, feat_size=4, pos_embed='learned')


def test_botnet_plumbs_the_seed_mhsa_and_its_config_uses_it():
    cfg = Config.fromfile(CONFIG)
    model = MODELS.build(cfg.model).eval()
    mhsas = [m for m in model.modules() if isinstance(m, BottleneckMHSA)]
    assert len(mhsas) == 3  # the three c5 blocks of BoT50
    for m in mhsas:
        assert m.pos_embed_type == 'absolute' and m.scale == 1.0
        assert m.qkv.bias is not None
    # The first c5 block runs at the 112 px c4 map (7x7), the others at 4x4.
    assert [m.feat_size for m in mhsas] == [(7, 7), (4, 4), (4, 4)]
    with torch.no_grad():
        assert model(torch.rand(2, 3, 112, 112)).shape == (2, 6)
    # The block's MHSA equals the seed's forward at its own size.
    block = model.backbone.layer4[1].mhsa.double()
    seed = SeedMHSA(512, width=4, height=4, heads=4).double()
    _copy_seed_weights(seed, block)
    x = torch.randn(1, 512, 4, 4, dtype=torch.float64)
    assert (block(x) - seed(x)).abs().max() < 1e-8
    # The default stays the paper's relative form.
    default = BoTNet('test', img_size=64, stem_channels=16, base_channels=8)
    assert all(m.pos_embed_type == 'relative' for m in default.modules()
               if isinstance(m, BottleneckMHSA))
