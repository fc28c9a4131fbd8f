# Copyright (c) mmglm contributors. All rights reserved.
"""EACA: external-dependency attention (EA) plus cross-spatial attention (CA).

The branch attention of SwinFC: Xiang, Chen and Yang, "Fine-Grained Image
Classification Combining Swin and Multi-Scale Feature Fusion", Computer
Engineering and Applications 2023, 59(20):147-157,
doi:10.3778/j.issn.1002-8331.2211-0456, Sec. 2.2, Figs. 2-4.

EA follows Guo et al., "Beyond Self-attention: External Attention using Two
Linear Layers for Visual Tasks" (https://arxiv.org/abs/2105.02358,
MenghaoGuo/EANet ``External_attention``) for the double normalisation; the
EANet input/output 1x1 convs, BN and ReLU are not in the SwinFC figure and are
left out. CA is *not* Coordinate Attention (Hou et al. 2021): it sums two
softmax maps instead of multiplying two sigmoid maps, and has no shared 1x1
conv. Neither module exists in mmcv, mmpretrain or timm, hence the code here.
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmglm.registry import MODELS


class ExternalAttention1d(BaseModule):
    """External-dependency attention (EA) of SwinFC, eq. (1)-(3).

    With the tokens ``X`` of one stage seen as a ``C x N`` sequence::

        A' = Conv1d(C -> M, k=3, pad=1)(X)        # memory read, M x N
        A  = Norm(A')                             # double normalisation
        X~ = Conv1d(M -> C, k=1)(A)               # memory write
        out = X + X~

    ``Norm`` is EANet's double normalisation: softmax over the N tokens, then
    division by the sum over the M memory units (``attn / (1e-9 +
    attn.sum(dim=1))``). The paper gives neither M nor Norm; both defaults
    follow EANet (our proposal, see the SwinFC spec).

    Args:
        in_channels (int): Channels C of the input map.
        memory_size (int): Memory units M. Defaults to 64 (EANet's S).
        kernel_size (int): Kernel of the memory-read conv. Defaults to 3.
        norm (str): ``'double'`` (EANet) or ``'softmax'`` (softmax over the
            tokens only). Defaults to ``'double'``.
        bias (bool): Bias in both convs. Defaults to False (as EANet; a bias
            on the memory read would be cancelled by the softmax anyway).
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        - input: ``(B, C, H, W)``
        - output: ``(B, C, H, W)``
    """

    def __init__(self,
                 in_channels: int,
                 memory_size: int = 64,
                 kernel_size: int = 3,
                 norm: str = 'double',
                 bias: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        assert norm in ('double', 'softmax'), f'unknown EA norm {norm!r}'
        self.norm = norm
        self.memory_read = nn.Conv1d(
            in_channels,
            memory_size,
            kernel_size,
            padding=kernel_size // 2,
            bias=bias)
        self.memory_write = nn.Conv1d(memory_size, in_channels, 1, bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, C, H, W = x.shape
        seq = x.flatten(2)  # (B, C, H, W) -> (B, C, N)
        attn = self.memory_read(seq)  # (B, M, N)
        attn = attn.softmax(dim=-1)  # over the N tokens
        if self.norm == 'double':
            attn = attn / (1e-9 + attn.sum(dim=1, keepdim=True))  # over M
        out = seq + self.memory_write(attn)  # (B, C, N)
        return out.view(B, C, H, W)


class CrossSpatialAttention(BaseModule):
    """Cross-spatial attention (CA) of SwinFC, eq. (4)-(6).

    ::

        X_H = mean_W(X)  -> C x H x 1,   A_H = softmax_H(Conv(3x1)(X_H))
        X_W = mean_H(X)  -> C x 1 x W,   A_W = softmax_W(Conv(1x3)(X_W))
        out = X * (A_H + A_W)            # broadcast sum, then product

    Both convs are full C -> C convs with "same" padding (the paper leaves
    groups and bias open; our proposal). They have no bias by default: a
    per-channel constant added before a softmax over positions cancels out,
    so a bias would never receive a gradient.

    Note:
        Because ``A_H ~ 1/H`` and ``A_W ~ 1/W``, the output is roughly
        ``X * (1/H + 1/W)``, i.e. small (about ``0.04 * X`` at 48x48). This is
        the paper's formula, implemented as written.

    Args:
        in_channels (int): Channels C of the input map.
        kernel_size (int): Length of the directional kernels. Defaults to 3.
        bias (bool): Bias in the convs (cancelled by the softmax). Defaults
            to False.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        - input: ``(B, C, H, W)``
        - output: ``(B, C, H, W)``
    """

    def __init__(self,
                 in_channels: int,
                 kernel_size: int = 3,
                 bias: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        pad = kernel_size // 2
        self.conv_h = nn.Conv2d(
            in_channels,
            in_channels, (kernel_size, 1),
            padding=(pad, 0),
            bias=bias)
        self.conv_w = nn.Conv2d(
            in_channels,
            in_channels, (1, kernel_size),
            padding=(0, pad),
            bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x_h = x.mean(dim=3, keepdim=True)  # (B, C, H, 1)
        x_w = x.mean(dim=2, keepdim=True)  # (B, C, 1, W)
        a_h = F.softmax(self.conv_h(x_h), dim=2)  # over the H positions
        a_w = F.softmax(self.conv_w(x_w), dim=3)  # over the W positions
        return x * (a_h + a_w)  # (B, C, H, 1) + (B, C, 1, W) -> (B, C, H, W)


@MODELS.register_module()
class EACA(BaseModule):
    """EACA branch attention of SwinFC: ``EA(X) + CA(X)``.

    Fig. 2 of the paper: EA and CA run in parallel on the same stage output
    and their outputs are summed. ``mode`` switches one part off for the
    ablation (Table 2: "+EA", "+CA", "+EACA").

    Args:
        in_channels (int): Channels C of the input map.
        mode (str): ``'eaca'`` (both, summed), ``'ea'`` or ``'ca'``.
            Defaults to ``'eaca'``.
        memory_size (int): EA memory units M. Defaults to 64.
        ea_norm (str): EA normalisation, ``'double'`` or ``'softmax'``.
            Defaults to ``'double'``.
        ca_kernel_size (int): CA directional kernel length. Defaults to 3.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        - input: ``(B, C, H, W)``
        - output: ``(B, C, H, W)``

    Examples:
        >>> import torch
        >>> from mmglm.models.utils import EACA
        >>> m = EACA(in_channels=8, memory_size=4)
        >>> m(torch.rand(2, 8, 6, 6)).shape
        torch.Size([2, 8, 6, 6])
    """

    def __init__(self,
                 in_channels: int,
                 mode: str = 'eaca',
                 memory_size: int = 64,
                 ea_norm: str = 'double',
                 ca_kernel_size: int = 3,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        assert mode in ('eaca', 'ea', 'ca'), f'unknown EACA mode {mode!r}'
        self.mode = mode
        self.ea = ExternalAttention1d(
            in_channels, memory_size, norm=ea_norm) if 'ea' in mode else None
        self.ca = CrossSpatialAttention(
            in_channels, ca_kernel_size) if mode != 'ea' else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.ea is None:
            return self.ca(x)
        if self.ca is None:
            return self.ea(x)
        return self.ea(x) + self.ca(x)
