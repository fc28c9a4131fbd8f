# Copyright (c) mmglm contributors. All rights reserved.
"""GradCAT: gradient-based class-aware tree traversal for NesT.

Section 4 of `Nested Hierarchical Transformer <https://arxiv.org/abs/
2105.12723>`_. No official implementation exists
(google-research/nested-transformer#7); this one follows the paper's
Algorithm 1 as read in ``specs/models/nest.md`` section 2:

- ``A_l``: the map of level l on the image plane, i.e. the output of level
  l's transformer layers before the block aggregation; for the last level
  the map the classifier pools, i.e. after the backbone's final LayerNorm
  when there is one (see below). ``Y_c``: the logit of class c.
- ``h_l = sum over channels of A_l * d(sign * Y_c)/dA_l`` (Grad-CAM-style
  gradient x activation; ``sign=-1`` uses the gradient of ``-Y_c``, the
  paper's uncertain convention).
- From the root (the single block of the last level) down to level 1: split
  the current block's region of ``h_l`` into its 2x2 children (average pool to
  a 2x2 grid: one score per child, i.e. per block of level l-1), follow the
  best child; the child's region on level l-1's map is the next region.
  ``T`` levels give ``T - 1`` decisions; the leaf is a block of level 0.

Why the last level is taken after the final norm: a LayerNorm over channels
is scale invariant per token (``LN(a x) = LN(x)``), so for the map right
before it ``sum_k A_k dY/dA_k = d/da Y(a A) = 0`` at every token, up to the
norm's eps. With the literal reading the root decision would compare numbers
of order 1e-8 (measured on the demo model in configs/nest/README.md); on the
normed map ``h_L`` is the class activation map of the linear head. The
earlier levels are followed by a 3x3 conv with bias before their LayerNorm,
which breaks that invariance, so their transformer outputs are used as read.

One forward and one backward per class (``torch.autograd.grad`` on the level
maps, captured with forward hooks). Besides the tree, every result carries
the standard Grad-CAM (channel weights = mean gradient, ReLU) of the last
level's map.
"""
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModel


@dataclass
class GradCATNode:
    """A block visited by the traversal.

    Attributes:
        level (int): NesT level the block belongs to (0 = finest).
        block (tuple[int, int]): (row, col) in that level's block grid.
        box (tuple[int, int, int, int]): (x0, y0, x1, y1) in input pixels.
        score (float): The block's score: mean of the parent level's ``h``
            over the block's region (for the root, the mean of the last
            level's ``h`` over the whole map).
    """
    level: int
    block: Tuple[int, int]
    box: Tuple[int, int, int, int]
    score: float


@dataclass
class GradCATResult:
    """Traversal for one class.

    Attributes:
        label (int): Class index.
        logit (float): Its logit.
        prob (float): Its softmax probability.
        path (list[GradCATNode]): Root (last level) to leaf (level 0).
        child_scores (list[torch.Tensor]): For each decision (same order as
            ``path[1:]``), the (2, 2) scores of the four children.
        maps (list[torch.Tensor]): ``h_l`` (H_l, W_l) for every level l.
        cam (torch.Tensor): Grad-CAM of the last level's (normed) map,
            (H_L, W_L), ReLU and scaled to [0, 1].
    """
    label: int
    logit: float
    prob: float
    path: List[GradCATNode] = field(default_factory=list)
    child_scores: List[torch.Tensor] = field(default_factory=list)
    maps: List[torch.Tensor] = field(default_factory=list)
    cam: Optional[torch.Tensor] = None


def _logits(model: nn.Module, inputs: torch.Tensor) -> torch.Tensor:
    """Logits of an mmpretrain classifier (``mode='tensor'``) or a module."""
    if isinstance(model, BaseModel):
        out = model(inputs, mode='tensor')
    else:
        out = model(inputs)
    if isinstance(out, (tuple, list)):
        out = out[-1]
    return out


