# Copyright (c) mmglm contributors. All rights reserved.
"""Single-head Performer attention (positive random features).

The kernelised attention of the T2T-ViT token performer
(yitu-opensource/T2T-ViT ``models/token_performer.py``), after Performer
(Choromanski et al., `arXiv:2009.14794 <https://arxiv.org/abs/2009.14794>`_).
No library ships this exact layer (k, q, v split order, frozen orthogonal
features stored in the checkpoint, value skip), so it is written here.
"""
import math
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModule


class PerformerAttention(BaseModule):
    """Performer self-attention with a value shortcut, as in T2T-ViT.

    With ``phi(x) = exp(w x - |x|^2 / 2) / sqrt(m)`` (``w``: m orthogonal
    random rows of norm ``sqrt(m)``, frozen)::

        k, q, v = split(kqv(x))            # order k, q, v (official)
        y = phi(q) (phi(k)^T v) / (phi(q) . sum_t phi(k_t) + 1e-8)
        out = v + dropout(proj(y))

    Args:
        input_dims (int): Width of the input tokens.
        embed_dims (int): Width of k, q, v and of the output.
        kernel_ratio (float): ``m = int(embed_dims * kernel_ratio)`` random
            features. Defaults to 0.5.
        proj_drop (float): Dropout after ``proj`` (official ``dp1``).
            Defaults to 0.1.
        eps (float): Added to the normaliser. Defaults to 1e-8.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        x: (B, T, input_dims) -> (B, T, embed_dims).
    """

    def __init__(self,
                 input_dims: int,
                 embed_dims: int,
                 kernel_ratio: float = 0.5,
                 proj_drop: float = 0.1,
                 eps: float = 1e-8,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.input_dims = input_dims
        self.embed_dims = embed_dims
        self.eps = eps
        self.kqv = nn.Linear(input_dims, 3 * embed_dims)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.proj_drop = nn.Dropout(proj_drop)
        self.num_features = int(embed_dims * kernel_ratio)
        # Frozen random features, saved with the weights (the official code
        # keeps them as a requires_grad=False Parameter named `w`).
        w = torch.empty(self.num_features, embed_dims)
        nn.init.orthogonal_(w)
        self.register_buffer('w', w * math.sqrt(self.num_features))

    def feature_map(self, x: torch.Tensor) -> torch.Tensor:
        """Positive random features ``exp(w x - |x|^2/2) / sqrt(m)``.

        Shapes:
            x: (B, T, embed_dims) -> (B, T, m).
        """
        x = x.float()
        half_sq_norm = x.pow(2).sum(dim=-1, keepdim=True) / 2  # (B, T, 1)
        wx = x @ self.w.t()  # (B, T, m)
        return torch.exp(wx - half_sq_norm) / math.sqrt(self.num_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        k, q, v = self.kqv(x).split(self.embed_dims, dim=-1)
        kp, qp = self.feature_map(k), self.feature_map(q)  # (B, T, m)
        # normaliser phi(q) . sum_t phi(k_t): (B, T, m) @ (B, m, 1)
        denom = qp @ kp.sum(dim=1).unsqueeze(-1)  # (B, T, 1)
        kv = kp.transpose(1, 2) @ v.float()  # (B, m, embed_dims)
        y = (qp @ kv) / (denom + self.eps)  # (B, T, embed_dims)
        return v + self.proj_drop(self.proj(y.to(v.dtype)))

    def extra_repr(self) -> str:
        return (f'input_dims={self.input_dims}, embed_dims={self.embed_dims}, '
                f'num_features={self.num_features}')
