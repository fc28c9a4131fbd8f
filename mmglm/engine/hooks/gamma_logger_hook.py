# Copyright (c) mmglm contributors. All rights reserved.
"""Log GLMNet's exchange gates (gamma) during training."""
import re
from typing import Dict, Optional

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmglm.registry import HOOKS


@HOOKS.register_module()
class GammaLoggerHook(Hook):
    """Put the scalar gates ``gamma_i`` of GLMNet into the training logs.

    ``gamma_i`` says how much local information flows into the global branch
    after stage ``i`` (0 at init). The hook finds every scalar parameter or
    buffer whose name matches ``name_pattern`` and

    - after each training iteration writes it to the message hub as
      ``train/gamma_stage{i}``, so it appears in every train log line of
      :class:`~mmengine.hooks.LoggerHook` (text log, ``vis_data/*.json``,
      ``vis_data/scalars.json``, TensorBoard/W&B backends);
    - after each training epoch logs one line ``gammas after epoch N: ...``
      and adds a record ``{'gamma_stage1': ..., 'epoch': N}`` to the
      visualizer's scalars (``vis_data/scalars.json`` with ``step`` = the
      global iteration), so every epoch has a value even when the epoch is
      shorter than the logger interval.

    ``tools/visualization/plot_gamma.py`` plots them from a work dir.

    Args:
        name_pattern (str): Regex over parameter/buffer names; its first
            group is the 0-based stage index. Defaults to
            ``r'exchanges\\.(\\d+)\\.gamma$'`` (GLMNet's exchanges).
        log_every_iter (bool): Also update the message hub every iteration
            (one host sync per iteration). Defaults to True.
    """

    priority = 'NORMAL'  # before LoggerHook (BELOW_NORMAL) reads the hub

    def __init__(self,
                 name_pattern: str = r'exchanges\.(\d+)\.gamma$',
                 log_every_iter: bool = True):
        self.name_pattern = re.compile(name_pattern)
        self.log_every_iter = log_every_iter
        self._warned = False

    def _find(self, model: torch.nn.Module) -> Dict[str, torch.Tensor]:
        if is_model_wrapper(model):
            model = model.module
        found = {}
        named = list(model.named_parameters()) + list(model.named_buffers())
        for name, tensor in named:
            match = self.name_pattern.search(name)
            if match is None or tensor.numel() != 1:
                continue
            if match.groups():
                found[f'gamma_stage{int(match.group(1)) + 1}'] = tensor
            else:
                found[f'gamma_{name}'] = tensor
        return dict(sorted(found.items()))

    def gammas(self, runner) -> Dict[str, float]:
        """Current gate values, keyed ``gamma_stage{i}``."""
        found = self._find(runner.model)
        if not found:
            if not self._warned:
                runner.logger.warning(
                    'GammaLoggerHook: no scalar matches '
                    f'{self.name_pattern.pattern!r}; nothing to log.')
                self._warned = True
            return {}
        values = torch.stack([t.detach().float().reshape(())
                              for t in found.values()]).tolist()
        return dict(zip(found, values))

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if not self.log_every_iter:
            return
        for key, value in self.gammas(runner).items():
            runner.message_hub.update_scalar(f'train/{key}', value)

    def after_train_epoch(self, runner) -> None:
        values = self.gammas(runner)
        if not values:
            return
        text = ', '.join(f'{k}={v:.6f}' for k, v in values.items())
        # ``runner.epoch`` is still the 0-based index of the finished epoch.
        epoch = runner.epoch + 1
        runner.logger.info(f'gammas after epoch {epoch}: {text}')
        record = dict(values, epoch=epoch)
        runner.visualizer.add_scalars(record, step=runner.iter)

