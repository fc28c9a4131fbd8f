# Copyright (c) mmglm contributors. All rights reserved.
"""GLMNet: the Global-Local Mixture Network backbone.

No paper or code describes GLMNet; the only source is the blog post behind
the project specification (``specs/models/glmnet.md``): a PVTv2 global
branch and a ResNeXt-FReLU local branch fused after every stage, 93.4% top-1
on Intel Image Classification from scratch. Everything below the branch level
(exchange, stems, widths) is our proposal and is configurable.

The design follows mmpretrain's ``Conformer`` (a CNN and a Transformer branch
with per-stage fusion): the two branches are the registered
:class:`~mmglm.models.PVTv2` and :class:`~mmglm.models.ResNeXtFReLU`, kept
intact under ``global_branch.*`` / ``local_branch.*`` so that their ImageNet
weights load with ``init_cfg``, and the fusion is a small named module,
:class:`~mmglm.models.utils.GlobalLocalExchange`.
"""
import copy
from typing import List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmengine.model import ModuleList
from mmengine.utils.dl_utils.parrots_wrapper import _BatchNorm
from mmpretrain.models.backbones.base_backbone import BaseBackbone

from mmglm.registry import MODELS
from ..utils.global_local_exchange import GlobalLocalExchange
from ..utils.input_size import check_input_size
from ..utils.patchify_stem import PatchifyStem, PointwisePatchEmbed
from .pvt_v2 import PVTv2
from .resnext_frelu import ResNeXtFReLU

_RX50_32X4D = dict(depth=50, groups=32, width_per_group=4)


