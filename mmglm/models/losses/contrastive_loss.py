# Copyright (c) mmglm contributors. All rights reserved.
"""The contrastive loss of TransFG, used by SwinFC's FSM.

He et al., "TransFG: A Transformer Architecture for Fine-grained Recognition",
AAAI 2022 (https://arxiv.org/abs/2103.07976), TACJu/TransFG
``models/modeling.py`` ``con_loss``; SwinFC (Xiang, Chen and Yang 2023) applies
it to the FSM feature with margin 0.4.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmglm.registry import MODELS


@MODELS.register_module()
class TransFGContrastiveLoss(nn.Module):
    """Cosine contrastive loss over all pairs of a batch (TransFG form).

    With L2-normalised features and ``s_ij = cos(z_i, z_j)``::

        L = 1/B^2 * sum_{i,j} [ 1(y_i == y_j) * (1 - s_ij)
                              + 1(y_i != y_j) * max(s_ij - margin, 0) ]

    The sum runs over the full ``B x B`` matrix, the diagonal included (whose
    terms are zero), as in TransFG.

    Args:
        margin (float): Similarity below which negatives cost nothing
            (``alpha``). Defaults to 0.4.
        loss_weight (float): Weight of the loss. Defaults to 1.0.

    Shapes:
        - feats: ``(B, C)``
        - labels: ``(B, )`` class indices
        - output: scalar
    """

    def __init__(self, margin: float = 0.4, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.margin = margin
        self.loss_weight = loss_weight

    def forward(self, feats: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        assert labels.ndim == 1, 'the contrastive loss needs hard labels'
        feats = F.normalize(feats.flatten(1), dim=1)
        cos = feats @ feats.t()  # (B, B)
        pos = (labels[:, None] == labels[None, :]).to(cos.dtype)
        loss = pos * (1 - cos) + (1 - pos) * (cos - self.margin).clamp(min=0)
        return self.loss_weight * loss.sum() / labels.numel()**2
