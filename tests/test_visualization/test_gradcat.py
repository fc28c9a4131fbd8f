# Copyright (c) mmglm contributors. All rights reserved.
"""GradCAT: hand computations of the gradient-weighted maps and paths."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn as nn
from mmengine.config import Config

from mmglm.models.backbones.nest import NesT
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from mmglm.visualization import draw_gradcat, format_result, gradcat
from tests.utils import shared_data_root

register_all_modules()
REPO = Path(__file__).resolve().parents[2]

# Four levels of 4x4 blocks at 32 px (the CIFAR layout, narrow): three
# decisions; the last level's map is 4x4 tokens, a quadrant 2x2.
ARCH4 = dict(
    embed_dims=[16] * 4, num_heads=[2] * 4, depths=[1] * 4, patch_size=1,
    img_size=32, multi_query=True)


def _randomise_norms(model: nn.Module, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.copy_(1 + 0.2 * torch.randn(m.weight.shape,
                                                     generator=g))
                m.bias.copy_(0.2 * torch.randn(m.bias.shape, generator=g))


class QuadrantClassifier(nn.Module):
    """NesT whose logits read one quadrant of the last level's map only.

    With ``final_norm=False`` the logit is linear in that quadrant of A_L:
    ``Y = w . mean_q(A_L) + b``, so ``dY/dA_L = w / |q|`` inside the quadrant
    and 0 outside, and the gradient-weighted map and the node scores can be
    written down by hand.
    """

    def __init__(self, quadrant, num_classes: int = 3) -> None:
        super().__init__()
        self.backbone = NesT(ARCH4, final_norm=False)
        self.fc = nn.Linear(16, num_classes)
        self.quadrant = quadrant

    def region(self, a: torch.Tensor) -> torch.Tensor:
        H, W = a.shape[-2:]
        r, c = self.quadrant
        return a[..., r * H // 2:(r + 1) * H // 2,
                 c * W // 2:(c + 1) * W // 2]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.region(self.backbone(x)[-1]).mean((2, 3)))


@pytest.mark.parametrize('quadrant', [(1, 0), (0, 1), (1, 1)])
def test_gradcat_follows_the_deciding_quadrant(quadrant):
    """Acceptance: one quadrant decides; GradCAT follows it at every level,
    and its scores equal the hand-computed gradient-weighted map."""
    torch.manual_seed(0)
    model = QuadrantClassifier(quadrant).eval()
    model.backbone.init_weights()
    _randomise_norms(model, seed=1)
    x = torch.randn(1, 3, 32, 32)
    target = 1
    with torch.no_grad():
        top = model.backbone(x)[-1][0]  # A_L (C, 4, 4)
        m = model.region(top).mean((1, 2))
        # Class 1 "looks for" this quadrant's mean feature: Y - b > 0.
        model.fc.weight[target] = m / m.norm()
        y = model(x)[0, target]
    res = gradcat(model, x, targets=[target], backbone=model.backbone)[0]

    # Hand computation of h_L = sum_k A_k * dY/dA_k with dY/dA = w / |q|.
    n_q = 4  # tokens in a quadrant of the 4x4 map
    w = model.fc.weight[target].detach()
    mask = torch.zeros(4, 4)
    model.region(mask)[...] = 1
    h_hand = torch.einsum('khw,k->hw', top, w) / n_q * mask
    assert torch.allclose(res.maps[-1], h_hand, atol=1e-6)
    # Node scores: the deciding quadrant scores (Y - b) / |q|, the others 0.
    y_minus_b = (y - model.fc.bias[target]).item()
    scores = res.child_scores[0]
    r, c = quadrant
    assert scores[r, c].item() == pytest.approx(y_minus_b / n_q, rel=1e-5)
    assert y_minus_b > 0
    others = [scores[i, j] for i in range(2) for j in range(2)
              if (i, j) != quadrant]
    assert all(o.item() == 0 for o in others)
    assert res.path[0].score == pytest.approx(y_minus_b / 16, rel=1e-5)

    # The path: level 3 root, then blocks of levels 2, 1, 0, every one
    # inside the deciding quadrant of the image.
    assert [n.level for n in res.path] == [3, 2, 1, 0]
    assert res.path[0].box == (0, 0, 32, 32)
    assert res.path[1].block == quadrant
    qx0, qy0 = c * 16, r * 16
    for parent, node in zip(res.path[:-1], res.path[1:]):
        x0, y0, x1, y1 = node.box
        px0, py0, px1, py1 = parent.box
        assert qx0 <= x0 < x1 <= qx0 + 16 and qy0 <= y0 < y1 <= qy0 + 16
        assert px0 <= x0 and py0 <= y0 and x1 <= px1 and y1 <= py1
        assert x1 - x0 == (px1 - px0) // 2  # a child is a quarter block
        side = 2**(3 - node.level)  # blocks per side of its level
        assert node.block == (y0 // (32 // side), x0 // (32 // side))

    # sign=-1 explains -Y: the deciding quadrant now scores below the
    # others (exactly 0), and negating the class weight restores the path.
    neg = gradcat(model, x, targets=[target], sign=-1,
                  backbone=model.backbone)[0]
    assert neg.child_scores[0][r, c] == pytest.approx(-scores[r, c].item())
    assert neg.path[1].block != quadrant
    with torch.no_grad():
        model.fc.weight[target] *= -1
    neg = gradcat(model, x, targets=[target], sign=-1,
                  backbone=model.backbone)[0]
    assert neg.path[1].block == quadrant


def _reference_maps(model, x, target):
    """h_l by splitting the classifier at every level (no hooks).

    Levels 0..L-2: the transformer output; level L-1: after the final norm.
    """
    bb = model.backbone
    with torch.no_grad():
        a, hw = bb.patch_embed(x)
        a = a.transpose(1, 2).reshape(1, -1, *hw)
        acts = []
        for level in bb.levels:
            a = level(a)
            acts.append(a)
        acts[-1] = bb.norm(acts[-1])
    maps = []
    for i, act in enumerate(acts):
        a = act.detach().requires_grad_(True)
        out = a
        for level in bb.levels[i + 1:]:
            out = level(out)
        if i < len(acts) - 1:
            out = bb.norm(out)
        logit = model.head(model.neck((out, )))[0, target]
        (g, ) = torch.autograd.grad(logit, a)
        maps.append((a * g).sum(1)[0].detach())
    return maps, acts


def test_gradcat_scores_equal_split_model_computation():
    """Every decision's scores and the path on a random NesT-like model."""
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(type='NesT', arch='test'),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=4,
                      in_channels=64))).eval()
    model.init_weights()
    _randomise_norms(model, seed=3)
    x = torch.randn(1, 3, 64, 64)
    res = gradcat(model, x, topk=2)
    with torch.no_grad():
        probs = model(x, mode='tensor')[0].softmax(-1)
    assert [r.label for r in res] == probs.topk(2).indices.tolist()
    for r in res:
        maps, acts = _reference_maps(model, x, r.label)
        for ours, ref in zip(r.maps, maps):
            assert torch.allclose(ours, ref, atol=1e-6, rtol=1e-4)
        # Walk by hand: level 2 (4x4 map, one block), then level 1 (8x8
        # map, blocks of 4x4), explicit quadrant means.
        y0, x0, size = 0, 0, 4
        for k, lvl in enumerate((2, 1)):
            h = maps[lvl]
            half = size // 2
            hand = torch.tensor([[
                h[y0 + i * half:y0 + (i + 1) * half,
                  x0 + j * half:x0 + (j + 1) * half].mean()
                for j in range(2)
            ] for i in range(2)])
            assert torch.allclose(r.child_scores[k], hand, atol=1e-7,
                                  rtol=1e-5)
            i, j = divmod(int(hand.argmax()), 2)
            y0, x0 = 2 * (y0 + i * half), 2 * (x0 + j * half)
            node = r.path[k + 1]
            stride = 4 * 2**(lvl - 1)
            assert node.box == (x0 * stride, y0 * stride, (x0 + size) *
                                stride, (y0 + size) * stride)
        # Last level, normed map: h is the head's class activation map,
        # sum_k A_k w_k / (H W) (GAP + linear head).
        w = model.head.fc.weight[r.label].detach()
        cam_head = torch.einsum('khw,k->hw', acts[-1][0], w) / 16
        assert torch.allclose(r.maps[-1], cam_head, atol=1e-6)
        # Grad-CAM of the last level: ReLU(sum_k mean(G_k) A_k), max 1.
        a = acts[-1].detach().requires_grad_(True)
        logit = model.head(model.neck((a, )))[0, r.label]
        (g, ) = torch.autograd.grad(logit, a)
        cam = torch.relu((g.mean((2, 3), keepdim=True) * a).sum(1))[0]
        assert torch.allclose(r.cam, cam / cam.max(), atol=1e-6)
        # Why not the map before the final norm: LayerNorm is scale
        # invariant per token, so there h = sum_k A_k dY/dA_k vanishes.
        pre = model.backbone.levels[-1](
            model.backbone.levels[1](model.backbone.levels[0](
                model.backbone.patch_embed(x)[0].transpose(1, 2).reshape(
                    1, 16, 16, 16)))).detach().requires_grad_(True)
        logit = model.head(model.neck((model.backbone.norm(pre), )))[0,
                                                                    r.label]
        (g, ) = torch.autograd.grad(logit, pre)
        assert (pre * g).sum(1).abs().max() < 1e-4 * cam_head.abs().max()
    text = format_result(res[0], ['a', 'b', 'c', 'd'])
    assert 'level 0 block' in text and 'children' in text


