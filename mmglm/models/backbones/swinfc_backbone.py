# Copyright (c) mmglm contributors. All rights reserved.
"""Swin backbone of SwinFC: stages 2-4 plus FSM-selected token features.

Xiang, Chen and Yang, "Fine-Grained Image Classification Combining Swin and
Multi-Scale Feature Fusion", Computer Engineering and Applications 2023,
59(20):147-157, Sec. 2.1 and 2.4.

mmpretrain's :class:`~mmpretrain.models.backbones.SwinTransformer` is reused
unchanged (same parameter names, so its checkpoints load as they are); this
thin subclass only adds forward hooks on the attention softmax of the
last-stage blocks and runs the FSM token selection on the maps they record.
"""
from typing import List, Sequence, Tuple

import torch
from mmpretrain.models.backbones import SwinTransformer

from mmglm.registry import MODELS
from ..utils.fsm import FeatureSelectionModule


@MODELS.register_module()
class SwinFCBackbone(SwinTransformer):
    """Swin Transformer returning the SwinFC branch maps and FSM feature.

    The stage outputs are taken before each patch merging (the original Swin
    convention; mmpretrain's ``out_after_downsample=False``) and normalised by
    mmpretrain's per-stage ``norm{i}``: at 384 px with Swin-B, stages 2-4 are
    ``256x48x48``, ``512x24x24`` and ``1024x12x12``.

    With ``with_fsm=True`` a forward hook on ``attn.w_msa.softmax`` of every
    last-stage block records its attention map ``(B, heads, N, N)``; the FSM
    (:class:`FeatureSelectionModule`) takes the most attended token per block
    and head (``2 x 32 = 64`` for Swin-B) from the last-stage output sequence
    and averages them. The maps stay readable in :attr:`attn_maps` after a
    forward (e.g. for visualisation).

    FSM needs the last stage to be a single attention window, so the attention
    is global (true for Swin-B at 384 with window 12, and for Swin-T at 128
    with window 4); otherwise forward raises.

    Args:
        arch (str | dict): Swin arch, as in mmpretrain, plus ``'test'`` (a tiny
            arch for unit tests). Defaults to ``'base'``.
        img_size (int | tuple): Input size. Defaults to 384.
        window_size (int): Attention window. Defaults to 12.
        out_indices (Sequence[int]): Stages to return (0-based, so ``(1, 2,
            3)`` are the paper's stages 2-4). Defaults to ``(1, 2, 3)``.
        with_fsm (bool): Append the FSM feature to the outputs. Defaults to
            True.
        **kwargs: Other arguments of mmpretrain's ``SwinTransformer``.

    Returns:
        tuple[Tensor]: the ``out_indices`` maps ``(B, C_i, H_i, W_i)``, then,
        with ``with_fsm``, the FSM feature ``(B, C_last, 1, 1)``.

    Examples:
        >>> import torch
        >>> from mmglm.models import SwinFCBackbone
        >>> m = SwinFCBackbone(arch='test', img_size=64, window_size=2)
        >>> [tuple(o.shape) for o in m(torch.rand(1, 3, 64, 64))]
        [(1, 16, 8, 8), (1, 32, 4, 4), (1, 64, 2, 2), (1, 64, 1, 1)]
    """
    arch_zoo = {
        **SwinTransformer.arch_zoo,
        'test': {
            'embed_dims': 8,
            'depths': [1, 1, 1, 2],
            'num_heads': [1, 2, 2, 4]
        },
    }

    def __init__(self,
                 arch: str = 'base',
                 img_size: int = 384,
                 window_size: int = 12,
                 out_indices: Sequence[int] = (1, 2, 3),
                 with_fsm: bool = True,
                 **kwargs) -> None:
        super().__init__(
            arch=arch,
            img_size=img_size,
            window_size=window_size,
            out_indices=tuple(out_indices),
            **kwargs)
        last = self.num_layers - 1
        assert not with_fsm or last in self.out_indices, (
            'FSM gathers tokens from the last stage: keep it in out_indices')
        self.with_fsm = with_fsm
        self.attn_maps: List[torch.Tensor] = []
        if with_fsm:
            self.fsm = FeatureSelectionModule()
            for block in self.stages[last].blocks:
                block.attn.w_msa.softmax.register_forward_hook(
                    self._record_attn)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, *args,
                              **kwargs):
        # mmpretrain migrates old Swin checkpoints (`norm.*` -> `norm3.*` for
        # version < 2, stale `attn_mask` buffers for version < 3) only when
        # `self.__class__ is SwinTransformer`; the layout here is the same, so
        # apply the same migration (mmengine's `Pretrained` loading with a
        # `prefix` drops the version metadata, i.e. version None).
        version = local_metadata.get('version', None)
        last = f'norm{self.num_layers - 1}.'
        for key in list(state_dict):
            if not key.startswith(prefix):
                continue
            name = key[len(prefix):]
            if (version is None or version < 2) and name.startswith('norm.'):
                state_dict[prefix + last + name[5:]] = state_dict.pop(key)
            elif (version is None or version < 3) and 'attn_mask' in name:
                del state_dict[key]
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      *args, **kwargs)

    def _record_attn(self, module, inputs, output: torch.Tensor) -> None:
        self.attn_maps.append(output)  # (num_windows * B, heads, N, N)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        self.attn_maps = []
        outs = super().forward(x)
        if not self.with_fsm:
            return outs
        last = outs[-1]  # (B, C, H, W)
        B, C, H, W = last.shape
        maps = self.attn_maps[-len(self.stages[-1].blocks):]
        if maps[0].shape[0] != B or maps[0].shape[-1] != H * W:
            raise ValueError(
                f'FSM needs the last stage ({H}x{W}) to be one attention '
                f'window, got maps of shape {tuple(maps[0].shape)}: set '
                f'window_size to img_size // 32')
        tokens = last.flatten(2).transpose(1, 2)  # (B, C, H, W) -> (B, N, C)
        feat, _ = self.fsm(maps, tokens)  # (B, C)
        return (*outs, feat[:, :, None, None])  # (B, C, 1, 1)
