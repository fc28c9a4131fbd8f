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
import math
from typing import List, Sequence, Tuple

import torch
from mmpretrain.models.backbones import SwinTransformer

from mmglm.registry import MODELS
from ..utils.fsm import FeatureSelectionModule
from ..utils.input_size import check_input_size


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

    Input sizes: every stage map must be at least one window (mmpretrain's
    Swin pads maps to window multiples but, without ``pad_small_map``, cannot
    take a map smaller than the window), i.e. ``H, W > 32 * (window_size -
    1)``. FSM needs the last stage (``H / 32``) to be a single attention
    window, so the attention is global (true for Swin-B at 384 with window
    12, and for Swin-T at 128 with window 4): the input is then
    ``32 * window_size`` px. Other sizes raise
    :class:`~mmglm.models.utils.InputSizeError` (``check_input_size``) naming
    the size, the window and the fix before any compute.

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
        self.window_size = window_size
        self.patch_size = self.patch_embed.projection.stride[0]
        self.pad_small_map = kwargs.get('pad_small_map', False)
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

    def train(self, mode: bool = True) -> 'SwinFCBackbone':
        # mmpretrain's SwinTransformer.train returns None; keep nn.Module's
        # contract (``model.eval()`` returns the model).
        super().train(mode)
        return self

    def _last_stage_size(self, size: int) -> int:
        """Side of the last stage map: patch embedding and each patch merging
        pad to their stride (``ceil``)."""
        size = math.ceil(size / self.patch_size)
        for _ in range(self.num_layers - 1):
            size = math.ceil(size / 2)
        return size

    def _check_input(self, x: torch.Tensor) -> None:
        last = [self._last_stage_size(s) for s in x.shape[-2:]]
        ws = self.window_size
        stride = self.patch_size * 2**(self.num_layers - 1)
        if self.with_fsm and last != [ws, ws]:
            check_input_size(
                x,
                fixed=(stride * ws, stride * ws),
                model='SwinFCBackbone',
                reason=f'with_fsm: the last stage ({stride}x smaller) must '
                f'be one window_size={ws} attention window; or set '
                f'window_size to the input size // {stride}')
        elif not self.pad_small_map and min(last) < ws:
            check_input_size(
                x,
                min_size=stride * ws,
                model='SwinFCBackbone',
                reason=f'the last stage ({stride}x smaller) must be at least '
                f'one window_size={ws} window; or set a smaller window_size '
                'or pad_small_map=True')

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        self._check_input(x)
        self.attn_maps = []
        outs = super().forward(x)
        if not self.with_fsm:
            return outs
        last = outs[-1]  # (B, C, H, W)
        tokens = last.flatten(2).transpose(1, 2)  # (B, C, H, W) -> (B, N, C)
        maps = self.attn_maps[-len(self.stages[-1].blocks):]
        feat, _ = self.fsm(maps, tokens)  # (B, C)
        return (*outs, feat[:, :, None, None])  # (B, C, 1, 1)