def traverse(maps: Sequence[torch.Tensor], strides: Sequence[int],
             grid_sides: Sequence[int]) -> Tuple[list, list]:
    """Walk the NesT tree on gradient-weighted maps.

    Args:
        maps (Sequence[torch.Tensor]): ``h_l`` of shape (H_l, W_l) per level,
            finest first.
        strides (Sequence[int]): Input pixels per token of every level.
        grid_sides (Sequence[int]): Blocks per side of every level
            (2^(L-1-l)).

    Returns:
        tuple: ``(path, child_scores)`` as in :class:`GradCATResult`.
    """
    top = len(maps) - 1
    H, W = maps[top].shape
    y0, x0, y1, x1 = 0, 0, H, W  # region of the current block on level top
    s = strides[top]
    path = [
        GradCATNode(top, (0, 0), (0, 0, W * s, H * s),
                    float(maps[top].mean()))
    ]
    child_scores = []
    for lvl in range(top, 0, -1):
        region = maps[lvl][y0:y1, x0:x1]
        # One score per child (quadrant): average pool to a 2x2 grid.
        scores = F.adaptive_avg_pool2d(region[None, None], 2)[0, 0]
        r, c = divmod(int(scores.flatten().argmax()), 2)
        child_scores.append(scores)
        bh, bw = y1 - y0, x1 - x0  # block size in tokens (every level)
        y0, x0 = 2 * y0 + r * bh, 2 * x0 + c * bw  # child on level lvl - 1
        y1, x1 = y0 + bh, x0 + bw
        s = strides[lvl - 1]
        path.append(
            GradCATNode(lvl - 1, (y0 // bh, x0 // bw),
                        (x0 * s, y0 * s, x1 * s, y1 * s), float(scores[r, c])))
    return path, child_scores


def gradcat(model: nn.Module,
            inputs: torch.Tensor,
            targets: Optional[Sequence[int]] = None,
            topk: int = 1,
            sign: int = 1,
            backbone: Optional[nn.Module] = None) -> List[GradCATResult]:
    """Run GradCAT on one image.

    Args:
        model (nn.Module): A classifier: an mmpretrain ``ImageClassifier``
            (called with ``mode='tensor'``) or any module mapping inputs to
            logits.
        inputs (torch.Tensor): The preprocessed image, (1, C, H, W).
        targets (Sequence[int], optional): Classes to explain. Defaults to
            the ``topk`` predicted classes.
        topk (int): Used when ``targets`` is None. Defaults to 1.
        sign (int): +1 scores with the gradient of ``Y_c``, -1 with the
            gradient of ``-Y_c``. Defaults to 1.
        backbone (nn.Module, optional): The NesT backbone whose ``levels``
            are hooked. Defaults to ``model.backbone``.

    Returns:
        list[GradCATResult]: One result per class, in ``targets`` order.
    """
    assert inputs.dim() == 4 and inputs.shape[0] == 1, \
        'GradCAT explains one image: inputs must be (1, C, H, W)'
    assert sign in (1, -1), 'sign must be 1 or -1'
    backbone = backbone if backbone is not None else model.backbone
    levels = backbone.levels
    acts: List[Optional[torch.Tensor]] = [None] * len(levels)
    normed: List[torch.Tensor] = []

    def _hook(idx):

        def fn(module, args, output):
            acts[idx] = output

        return fn

    handles = [lv.register_forward_hook(_hook(i)) for i, lv in
               enumerate(levels)]
    if getattr(backbone, 'final_norm', False):
        handles.append(backbone.norm.register_forward_hook(
            lambda module, args, output: normed.append(output)))
    try:
        with torch.enable_grad():
            # Gradients must reach the maps even with frozen parameters.
            x = inputs.detach().requires_grad_(True)
            logits = _logits(model, x)[0]  # (num_classes, )
            if normed:  # the classifier saw the normed last map
                acts[-1] = normed[-1]
            probs = logits.detach().softmax(-1)
            if targets is None:
                targets = probs.topk(topk).indices.tolist()
            strides = [
                backbone.patch_size * 2**i for i in range(len(levels))
            ]
            sides = [2**(len(levels) - 1 - i) for i in range(len(levels))]
            results = []
            for c in targets:
                grads = torch.autograd.grad(
                    sign * logits[c], acts, retain_graph=True)
                maps = [(a * g).sum(1)[0].detach()
                        for a, g in zip(acts, grads)]  # (H_l, W_l)
                path, child_scores = traverse(maps, strides, sides)
                # Grad-CAM on the last level: mean-gradient channel weights.
                weights = grads[-1].mean((2, 3), keepdim=True)
                cam = F.relu((weights * acts[-1]).sum(1))[0].detach()
                cam = cam / cam.max() if cam.max() > 0 else cam
                results.append(
                    GradCATResult(
                        label=int(c),
                        logit=float(logits[c].detach()),
                        prob=float(probs[c]),
                        path=path,
                        child_scores=child_scores,
                        maps=maps,
                        cam=cam))
    finally:
        for h in handles:
            h.remove()
    return results


def format_result(result: GradCATResult,
                  class_names: Optional[Sequence[str]] = None) -> str:
    """A readable report of one traversal."""
    name = class_names[result.label] if class_names else str(result.label)
    lines = [
        f'class {result.label} ({name}): logit {result.logit:.4f}, '
        f'prob {result.prob:.4f}'
    ]
    for i, node in enumerate(result.path):
        line = (f'  level {node.level} block {node.block} box {node.box} '
                f'score {node.score:+.4e}')
        if i:
            s = result.child_scores[i - 1].flatten().tolist()
            line += '  children [' + ', '.join(f'{v:+.3e}' for v in s) + ']'
        lines.append(line)
    return '\n'.join(lines)


def draw_gradcat(image: np.ndarray,
                 results: Sequence[GradCATResult],
                 class_names: Optional[Sequence[str]] = None,
                 out_file: Optional[str] = None,
                 panel_inches: float = 3.2,
                 dpi: int = 100):
    """Draw the traversal path and the last-level CAM of every result.

    One row per class: left, the image with the chosen block of every level
    (coarse to fine) and the path joining their centres, each box labelled
    with its level and score; right, the Grad-CAM overlay.

    Args:
        image (np.ndarray): RGB uint8 image (H, W, 3) of the model's input
            size (the boxes are in its pixels).
        results (Sequence[GradCATResult]): From :func:`gradcat`.
        class_names (Sequence[str], optional): Names for the titles.
        out_file (str, optional): Where to save the PNG.

    Returns:
        matplotlib.figure.Figure: The figure.
    """
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    H, W = image.shape[:2]
    n = len(results)
    fig, axes = plt.subplots(
        n, 2, figsize=(2 * panel_inches, n * panel_inches), squeeze=False)
    colors = plt.get_cmap('autumn')
    for row, res in enumerate(results):
        name = class_names[res.label] if class_names else str(res.label)
        ax = axes[row, 0]
        ax.imshow(image, extent=(0, W, H, 0))
        L = len(res.path)
        centres = []
        for k, node in enumerate(res.path):
            x0, y0, x1, y1 = node.box
            col = colors(k / max(L - 1, 1))
            ax.add_patch(
                Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False,
                          edgecolor=col, linewidth=2.5 - 1.5 * k / max(L, 1)))
            centres.append(((x0 + x1) / 2, (y0 + y1) / 2))
            if k:
                ax.text(x0 + 1, y0 + 1, f'L{node.level} {node.score:+.2g}',
                        color='white', fontsize=7, va='top',
                        bbox=dict(facecolor=col, alpha=0.7, pad=1,
                                  linewidth=0))
        xs, ys = zip(*centres)
        ax.plot(xs, ys, '-o', color='cyan', markersize=3, linewidth=1.2)
        ax.set_title(f'GradCAT: {name} (p={res.prob:.2f})', fontsize=9)
        ax.set_xlim(0, W)
        ax.set_ylim(H, 0)
        ax.axis('off')

        ax = axes[row, 1]
        ax.imshow(image, extent=(0, W, H, 0))
        cam = F.interpolate(
            res.cam[None, None].float(), size=(H, W), mode='bilinear',
            align_corners=False)[0, 0].numpy()
        ax.imshow(cam, cmap='jet', alpha=0.45, extent=(0, W, H, 0),
                  vmin=0, vmax=1)
        ax.set_title(f'Grad-CAM, level {L - 1} map', fontsize=9)
        ax.axis('off')
    fig.tight_layout()
    if out_file:
        fig.savefig(out_file, dpi=dpi)
        plt.close(fig)
    return fig
