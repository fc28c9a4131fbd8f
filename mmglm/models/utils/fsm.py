# Copyright (c) mmglm contributors. All rights reserved.
"""FSM: attention-based token selection of SwinFC (Sec. 2.4, eq. 13-15).

Xiang, Chen and Yang, "Fine-Grained Image Classification Combining Swin and
Multi-Scale Feature Fusion", Computer Engineering and Applications 2023,
59(20):147-157. Unlike TransFG's part selection (attention rollout from the
CLS row), SwinFC has no CLS token: each block's attention map is scored per
head by its column mean and the most attended token is taken.
"""
from typing import Sequence, Tuple

import torch
import torch.nn as nn


class FeatureSelectionModule(nn.Module):
    """Select the most attended token per head and block, and average them.

    For every attention map ``A`` (one per block, ``(B, heads, N, N)``, rows
    are queries) the score of token ``j`` is the column mean
    ``a_j = 1/N * sum_i A[i, j]``; the argmax per head gives ``L * heads``
    indices per image, whose features are gathered from ``tokens`` and
    averaged. The selection has no parameters and no gradient; the gathered
    features do.

    Shapes:
        - attn_maps: sequence of ``(B, heads, N, N)``
        - tokens: ``(B, N, C)``
        - output: ``(B, C)`` mean feature and ``(B, L * heads)`` indices
    """

    @staticmethod
    def select(attn_maps: Sequence[torch.Tensor]) -> torch.Tensor:
        """Indices of the most attended token of every block and head."""
        scores = [a.mean(dim=2) for a in attn_maps]  # (B, heads, N) each
        return torch.cat([s.argmax(dim=-1) for s in scores], dim=1)

    def forward(self, attn_maps: Sequence[torch.Tensor],
                tokens: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        with torch.no_grad():
            idx = self.select(attn_maps)  # (B, L * heads)
        B, N, C = tokens.shape
        assert all(a.shape[-1] == N for a in attn_maps), (
            f'attention over {attn_maps[0].shape[-1]} tokens, features of '
            f'{N} tokens')
        picked = tokens.gather(1, idx.unsqueeze(-1).expand(-1, -1, C))
        return picked.mean(dim=1), idx  # (B, L * heads, C) -> (B, C)
