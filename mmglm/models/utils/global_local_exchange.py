# Copyright (c) mmglm contributors. All rights reserved.
"""The stage-wise exchange between GLMNet's global and local branches."""
from typing import Optional, Tuple

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule

from .frelu import build_act_layer


class GlobalLocalExchange(nn.Module):
    """Exchange after a stage of GLMNet (our proposal; the blog gives only
    "concat, 1x1 conv, learnable scalar").

    With ``u = concat([g, l], dim=1)``:

    - local path: ``l' = act(BN(Conv1x1(u -> C_l, bias=False)))``; ``l'``
      replaces ``l`` (no residual), ``act`` defaults to none;
    - global path: ``g' = g + gamma * Conv1x1(u -> C_g)``, with ``gamma`` a
      learnable scalar initialised at 0 (the SAGAN / DANet zero-init gate),
      so that at init the global branch is an unmodified PVTv2.

    Args:
        global_channels (int): Channels C_g of ``g``.
        local_channels (int): Channels C_l of ``l``.
        gate (str): ``'learnable'`` (default): ``gamma`` is a parameter
            initialised at ``gamma_init``; ``'fixed'``: ``gamma`` is a
            constant buffer equal to ``gamma_init`` (the "no gating"
            ablation uses ``gamma_init=1``).
        gamma_init (float): Initial (or fixed) value of ``gamma``.
            Defaults to 0.
        norm_cfg (dict): Norm of the local path. Defaults to BN.
        local_act_cfg (dict, optional): Activation of the local path (FReLU
            allowed). Defaults to None (no activation).
        local_identity_init (bool): Initialise the local 1x1 conv as
            ``[0 | I]`` (and its BN as identity in eval), so that ``l' = l``
            at init. Defaults to False.

    Shape:
        - Input: ``g`` ``(B, C_g, H, W)`` and ``l`` ``(B, C_l, H, W)``.
        - Output: ``(g', l')`` with the same shapes.
    """

    def __init__(self,
                 global_channels: int,
                 local_channels: int,
                 gate: str = 'learnable',
                 gamma_init: float = 0.,
                 norm_cfg: dict = dict(type='BN'),
                 local_act_cfg: Optional[dict] = None,
                 local_identity_init: bool = False):
        super().__init__()
        if gate not in ('learnable', 'fixed'):
            raise ValueError(
                f"gate must be 'learnable' or 'fixed', got {gate!r}")
        self.global_channels = global_channels
        self.local_channels = local_channels
        self.local_identity_init = local_identity_init
        in_channels = global_channels + local_channels
        self.local_proj = ConvModule(
            in_channels,
            local_channels,
            kernel_size=1,
            bias=False,
            norm_cfg=norm_cfg,
            act_cfg=None)
        self.local_act = build_act_layer(local_act_cfg, local_channels)
        self.global_proj = nn.Conv2d(in_channels, global_channels, 1)
        self.gate = gate
        gamma = torch.full((1, ), float(gamma_init))
        if gate == 'learnable':
            self.gamma = nn.Parameter(gamma)
        else:
            self.register_buffer('gamma', gamma)

    def init_weights(self) -> None:
        """Apply the ``[0 | I]`` local init when asked (runs after the
        owner's ``init_cfg``)."""
        if not self.local_identity_init:
            return
        weight = self.local_proj.conv.weight  # (C_l, C_g + C_l, 1, 1)
        with torch.no_grad():
            weight.zero_()
            idx = torch.arange(self.local_channels)
            weight[idx, self.global_channels + idx, 0, 0] = 1.

    def forward(self, g: torch.Tensor,
                l: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        u = torch.cat([g, l], dim=1)  # (B, C_g + C_l, H, W)
        l_new = self.local_act(self.local_proj(u))
        g_new = g + self.gamma * self.global_proj(u)
        return g_new, l_new
