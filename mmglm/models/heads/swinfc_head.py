# Copyright (c) mmglm contributors. All rights reserved.
"""Staged multi-loss head of SwinFC.

Xiang, Chen and Yang, "Fine-Grained Image Classification Combining Swin and
Multi-Scale Feature Fusion", Computer Engineering and Applications 2023,
59(20):147-157, Sec. 2.5: ``L = L_swin + sum_i beta_i L_stage^i + L_con``
with ``beta = (0.4, 0.6, 0.8)`` for stages 2, 3, 4.
"""
from typing import List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmpretrain.evaluation.metrics import Accuracy
from mmpretrain.models.heads import ClsHead
from mmpretrain.models.utils import LayerNorm2d
from mmpretrain.structures import DataSample

from mmglm.registry import MODELS


def _build_loss(cfg: Union[dict, nn.Module], **override) -> nn.Module:
    """Build a loss by class from mmglm's registry (parents included)."""
    if isinstance(cfg, nn.Module):
        return cfg
    cfg = {**cfg, **override}
    return MODELS.get(cfg.pop('type'))(**cfg)


@MODELS.register_module()
class SwinFCHead(ClsHead):
    """SwinFC head: backbone classifier, branch classifiers and FSM loss.

    Input: the output of :class:`~mmglm.models.necks.FFMNeck`,
    ``(x_last, b_1, ..., b_n[, z])``:

    - ``x_last`` ``(B, C, H, W)``: the backbone's last stage, classified by
      the backbone's own head (GAP -> Linear), loss ``loss_swin``;
    - ``b_i`` ``(B, C_f, H_i, W_i)``: branch maps, each classified by its own
      LN -> GAP -> Linear (our proposal; Fig. 1 shows AVG-Pool ->
      Classifier), losses ``loss_<name_i>`` weighted by ``beta_i``;
    - ``z`` ``(B, C, 1, 1)`` (with ``con_loss``): the FSM feature, which feeds
      only the contrastive loss ``loss_con``.

    Every logged term already carries its weight, so mmengine's
    ``parse_losses`` total is ``loss_swin + sum_i beta_i * CE_i + loss_con``.

    At test time (not stated in the paper) ``predict_mode='backbone'``
    scores with the backbone head, ``'sum'`` with the sum of the logits of
    all heads (FBSD's convention).

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Channels of the backbone's last stage.
        branch_channels (int): Channels C_f of the branch maps.
        branch_names (Sequence[str]): Names of the branches in loss keys.
            Defaults to ``('stage2', 'stage3', 'stage4')``.
        branch_weights (Sequence[float]): The betas. Defaults to
            ``(0.4, 0.6, 0.8)``.
        loss (dict): Classification loss of every head; the branch losses get
            ``loss_weight = beta_i``. Defaults to ``CrossEntropyLoss``.
        con_loss (dict, optional): FSM loss, or None when the input has no FSM
            feature. Defaults to ``TransFGContrastiveLoss(margin=0.4)``.
        predict_mode (str): ``'backbone'`` or ``'sum'``. Defaults to
            ``'backbone'``.
        topk (int | tuple): Top-k accuracy with ``cal_acc``.
        cal_acc (bool): Log the training accuracy of the backbone head.
        init_cfg (dict, optional): Initialization config. Defaults to
            TruncNormal(0.02) on the Linear layers.

    Examples:
        >>> import torch
        >>> from mmglm.models import SwinFCHead
        >>> head = SwinFCHead(num_classes=5, in_channels=8, branch_channels=8)
        >>> feats = (torch.rand(2, 8, 2, 2), torch.rand(2, 8, 8, 8),
        ...          torch.rand(2, 8, 4, 4), torch.rand(2, 8, 2, 2),
        ...          torch.rand(2, 8, 1, 1))
        >>> [tuple(s.shape) for s in head(feats)]
        [(2, 5), (2, 5), (2, 5), (2, 5)]
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        branch_channels: int,
        branch_names: Sequence[str] = ('stage2', 'stage3', 'stage4'),
        branch_weights: Sequence[float] = (0.4, 0.6, 0.8),
        loss: dict = dict(type='CrossEntropyLoss', loss_weight=1.0),
        con_loss: Optional[dict] = dict(
            type='TransFGContrastiveLoss', margin=0.4),
        predict_mode: str = 'backbone',
        topk: Union[int, Tuple[int]] = (1, ),
        cal_acc: bool = False,
        init_cfg: Optional[dict] = dict(
            type='TruncNormal', layer='Linear', std=0.02)
    ) -> None:
        super().__init__(
            loss=_build_loss(loss),
            topk=topk,
            cal_acc=cal_acc,
            init_cfg=init_cfg)
        assert len(branch_names) == len(branch_weights)
        assert predict_mode in ('backbone', 'sum'), predict_mode
        self.num_classes = num_classes
        self.branch_names = tuple(branch_names)
        self.branch_weights = tuple(branch_weights)
        self.predict_mode = predict_mode
        self.fc = nn.Linear(in_channels, num_classes)
        self.branch_norms = nn.ModuleList(
            LayerNorm2d(branch_channels) for _ in branch_names)
        self.branch_fcs = nn.ModuleList(
            nn.Linear(branch_channels, num_classes) for _ in branch_names)
        self.branch_losses = nn.ModuleList(
            _build_loss(loss, loss_weight=w) for w in branch_weights)
        self.con_loss = None if con_loss is None else _build_loss(con_loss)

    @property
    def num_branches(self) -> int:
        return len(self.branch_names)

    def pre_logits(
            self, feats: Tuple[torch.Tensor, ...]) -> Tuple[torch.Tensor, ...]:
        """Pooled features: backbone ``(B, C)``, then branches ``(B, C_f)``."""
        assert len(feats) >= 1 + self.num_branches, (
            f'expected (x_last, {self.num_branches} branches[, fsm]), '
            f'got {len(feats)} inputs')
        pooled = [feats[0].mean(dim=(2, 3))]  # (B, C, H, W) -> (B, C)
        for x, norm in zip(feats[1:1 + self.num_branches], self.branch_norms):
            pooled.append(norm(x).mean(dim=(2, 3)))  # LN -> GAP: (B, C_f)
        return tuple(pooled)

    def forward(self, feats: Tuple[torch.Tensor,
                                   ...]) -> Tuple[torch.Tensor, ...]:
        """Logits of the backbone head, then of each branch."""
        pooled = self.pre_logits(feats)
        fcs = [self.fc, *self.branch_fcs]
        return tuple(fc(x) for fc, x in zip(fcs, pooled))

    def loss(self, feats: Tuple[torch.Tensor, ...],
             data_samples: List[DataSample], **kwargs) -> dict:
        scores = self(feats)
        if 'gt_score' in data_samples[0]:
            target = torch.stack([i.gt_score for i in data_samples])
        else:
            target = torch.cat([i.gt_label for i in data_samples])
        num = scores[0].size(0)
        losses = dict(
            loss_swin=self.loss_module(
                scores[0], target, avg_factor=num, **kwargs))
        for name, score, loss_fn in zip(self.branch_names, scores[1:],
                                        self.branch_losses):
            losses[f'loss_{name}'] = loss_fn(
                score, target, avg_factor=num, **kwargs)
        if self.con_loss is not None:
            assert len(feats) > 1 + self.num_branches, (
                'con_loss needs the FSM feature after the branch maps')
            fsm_feat = feats[1 + self.num_branches].flatten(1)  # (B, C)
            losses['loss_con'] = self.con_loss(fsm_feat, target)
        if self.cal_acc:
            assert target.ndim == 1, 'cal_acc needs hard labels'
            acc = Accuracy.calculate(scores[0], target, topk=self.topk)
            losses.update({
                f'accuracy_top-{k}': a
                for k, a in zip(self.topk, acc)
            })
        return losses

    def predict(
        self,
        feats: Tuple[torch.Tensor, ...],
        data_samples: Optional[List[Optional[DataSample]]] = None
    ) -> List[DataSample]:
        scores = self(feats)
        score = scores[0] if self.predict_mode == 'backbone' else sum(scores)
        return self._get_predictions(score, data_samples)
