# Copyright (c) mmglm contributors. All rights reserved.
"""FFM neck of SwinFC: branch attention, channel alignment, diversification.

Xiang, Chen and Yang, "Fine-Grained Image Classification Combining Swin and
Multi-Scale Feature Fusion", Computer Engineering and Applications 2023,
59(20):147-157, Sec. 2.3, eq. (7)-(12). The feature fusion module (FFM) is the
feature diversification module (FDM) of Song and Yang, "Feature Boosting,
Suppression, and Diversification for Fine-Grained Visual Classification",
IJCNN 2021 (chaomaer/FBSD ``FDM``); it has no counterpart in mmcv, mmpretrain
or timm.
"""
import math
from typing import Dict, Iterator, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule, ModuleList

from mmglm.registry import MODELS


def feature_diversification(feats: Sequence[torch.Tensor],
                            normalize: bool = False,
                            scale: float = 1.0) -> Tuple[torch.Tensor, ...]:
    """Pairwise complementary resampling of multi-scale maps (FBSD's FDM).

    For every pair ``(i, j)``, ``i < j``, with ``X_i`` as ``C x N_i``::

        M       = X_i^T X_j                              # N_i x N_j
        X_{i->j} = X_i softmax_{N_i}(-M)                 # C x N_j
        X_{j->i} = X_j softmax_{N_j}(-M^T)               # C x N_i
        out_i   = X_i + scale * sum_{j != i} X_{j->i}    # eq. (12)

    With ``normalize=True`` the features are L2-normalised over channels
    before the product (cosine similarity; the normalised maps are used only
    in ``M``). ``normalize=True, scale=0.001`` is FBSD's ``FDM`` with
    ``gamma = 1``; the defaults are the paper's raw dot product.

    Args:
        feats (Sequence[Tensor]): Maps ``(B, C, H_i, W_i)`` with equal C.
        normalize (bool): Cosine instead of dot-product similarity.
        scale (float): Factor on the complements.

    Returns:
        tuple[Tensor]: The diversified maps, shaped as the inputs.
    """
    seqs = [f.flatten(2) for f in feats]  # (B, C, H_i, W_i) -> (B, C, N_i)
    comps = [torch.zeros_like(s) for s in seqs]
    for i, j, a_ij, a_ji in _fusion_softmaxes(seqs, normalize):
        comps[j] = comps[j] + torch.bmm(seqs[i], a_ij)  # (B, C, N_j)
        comps[i] = comps[i] + torch.bmm(seqs[j], a_ji)  # (B, C, N_i)
    return tuple(
        (s + scale * c).view_as(f) for s, c, f in zip(seqs, comps, feats))


def _fusion_softmaxes(
        seqs: Sequence[torch.Tensor], normalize: bool
) -> Iterator[Tuple[int, int, torch.Tensor, torch.Tensor]]:
    """``(i, j, softmax_{N_i}(-M), softmax_{N_j}(-M^T))`` for each pair."""
    keys = [F.normalize(s, dim=1) for s in seqs] if normalize else seqs
    for i in range(len(seqs)):
        for j in range(i + 1, len(seqs)):
            neg_sim = -torch.bmm(keys[i].transpose(1, 2), keys[j])  # N_i x N_j
            yield (i, j, neg_sim.softmax(dim=1),
                   neg_sim.transpose(1, 2).softmax(dim=1))


@torch.no_grad()
def fusion_attention_stats(feats: Sequence[torch.Tensor],
                           normalize: bool = False) -> Dict[str, float]:
    """How sharp FFM's fusion softmaxes are (issue 14, item 7).

    Every column of ``softmax_{N_i}(-M)`` and ``softmax_{N_j}(-M^T)`` is a
    distribution p over the N source positions of the other branch. Over all
    of them (all pairs, both directions, the whole batch):

    - ``entropy``: mean ``-sum p log p`` in nats;
    - ``norm_entropy``: mean of ``entropy / log N`` (0 one-hot, 1 uniform);
    - ``max_weight``: mean largest weight ``max p`` (1 one-hot, 1/N uniform);
    - ``median_max_weight``: its median.

    Args:
        feats (Sequence[Tensor]): The maps FFM fuses, ``(B, C, H_i, W_i)``.
        normalize (bool): Cosine similarity, as
            :func:`feature_diversification`.

    Returns:
        dict[str, float]: The four statistics.
    """
    seqs = [f.flatten(2).float() for f in feats]
    ents, norm_ents, maxes = [], [], []
    for _, _, a_ij, a_ji in _fusion_softmaxes(seqs, normalize):
        for a in (a_ij, a_ji):  # distributions along dim 1
            ent = -(a * a.clamp_min(1e-30).log()).sum(dim=1).flatten()
            ents.append(ent)
            norm_ents.append(ent / math.log(a.shape[1]))
            maxes.append(a.amax(dim=1).flatten())
    ents, norm_ents, maxes = (torch.cat(t) for t in (ents, norm_ents, maxes))
    return dict(
        entropy=ents.mean().item(),
        norm_entropy=norm_ents.mean().item(),
        max_weight=maxes.mean().item(),
        median_max_weight=maxes.median().item())


