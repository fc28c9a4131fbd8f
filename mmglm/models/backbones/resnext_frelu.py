# Copyright (c) mmglm contributors. All rights reserved.
"""ResNeXt with FReLU activations (the local branch of GLMNet).

ResNeXt: `Aggregated Residual Transformations for Deep Neural Networks
<https://arxiv.org/abs/1611.05431>`_; FReLU: `Funnel Activation for Visual
Recognition <https://arxiv.org/abs/2007.11824>`_.

Built on mmpretrain's ResNet/ResNeXt machinery and mmglm's one
:class:`~mmglm.models.utils.Bottleneck` (grouped 3x3 conv, FReLU at its
three activation sites): only the activations and the stem's ReLU differ. The layout is torchvision's (stride
on the grouped 3x3 conv, bias-free convs, ``conv1/bn1/layer{i}.{j}.conv1...``
keys), so with ``frelu_sites='none'`` this is exactly timm's
``resnext50_32x4d`` and its ImageNet weights load unchanged (see
``tools/model_converters/timm_resnext_to_mmglm.py``).
"""
from typing import Sequence, Tuple

import torch
from mmpretrain.models.backbones.resnet import ResLayer
from mmpretrain.models.backbones.resnext import ResNeXt

from mmglm.registry import MODELS
from ..utils.bottleneck import Bottleneck
from ..utils.frelu import FReLU

FRELU_SITES = ('all', 'official_r50', 'none')


# The former block name: mmglm's one bottleneck with per-site FReLU.
FReLUBottleneck = Bottleneck
_FRELU = dict(type='FReLU')
_RELU = dict(type='ReLU', inplace=True)


@MODELS.register_module()
class ResNeXtFReLU(ResNeXt):
    """ResNeXt whose ReLUs are FReLU (GLMNet's local branch).

    A subclass of mmpretrain's :class:`~mmpretrain.models.ResNeXt` whose
    blocks are mmglm's :class:`~mmglm.models.utils.Bottleneck` with
    ``act_cfg=dict(type='FReLU')`` at FReLU sites and, when the stem is an
    FReLU site, the stem ReLU for an :class:`FReLU`. Everything else (stem,
    ``ResLayer``, strides, ``frozen_stages``, ``norm_eval``,
    ``zero_init_residual``, init) is mmpretrain's.

    Besides ResNeXt's depths 50/101/152 a depth 26 with two bottlenecks per
    stage is offered (as timm's ``resnet26``) for the narrow local branch of
    GLMNet-tiny.

    Args:
        depth (int): 26, 50, 101 or 152.
        groups (int): Cardinality of the grouped 3x3 conv. Defaults to 32.
        width_per_group (int): Width of one group in the first stage.
            Defaults to 4 (``32x4d``).
        frelu_sites (str): Where FReLU replaces ReLU:

            - ``'all'`` (default): the stem and every bottleneck site,
              including the post-add activation ("ReLU replaced by FReLU"
              taken literally);
            - ``'official_r50'``: the placement of the official
              ResNet50-FReLU: bottlenecks of stages 1-3; the stem and
              stage 4 keep ReLU;
            - ``'none'``: plain ResNeXt (every site ReLU).
        **kwargs: Passed to :class:`~mmpretrain.models.ResNeXt` /
            :class:`~mmpretrain.models.ResNet` (``stem_channels``,
            ``base_channels``, ``out_indices``, ``frozen_stages``,
            ``norm_eval``, ``drop_path_rate``, ``init_cfg``, ...).
            ``deep_stem=True`` keeps mmpretrain's ReLU deep stem.

    Example:
        >>> model = ResNeXtFReLU(depth=50, out_indices=(0, 1, 2, 3))
        >>> outs = model(torch.rand(1, 3, 224, 224))
        >>> [o.shape[1] for o in outs], tuple(outs[-1].shape)
        ([256, 512, 1024, 2048], (1, 2048, 7, 7))
    """

    arch_settings = {
        26: (Bottleneck, (2, 2, 2, 2)),
        50: (Bottleneck, (3, 4, 6, 3)),
        101: (Bottleneck, (3, 4, 23, 3)),
        152: (Bottleneck, (3, 8, 36, 3)),
    }

    def __init__(self,
                 depth: int,
                 groups: int = 32,
                 width_per_group: int = 4,
                 frelu_sites: str = 'all',
                 out_indices: Sequence[int] = (3, ),
                 **kwargs):
        if frelu_sites not in FRELU_SITES:
            raise ValueError(f'frelu_sites must be one of {FRELU_SITES}, '
                             f'got {frelu_sites!r}')
        self.frelu_sites = frelu_sites
        super().__init__(
            depth,
            groups=groups,
            width_per_group=width_per_group,
            out_indices=out_indices,
            **kwargs)
        self.out_channels = tuple(
            getattr(self, name)[-1].out_channels for name in self.res_layers)

    def stage_uses_frelu(self, stage: int) -> bool:
        """Whether the bottlenecks of stage ``stage`` (0-based) use FReLU."""
        if self.frelu_sites == 'all':
            return True
        if self.frelu_sites == 'official_r50':
            return stage < 3
        return False

    @property
    def stem_uses_frelu(self) -> bool:
        return self.frelu_sites == 'all'

    def make_res_layer(self, **kwargs) -> ResLayer:
        # Called once per stage in order, before the stage is appended to
        # ``self.res_layers``; its length is therefore the stage index.
        stage = len(self.res_layers)
        return super().make_res_layer(
            act_cfg=_FRELU if self.stage_uses_frelu(stage) else _RELU,
            **kwargs)

    def _make_stem_layer(self, in_channels: int, stem_channels: int) -> None:
        super()._make_stem_layer(in_channels, stem_channels)
        if not self.deep_stem and self.stem_uses_frelu:
            self.relu = FReLU(stem_channels)

    def forward_stem(self, x: torch.Tensor) -> torch.Tensor:
        """Stem and max-pool: ``(B, 3, H, W)`` -> ``(B, C_stem, H/4, W/4)``."""
        if self.deep_stem:
            x = self.stem(x)
        else:
            x = self.relu(self.norm1(self.conv1(x)))
        return self.maxpool(x)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        x = self.forward_stem(x)
        outs = []
        for i, layer_name in enumerate(self.res_layers):
            x = getattr(self, layer_name)(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _freeze_stages(self) -> None:
        super()._freeze_stages()
        # mmpretrain freezes conv1/bn1 of the stem; the stem FReLU too.
        if self.frozen_stages >= 0 and isinstance(
                getattr(self, 'relu', None), FReLU):
            self.relu.eval()
            for param in self.relu.parameters():
                param.requires_grad = False

    def train(self, mode: bool = True) -> 'ResNeXtFReLU':
        # mmpretrain's ResNet.train returns None; keep nn.Module's contract
        # (``model.eval()`` returns the model).
        super().train(mode)
        return self
