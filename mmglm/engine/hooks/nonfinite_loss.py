# Copyright (c) mmglm contributors. All rights reserved.
"""Stop training at the first NaN / infinite loss, with a checkpoint.

mmdet's ``CheckInvalidLossHook`` only asserts after the optimizer step, when
the weights are already spoilt. :class:`NonFiniteLossHook` checks the parsed
loss *before* ``backward`` (it wraps the model's ``parse_losses``, which
mmengine's ``train_step`` calls between the forward and the optimizer
update), saves the weights, optimizer and scheduler states of the previous
iteration, and raises :class:`NonFiniteLossError` naming the iteration and
every loss term. In distributed runs the ranks agree (all-reduce of a flag)
so that all of them stop together instead of hanging.
"""
import math
import os.path as osp
from typing import Dict, Optional

import torch
import torch.distributed as dist
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmglm.registry import HOOKS

__all__ = ['NonFiniteLossHook', 'NonFiniteLossError']


class NonFiniteLossError(RuntimeError):
    """The training loss became NaN or infinite."""


def _value(v) -> float:
    if torch.is_tensor(v):
        return float(v.detach().float().mean())
    return float(v)


@HOOKS.register_module()
class NonFiniteLossHook(Hook):
    """Stops the run when the loss (or any loss term) is NaN or infinite.

    Enabled by default in mmglm's runtime (``custom_hooks`` of
    ``configs/_base_/default_runtime.py``)::

        custom_hooks = [dict(type='NonFiniteLossHook')]

    Args:
        save_checkpoint (bool): Save
            ``<work_dir>/iter_<N>_before_nonfinite.pth`` (N = iterations
            completed, i.e. the state right before the bad iteration)
            before stopping. Its name does not match the
            ``CheckpointHook`` pattern, so auto-resume never picks it up.
            Defaults to True.
        check_terms (bool): Also check every logged loss term, not only the
            total. Defaults to True.
    """

    priority = 'VERY_HIGH'

    def __init__(self, save_checkpoint: bool = True,
                 check_terms: bool = True) -> None:
        self.save_checkpoint = save_checkpoint
        self.check_terms = check_terms
        self._checked_iter: Optional[int] = None

    # The check runs inside train_step, before backward and the update.
    def before_train(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        if getattr(model.parse_losses, '_mmglm_nonfinite_guard', False):
            return
        original = model.parse_losses
        hook = self

        def parse_losses(losses):
            loss, log_vars = original(losses)
            hook._check(runner, log_vars)
            return loss, log_vars

        parse_losses._mmglm_nonfinite_guard = True
        model.parse_losses = parse_losses

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs: Optional[Dict] = None) -> None:
        # Models that bypass parse_losses are checked here (after the
        # update: the checkpoint then holds the weights after the bad step).
        if self._checked_iter != runner.iter and outputs:
            self._check(runner, outputs, after_step=True)

    # a host sync by nature: not traced inside a compiled train_step
    @torch.compiler.disable
    def _check(self, runner, log_vars: Dict, after_step: bool = False):
        self._checked_iter = runner.iter
        keys = [k for k in log_vars if self.check_terms and 'loss' in k]
        keys = keys or [k for k in ('loss', ) if k in log_vars]
        values = {k: _value(log_vars[k]) for k in keys}
        bad = any(not math.isfinite(v) for v in values.values())
        if dist.is_available() and dist.is_initialized() and \
                dist.get_world_size() > 1:
            flag = torch.tensor([float(bad)], device=_device(log_vars))
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
            bad = bool(flag.item())
        if not bad:
            return
        self._stop(runner, values, after_step)

    def _stop(self, runner, values: Dict[str, float], after_step: bool):
        iteration = runner.iter + 1  # the failing one, 1-based as logged
        terms = ', '.join(f'{k}={v:.6g}' for k, v in values.items())
        saved = None
        if self.save_checkpoint:
            name = f'iter_{runner.iter}_before_nonfinite.pth'
            runner.save_checkpoint(runner.work_dir, filename=name)
            saved = osp.join(runner.work_dir, name)
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        finite_weights = all(
            torch.isfinite(p).all() for p in model.parameters())
        here = any(not math.isfinite(v) for v in values.values())
        msg = (f'Non-finite loss at iteration {iteration} (epoch '
               f'{runner.epoch + 1}): {terms}'
               f'{"" if here else " (non-finite on another rank)"}. ')
        if saved:
            when = 'after' if after_step else 'before'
            msg += f'Saved the state {when} this iteration to {saved}'
            if not finite_weights:
                msg += (' (its weights are already non-finite: a NaN/inf '
                        'gradient at an earlier step; resume from the last '
                        'regular checkpoint instead)')
            msg += '. '
        msg += ('Usual fixes: lower the learning rate or lengthen the '
                'warm-up, enable gradient clipping (optim_wrapper.clip_grad='
                'dict(max_norm=...)), check the data and labels of this '
                'iteration, or with AMP use a dynamic loss scale.')
        runner.logger.error(msg)
        raise NonFiniteLossError(msg)


def _device(log_vars: Dict) -> torch.device:
    for v in log_vars.values():
        if torch.is_tensor(v):
            return v.device
    return torch.device('cpu')