def test_draw_gradcat_writes_png(tmp_path):
    torch.manual_seed(0)
    model = QuadrantClassifier((0, 0)).eval()
    x = torch.randn(1, 3, 32, 32)
    res = gradcat(model, x, topk=2, backbone=model.backbone)
    img = (torch.rand(32, 32, 3) * 255).to(torch.uint8).numpy()
    out = tmp_path / 'g.png'
    draw_gradcat(img, res, ['a', 'b', 'c'], out_file=str(out))
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


@pytest.mark.slow
def test_gradcat_tool_on_a_real_image(tmp_path):
    """tools/visualization/gradcat.py: real intel_mini image -> PNG, paths.
    """
    data = shared_data_root() / 'intel_mini'
    rel = (data / 'meta/val.txt').read_text().split()[0]
    config = REPO / 'configs/nest/nest-mini_1xb32_intel-mini-64px.py'
    cfg = Config.fromfile(str(config))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    ckpt = tmp_path / 'random.pth'
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    out = tmp_path / 'gradcat.png'
    proc = subprocess.run(
        [
            sys.executable, 'tools/visualization/gradcat.py',
            str(data / rel), str(config), str(ckpt), '--topk', '2',
            '--out-file', str(out), '--out-json', str(tmp_path / 'g.json')
        ],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    # Two classes, each a root and two decisions (3 levels).
    assert proc.stdout.count('level 0 block') == 2
    assert proc.stdout.count('level 2 block (0, 0)') == 2