@MODELS.register_module()
class GLMNet(BaseBackbone):
    """GLMNet backbone: PVTv2 and ResNeXt-FReLU stepped stage by stage.

    For stage ``i`` = 1..4 both branches run their stage ``i``, giving the
    global map ``g_i`` (PVTv2, after its stage norm, NCHW) and the local map
    ``l_i`` (ResNeXt). After stages 1-3 the
    :class:`~mmglm.models.utils.GlobalLocalExchange` computes, with
    ``u_i = concat([g_i, l_i])``:

    - ``l_i' = BN(Conv1x1(u_i -> C_l,i))``, the input of local stage ``i+1``;
    - ``g_i' = g_i + gamma_i * Conv1x1(u_i -> C_g,i)``, the input of global
      stage ``i+1`` (whose overlapping patch embedding downsamples it), with
      one learnable ``gamma_i`` per stage initialised at 0: at init the
      global branch is exactly a PVTv2.

    Args:
        arch (str | dict): ``'tiny'`` (PVTv2-b0 + a narrow ResNeXt-26-FReLU,
            for CPU), ``'small'`` (PVTv2-b1 + ResNeXt-50 32x4d FReLU) or
            ``'base'`` (PVTv2-b2 + ResNeXt-50 32x4d FReLU, the seed's model),
            or a dict with ``global_arch`` (a :class:`PVTv2` arch) and
            ``local`` (kwargs of :class:`ResNeXtFReLU`, with ``depth``).
            Defaults to ``'base'``.
        in_channels (int): Image channels. Defaults to 3.
        stem (str): ``'separate'`` (default): each branch keeps its own stem
            (PVTv2 patch embedding; ResNeXt conv7x7 + BN + (F)ReLU +
            max-pool), so both load ImageNet weights; ``'shared_patchify'``:
            one :class:`~mmglm.models.utils.PatchifyStem` feeds ResNeXt
            ``layer1`` and, through a 1x1 conv + LN, the first PVTv2 blocks.
        frelu_sites (str): Passed to :class:`ResNeXtFReLU`: ``'all'``
            (default), ``'official_r50'`` or ``'none'`` (the ReLU ablation;
            the shared stem then uses ReLU too).
        gate (str): ``'learnable'`` (default) or ``'fixed'`` (``gamma_i`` is a
            constant ``gamma_init``: the "no gating" ablation with 1).
        gamma_init (float): Initial (or fixed) ``gamma_i``. Defaults to 0.
        exchange_cfg (dict, optional): Extra kwargs of
            :class:`~mmglm.models.utils.GlobalLocalExchange` (``norm_cfg``,
            ``local_act_cfg``, ``local_identity_init``).
        global_cfg (dict, optional): Extra kwargs of the :class:`PVTv2`
            branch (``drop_path_rate``, ``init_cfg``, ...).
        local_cfg (dict, optional): Extra kwargs of the
            :class:`ResNeXtFReLU` branch (``drop_path_rate``, ``init_cfg``,
            ``zero_init_residual``, ...).
        out_indices (Sequence[int]): Stages (0-3) to return. Defaults to
            ``(0, 1, 2, 3)``.
        out_type (str): What a returned stage map is: ``'concat'`` (default)
            ``concat([g_i, l_i])``, or only ``'global'`` / ``'local'``. The
            maps are taken before the exchange.
        size_divisor (int): Input height and width must be multiples of it,
            else ``forward`` raises :class:`~mmglm.models.utils.InputSizeError`
            (``check_input_size``: the size, the rule, valid sizes). With 32
            (default) every stage downsamples exactly (H/4 ... H/32). Both
            branches round odd sizes up the same way (``ceil``), so a smaller
            divisor also works: the intel-mini 112 px CPU recipes use 16
            (stage maps 28/14/7/4).
        frozen_stages (int): Freeze the stems (0) and stages (with their
            exchange) up to this 1-based index; -1 freezes nothing.
            Defaults to -1.
        norm_eval (bool): Keep BatchNorms in eval mode while training.
            Defaults to False.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shape:
        - Input: ``(B, in_channels, H, W)`` with ``H`` and ``W`` divisible
          by ``size_divisor`` (32).
        - Output: a tuple with, for each ``i`` in ``out_indices``, a map
          ``(B, C_i, ceil(H / 2**(i+2)), ceil(W / 2**(i+2)))`` where ``C_i`` is
          ``C_g,i + C_l,i``, ``C_g,i`` or ``C_l,i`` (see ``out_channels``).

    Example:
        >>> model = GLMNet('tiny')
        >>> [tuple(o.shape) for o in model(torch.rand(1, 3, 64, 64))]
        [(1, 96, 16, 16), (1, 192, 8, 8), (1, 416, 4, 4), (1, 768, 2, 2)]
    """

    arch_zoo = {
        'tiny':
        dict(
            global_arch='b0',
            local=dict(
                depth=26,
                stem_channels=32,
                base_channels=16,
                groups=8,
                width_per_group=4)),
        'small':
        dict(global_arch='b1', local=_RX50_32X4D),
        'base':
        dict(global_arch='b2', local=_RX50_32X4D),
    }
    num_stages = 4

    def __init__(self,
                 arch: Union[str, dict] = 'base',
                 in_channels: int = 3,
                 stem: str = 'separate',
                 frelu_sites: str = 'all',
                 gate: str = 'learnable',
                 gamma_init: float = 0.,
                 exchange_cfg: Optional[dict] = None,
                 global_cfg: Optional[dict] = None,
                 local_cfg: Optional[dict] = None,
                 out_indices: Sequence[int] = (0, 1, 2, 3),
                 out_type: str = 'concat',
                 size_divisor: int = 32,
                 frozen_stages: int = -1,
                 norm_eval: bool = False,
                 init_cfg: Union[dict, List[dict], None] = None):
        super().__init__(init_cfg=init_cfg)
        if isinstance(arch, str):
            assert arch in self.arch_zoo, (
                f'Arch {arch} is not in default archs {set(self.arch_zoo)}')
            arch = self.arch_zoo[arch]
        assert isinstance(arch, dict) and {'global_arch', 'local'} <= set(
            arch), f'Custom arch needs "global_arch" and "local", got {arch}'
        if stem not in ('separate', 'shared_patchify'):
            raise ValueError("stem must be 'separate' or 'shared_patchify', "
                             f'got {stem!r}')
        if out_type not in ('concat', 'global', 'local'):
            raise ValueError("out_type must be 'concat', 'global' or "
                             f"'local', got {out_type!r}")
        self.stem_type = stem
        self.size_divisor = size_divisor
        self.out_type = out_type
        self.out_indices = sorted(i % self.num_stages for i in out_indices)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval

        # Branches: freezing and out_indices are handled here, not by them.
        self.global_branch = PVTv2(
            arch=arch['global_arch'],
            in_channels=in_channels,
            **copy.deepcopy(global_cfg or {}))
        local_kwargs = {
            **copy.deepcopy(arch['local']),
            'frelu_sites': frelu_sites,
            **copy.deepcopy(local_cfg or {})
        }
        self.local_branch = ResNeXtFReLU(
            in_channels=in_channels,
            out_indices=(0, 1, 2, 3),
            **local_kwargs)
        g_ch = self.global_branch.out_channels
        l_ch = self.local_branch.out_channels

        if stem == 'shared_patchify':
            local = self.local_branch
            stem_channels = local.stem_channels
            act = dict(type='ReLU') if frelu_sites == 'none' else dict(
                type='FReLU')
            self.stem = PatchifyStem(
                in_channels,
                mid_channels=max(stem_channels // 2, 8),
                out_channels=stem_channels,
                act_cfg=act)
            # The local stem and PVTv2's first patch embedding are replaced.
            for name in ('conv1', local.norm1_name, 'relu', 'maxpool'):
                delattr(local, name)
            self.global_branch.patch_embed = PointwisePatchEmbed(
                stem_channels, g_ch[0])

        # mmengine's ModuleList (a BaseModule): model.init_weights() reaches
        # each exchange's own init_weights (local_identity_init).
        self.exchanges = ModuleList([
            GlobalLocalExchange(
                g_ch[i],
                l_ch[i],
                gate=gate,
                gamma_init=gamma_init,
                **copy.deepcopy(exchange_cfg or {}))
            for i in range(self.num_stages - 1)
        ])
        if out_type == 'concat':
            out_ch = [g + l for g, l in zip(g_ch, l_ch)]
        else:
            out_ch = g_ch if out_type == 'global' else l_ch
        self.out_channels = tuple(out_ch[i] for i in self.out_indices)
        self._freeze_stages()

    @property
    def gammas(self) -> List[torch.Tensor]:
        """The gates ``gamma_1..gamma_3`` (one per exchange)."""
        return [ex.gamma for ex in self.exchanges]

    def _check_input(self, x: torch.Tensor) -> None:
        check_input_size(
            x,
            divisor=self.size_divisor,
            model='GLMNet',
            reason='size_divisor; the branches downsample by 4, 2, 2, 2 and '
            'their maps are concatenated at every stage')

    def _format(self, g: torch.Tensor, l: torch.Tensor) -> torch.Tensor:
        if self.out_type == 'global':
            return g
        if self.out_type == 'local':
            return l
        return torch.cat([g, l], dim=1)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        self._check_input(x)
        if self.stem_type == 'shared_patchify':
            s = self.stem(x)  # (B, C_stem, H/4, W/4)
            g, l = self.global_branch.patch_embed(s), s
        else:
            g = self.global_branch.patch_embed(x)  # (B, H/4, W/4, C_g1)
            l = self.local_branch.forward_stem(x)  # (B, C_stem, H/4, W/4)
        outs = []
        for i in range(self.num_stages):
            g = self.global_branch.forward_stage(i, g)  # (B, C_g,i, H_i, W_i)
            l = getattr(self.local_branch,
                        self.local_branch.res_layers[i])(l)  # (B, C_l,i, ..)
            if i in self.out_indices:
                outs.append(self._format(g, l))
            if i < self.num_stages - 1:
                g, l = self.exchanges[i](g, l)
        return tuple(outs)

    def _stem_modules(self) -> List[nn.Module]:
        if self.stem_type == 'shared_patchify':
            return [self.stem, self.global_branch.patch_embed]
        local = self.local_branch
        return [
            self.global_branch.patch_embed, local.conv1, local.norm1,
            local.relu
        ]

    def _freeze_stages(self) -> None:
        if self.frozen_stages < 0:
            return
        modules = self._stem_modules()
        for i in range(min(self.frozen_stages, self.num_stages)):
            modules.append(self.global_branch.stages[i])
            modules.append(
                getattr(self.local_branch, self.local_branch.res_layers[i]))
            if i < self.num_stages - 1:
                modules.append(self.exchanges[i])
        for m in modules:
            m.eval()
            for param in m.parameters():
                param.requires_grad = False

    def train(self, mode: bool = True) -> 'GLMNet':
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, _BatchNorm):
                    m.eval()
        return self

