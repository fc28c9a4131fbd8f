# Copyright (c) mmglm contributors. All rights reserved.
"""ViT with a selectable position-embedding resize kernel.

Dosovitskiy et al., "An Image is Worth 16x16 Words: Transformers for Image
Recognition at Scale", ICLR 2021, `arXiv:2010.11929
<https://arxiv.org/abs/2010.11929>`_.

The network is mmpretrain's :class:`~mmpretrain.models.backbones.
VisionTransformer`, unchanged. What it cannot express is the resize kernel of
the official code (``scipy.ndimage.zoom(order=1)``: bilinear with corners
aligned) or timm's default (bicubic, antialiased): mmpretrain's
``resize_pos_embed`` hard-codes ``align_corners=False`` without antialiasing.
:class:`ViT` adds the two switches, used both when a checkpoint of another
resolution is loaded and when the input size differs from ``img_size``.
"""
from typing import Tuple

import numpy as np
import torch
from mmengine.logging import MMLogger
from mmpretrain.models.backbones import VisionTransformer
from mmpretrain.models.utils import to_2tuple

from mmglm.registry import MODELS
from ..utils.drop_path_rates import python_drop_probs
from ..utils.pos_embed_resize import resize_pos_embed


@MODELS.register_module()
class ViT(VisionTransformer):
    """mmpretrain's VisionTransformer with the resize kernel as an option.

    Kernels (``interpolate_mode``, ``align_corners``, ``antialias``):

    - official JAX code: ``'bilinear', True, False``;
    - timm ``resample_abs_pos_embed`` default: ``'bicubic', False, True``;
    - timm ``_load_weights`` (``.npz``): ``'bilinear', False, False``;
    - mmpretrain (the default): ``'bicubic', False, False``.

    Args:
        *args: Positional arguments of ``VisionTransformer`` (``arch`` ...).
        align_corners (bool): Corner-aligned interpolation of the grid.
            Defaults to False.
        antialias (bool): Antialiased kernel (bilinear/bicubic only).
            Defaults to False.
        **kwargs: Keyword arguments of ``VisionTransformer``: ``arch``
            (``'b'``, ``'l'``, ``'h'``, ``'deit-s'`` ... or a dict),
            ``img_size``, ``patch_size``, ``interpolate_mode`` and so on.

    Shapes:
        x: (B, 3, H, W) -> tuple of outputs as ``VisionTransformer``.
    """

    def __init__(self,
                 *args,
                 align_corners: bool = False,
                 antialias: bool = False,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        python_drop_probs(self)  # NumPy rates: graph breaks under compile
        self.align_corners = align_corners
        self.antialias = antialias
        # Fail at build time, not at the first resize.
        resize_pos_embed(
            torch.zeros(1, 1 + 4, 1), (2, 2), (3, 3),
            mode=self.interpolate_mode,
            align_corners=align_corners,
            antialias=antialias)

    def train(self, mode: bool = True) -> 'ViT':
        # mmpretrain's BaseBackbone.train returns None; keep nn.Module's
        # contract (``model.eval()`` returns the model). mmpretrain puts the
        # frozen stages in eval mode only at build time: re-apply it after
        # every train() (dropout / drop-path off in frozen layers).
        super().train(mode)
        if mode and self.frozen_stages > 0:
            self._freeze_stages()
        return self

    def _resize(self, pos_embed: torch.Tensor, src: Tuple[int, int],
                dst: Tuple[int, int]) -> torch.Tensor:
        return resize_pos_embed(
            pos_embed,
            src,
            dst,
            mode=self.interpolate_mode,
            num_extra_tokens=self.num_extra_tokens,
            align_corners=self.align_corners,
            antialias=self.antialias)

    def _prepare_pos_embed(self, state_dict: dict, prefix: str, *args,
                           **kwargs) -> None:
        """Load-time resize (replaces mmpretrain's hook, same logic)."""
        name = prefix + 'pos_embed'
        if name not in state_dict:
            return
        ckpt_shape = state_dict[name].shape
        if (not self.with_cls_token
                and ckpt_shape[1] == self.pos_embed.shape[1] + 1):
            # Drop the cls position if the model has no cls token.
            state_dict[name] = state_dict[name][:, 1:]
            ckpt_shape = state_dict[name].shape
        if self.pos_embed.shape == ckpt_shape:
            return
        MMLogger.get_current_instance().info(
            f'Resize pos_embed from {tuple(ckpt_shape)} to '
            f'{tuple(self.pos_embed.shape)}.')
        src = to_2tuple(int(np.sqrt(ckpt_shape[1] - self.num_extra_tokens)))
        state_dict[name] = self._resize(state_dict[name], src,
                                        self.patch_embed.init_out_size)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        # VisionTransformer.forward with self._resize as the resize kernel.
        B = x.shape[0]
        x, patch_resolution = self.patch_embed(x)  # (B, h*w, C)
        if self.cls_token is not None:
            x = torch.cat((self.cls_token.expand(B, -1, -1), x), dim=1)
        x = x + self._resize(self.pos_embed, self.patch_resolution,
                             patch_resolution)
        x = self.drop_after_pos(x)
        x = self.pre_norm(x)

        outs = []
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i == len(self.layers) - 1 and self.final_norm:
                x = self.ln1(x)
            if i in self.out_indices:
                outs.append(self._format_output(x, patch_resolution))
        return tuple(outs)
