# Copyright (c) mmglm contributors. All rights reserved.
"""ViTDet's simple feature pyramid: one plain-ViT map to several strides.

Li, Mao, Girshick and He, "Exploring Plain Vision Transformer Backbones for
Object Detection", ECCV 2022, `arXiv:2203.16527
<https://arxiv.org/abs/2203.16527>`_, Sec. 3 and Fig. 2 (c); after
detectron2's ``SimpleFeaturePyramid``. mmdet 3.3.0 installs none (its
``projects/ViTDet`` only has FPN variants fed by several maps), so it lives
here, built from mmcv's ``ConvModule`` and MMPretrain's ``LN2d``.
"""
import math
from typing import Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule, build_norm_layer
from mmengine.model import BaseModule

from mmglm.registry import MODELS


@MODELS.register_module()
class SimpleFeaturePyramid(BaseModule):
    """Simple feature pyramid (ViTDet) from the last map of a plain backbone.

    For each ``scale_factors`` entry s (relative to the input map's stride):

    - s = 4: ``ConvTranspose2x2/2 (C -> C/2)``, norm, GELU,
      ``ConvTranspose2x2/2 (C/2 -> C/4)``;
    - s = 2: ``ConvTranspose2x2/2 (C -> C/2)``;
    - s = 1: identity;
    - s = 1/2, 1/4: ``MaxPool`` 2x2/2, 4x4/4;

    then ``Conv1x1 (-> out_channels)`` + norm and ``Conv3x3`` + norm (no
    activation, no bias), as detectron2. For ``num_outs`` beyond the pyramid,
    extra levels are added on the last output as mmdet's ``FPN`` does:
    ``Conv3x3/2`` (+ norm) with ``add_extra_convs=True`` (RetinaNet's P6, P7),
    else ``max_pool2d(kernel 1, stride 2)`` (ViTDet's ``LastLevelMaxPool``).

    Args:
        in_channels (int): Channels C of the backbone map.
        out_channels (int): Channels of every output level.
        scale_factors (Sequence[float]): Up/down-sampling of each level,
            powers of 2 in [1/4, 4]. Defaults to ``(4.0, 2.0, 1.0, 0.5)``:
            strides 4-32 from a stride-16 ViT.
        num_outs (int, optional): Number of outputs, at least
            ``len(scale_factors)``. Defaults to ``len(scale_factors)``.
        add_extra_convs (bool): Strided convs (True) or max-pooling (False)
            for the extra levels. Defaults to False.
        in_index (int): Which map of the input tuple to use. Defaults to -1.
        norm_cfg (dict): Norm of every conv and of the x4 branch. Defaults to
            ``dict(type='LN2d')`` (channel LayerNorm, as ViTDet).
        init_cfg (dict | list, optional): Initialization config. Defaults to
            None (PyTorch's default init, as detectron2 before its
            c2_xavier_fill; the heads train either way).

    Shapes:
        - input: tuple whose ``in_index`` item is (B, C, H, W)
        - output: tuple of ``num_outs`` maps (B, out_channels, H*s, W*s)
          (rounded down when pooling), then H*s/2, ... for the extras.

    Examples:
        >>> import torch
        >>> from mmglm.models import SimpleFeaturePyramid
        >>> neck = SimpleFeaturePyramid(32, 16)
        >>> [tuple(o.shape[2:]) for o in neck((torch.rand(1, 32, 8, 12), ))]
        [(32, 48), (16, 24), (8, 12), (4, 6)]
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 scale_factors: Sequence[float] = (4.0, 2.0, 1.0, 0.5),
                 num_outs: Optional[int] = None,
                 add_extra_convs: bool = False,
                 in_index: int = -1,
                 norm_cfg: dict = dict(type='LN2d'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.scale_factors = tuple(float(s) for s in scale_factors)
        self.num_outs = num_outs or len(self.scale_factors)
        if self.num_outs < len(self.scale_factors):
            raise ValueError(
                f'SimpleFeaturePyramid: num_outs={self.num_outs} is fewer '
                f'than the {len(self.scale_factors)} scale_factors '
                f'{self.scale_factors}; raise num_outs or drop factors.')
        self.add_extra_convs = add_extra_convs
        self.in_index = in_index
        norm_cfg = dict(norm_cfg)
        if isinstance(norm_cfg['type'], str):
            # Resolve by class in mmglm's registry (LN2d is MMPretrain's),
            # whatever scope the detector is built in.
            norm_cfg['type'] = MODELS.get(norm_cfg['type'])
        self.stages = nn.ModuleList()
        for s in self.scale_factors:
            resample, dim = self._resample(s, in_channels, norm_cfg)
            self.stages.append(
                nn.Sequential(
                    resample,
                    ConvModule(dim, out_channels, 1, bias=False,
                               norm_cfg=norm_cfg, act_cfg=None),
                    ConvModule(out_channels, out_channels, 3, padding=1,
                               bias=False, norm_cfg=norm_cfg,
                               act_cfg=None)))
        self.extra_convs = nn.ModuleList()
        if add_extra_convs:
            for _ in range(self.num_outs - len(self.scale_factors)):
                self.extra_convs.append(
                    ConvModule(out_channels, out_channels, 3, stride=2,
                               padding=1, bias=False, norm_cfg=norm_cfg,
                               act_cfg=None))

    @staticmethod
    def _resample(scale: float, dim: int,
                  norm_cfg: dict) -> Tuple[nn.Module, int]:
        """The up/down-sampling of one level and its output channels."""
        log2 = math.log2(scale) if scale > 0 else None
        if log2 is None or log2 != int(log2) or not -2 <= log2 <= 2:
            raise ValueError(
                f'SimpleFeaturePyramid: scale factor {scale} is not one of '
                f'4, 2, 1, 0.5, 0.25 (powers of 2 between 1/4 and 4).')
        if scale == 4:
            return nn.Sequential(
                nn.ConvTranspose2d(dim, dim // 2, 2, stride=2),
                build_norm_layer(norm_cfg, dim // 2)[1], nn.GELU(),
                nn.ConvTranspose2d(dim // 2, dim // 4, 2,
                                   stride=2)), dim // 4
        if scale == 2:
            return nn.ConvTranspose2d(dim, dim // 2, 2, stride=2), dim // 2
        if scale == 1:
            return nn.Identity(), dim
        k = int(round(1 / scale))
        return nn.MaxPool2d(k, stride=k), dim

    def forward(self, inputs: Sequence[torch.Tensor]) -> Tuple[torch.Tensor]:
        x = inputs[self.in_index]
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f'SimpleFeaturePyramid: expected a (B, {self.in_channels}, '
                f'H, W) map, got {tuple(x.shape)}; use the backbone\'s '
                f"out_type='featmap' and set in_channels to its width.")
        outs = [stage(x) for stage in self.stages]
        for i in range(self.num_outs - len(outs)):
            if self.add_extra_convs:
                outs.append(self.extra_convs[i](outs[-1]))
            else:
                outs.append(nn.functional.max_pool2d(outs[-1], 1, stride=2))
        return tuple(outs)
