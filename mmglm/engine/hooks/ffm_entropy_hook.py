# Copyright (c) mmglm contributors. All rights reserved.
"""Log how sharp SwinFC's FFM fusion attention is during training."""
from typing import List

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmglm.registry import HOOKS


@HOOKS.register_module()
class FFMEntropyHook(Hook):
    """Put the FFM fusion attention statistics into the training logs.

    With the paper's raw dot product the fusion softmax of
    :class:`~mmglm.models.necks.FFMNeck` can be near one-hot (each position
    then copies one position of the other branch); FBSD's cosine similarity
    makes it near uniform. The hook turns on ``record_attn_stats`` of every
    ``FFMNeck`` of the model and, every ``interval`` training iterations,
    writes :func:`~mmglm.models.necks.fusion_attention_stats` of that
    iteration's batch to the message hub as ``train/ffm_entropy``,
    ``train/ffm_norm_entropy`` (0 one-hot, 1 uniform) and
    ``train/ffm_max_weight`` (several necks: suffixed ``_{k}``), so they
    appear in the train log lines and ``vis_data/scalars.json``. Off unless a
    config adds it::

        custom_hooks = [dict(type='FFMEntropyHook', interval=10)]

    Args:
        interval (int): Iterations between records (the stats cost one more
            similarity product per branch pair). Defaults to 1.
    """

    priority = 'NORMAL'  # before LoggerHook (BELOW_NORMAL) reads the hub

    def __init__(self, interval: int = 1) -> None:
        self.interval = interval
        self._necks: List = []

    def before_train(self, runner) -> None:
        from mmglm.models.necks import FFMNeck
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        self._necks = [m for m in model.modules() if isinstance(m, FFMNeck)]
        if not self._necks:
            runner.logger.warning(
                'FFMEntropyHook: the model has no FFMNeck; nothing to log. '
                'Remove the hook from custom_hooks for this model.')
        self._set_recording(runner.iter)

    def _set_recording(self, next_iter: int) -> None:
        # Record only on the iterations that are logged.
        on = (next_iter + 1) % self.interval == 0
        for neck in self._necks:
            neck.record_attn_stats = on
            if not on:
                neck.attn_stats = None

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        for k, neck in enumerate(self._necks):
            if neck.attn_stats is None:
                continue
            suffix = '' if len(self._necks) == 1 else f'_{k}'
            for key in ('entropy', 'norm_entropy', 'max_weight'):
                runner.message_hub.update_scalar(
                    f'train/ffm_{key}{suffix}', neck.attn_stats[key])
        self._set_recording(runner.iter + 1)

    def after_train(self, runner) -> None:
        for neck in self._necks:
            neck.record_attn_stats = False
            neck.attn_stats = None