@MODELS.register_module()
class FFMNeck(BaseModule):
    """SwinFC branch neck: per-stage attention, alignment and FFM fusion.

    For each branch stage (the paper's stages 2, 3, 4, in this order):
    attention (:class:`~mmglm.models.utils.EACA` by default) on the stage
    output, then a 1x1 projection to ``out_channels`` (FFM needs one channel
    count; the paper does not say how it is reached, the projection is our
    proposal), then :func:`feature_diversification` across all branches.

    The input tuple is ``(stage maps..., extras...)`` with the first
    ``len(in_channels)`` items the branch stages. The output puts the last
    branch stage *as it came in* first (the backbone's own classifier uses
    it), then the fused branch maps, then the extras unchanged (e.g. the FSM
    feature of :class:`~mmglm.models.backbones.SwinFCBackbone`)::

        (x2, x3, x4, z) -> (x4, b2, b3, b4, z)

    Args:
        in_channels (Sequence[int]): Channels of the branch stages.
        out_channels (int, optional): Common branch width C_f. Defaults to
            ``max(in_channels)`` (1024 for Swin-B).
        attn_cfg (dict, optional): Branch attention config, built by class
            from mmglm's registry with ``in_channels`` added, or None for no
            attention. Defaults to ``dict(type='EACA')``.
        with_fusion (bool): Apply the FFM diversification (False gives the
            "+EA/+CA/+EACA" ablation rows). Defaults to True.
        normalize (bool): Cosine similarity in FFM. Defaults to False (paper).
        scale (float): Factor on the FFM complements. Defaults to 1.0 (paper;
            0.001 is FBSD's). ``normalize=True, scale=0.001`` is FBSD's
            ``FDM`` (the reference code).
        record_attn_stats (bool): Keep :func:`fusion_attention_stats` of the
            last forward in ``attn_stats`` (one more product per pair; what
            :class:`~mmglm.engine.hooks.FFMEntropyHook` turns on).
            Defaults to False.
        init_cfg (dict | list, optional): Initialization config. Defaults to
            None (PyTorch's default init of the convs).

    Examples:
        >>> import torch
        >>> from mmglm.models import FFMNeck
        >>> neck = FFMNeck(in_channels=(4, 8), attn_cfg=dict(
        ...     type='EACA', memory_size=4))
        >>> outs = neck((torch.rand(2, 4, 8, 8), torch.rand(2, 8, 4, 4)))
        >>> [tuple(o.shape) for o in outs]
        [(2, 8, 4, 4), (2, 8, 8, 8), (2, 8, 4, 4)]
    """

    def __init__(self,
                 in_channels: Sequence[int] = (256, 512, 1024),
                 out_channels: Optional[int] = None,
                 attn_cfg: Optional[dict] = dict(type='EACA'),
                 with_fusion: bool = True,
                 normalize: bool = False,
                 scale: float = 1.0,
                 record_attn_stats: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = tuple(in_channels)
        self.out_channels = out_channels or max(self.in_channels)
        self.with_fusion = with_fusion
        self.normalize = normalize
        self.scale = scale
        self.record_attn_stats = record_attn_stats
        self.attn_stats: Optional[Dict[str, float]] = None
        # mmengine's ModuleList: init_weights() reaches the attentions'
        # init_cfg (e.g. attn_cfg=dict(type='EACA', init_cfg=...)).
        self.attns = ModuleList()
        self.projs = nn.ModuleList()
        for c in self.in_channels:
            if attn_cfg is None:
                self.attns.append(nn.Identity())
            else:
                cfg = dict(attn_cfg)
                # By class from mmglm's registry: MODELS.build would resolve
                # the type in the caller's scope (mmdet#11205).
                self.attns.append(MODELS.get(cfg.pop('type'))(c, **cfg))
            self.projs.append(nn.Conv2d(c, self.out_channels, 1))

    def forward(self, inputs: Tuple[torch.Tensor,
                                    ...]) -> Tuple[torch.Tensor, ...]:
        n = len(self.in_channels)
        assert len(inputs) >= n, f'{n} branch stages, got {len(inputs)} maps'
        stages, extras = inputs[:n], tuple(inputs[n:])
        for x, c in zip(stages, self.in_channels):
            assert x.shape[1] == c, f'expected {c} channels, got {x.shape}'
        # (B, C_i, H_i, W_i) -> (B, C_f, H_i, W_i)
        branches = [
            proj(attn(x))
            for x, attn, proj in zip(stages, self.attns, self.projs)
        ]
        if self.with_fusion and self.record_attn_stats:
            self.attn_stats = fusion_attention_stats(branches, self.normalize)
        if self.with_fusion:
            branches = feature_diversification(branches, self.normalize,
                                               self.scale)
        return (stages[-1], *branches, *extras)
