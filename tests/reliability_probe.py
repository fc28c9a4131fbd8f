"""Test-only hooks for tests/test_reliability (imported via custom_imports)."""
import json
import os
import os.path as osp
import signal

from mmengine.dist import get_rank
from mmengine.hooks import Hook

from mmglm.registry import HOOKS


@HOOKS.register_module()
class SigkillAtIterHook(Hook):
    """Kills its own process with SIGKILL after iteration ``at_iter``: no
    cleanup, no atexit, nothing flushed (as an OOM killer or a pre-empted
    node would)."""

    priority = 'VERY_LOW'  # after the CheckpointHook of that iteration

    def __init__(self, at_iter: int):
        self.at_iter = at_iter

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if runner.iter + 1 == self.at_iter:
            os.kill(os.getpid(), signal.SIGKILL)


@HOOKS.register_module()
class LossRecordHook(Hook):
    """Appends ``{iter, rank, loss, n}`` per training iteration to
    ``<out_dir>/losses_rank<r>.jsonl`` (the loss of this rank's batch)."""

    def __init__(self, out_dir: str):
        self.out_dir = out_dir

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        rec = dict(iter=runner.iter + 1, rank=get_rank(),
                   loss=float(outputs['loss']),
                   n=len(data_batch['data_samples']))
        path = osp.join(self.out_dir, f'losses_rank{get_rank()}.jsonl')
        with open(path, 'a') as f:
            f.write(json.dumps(rec) + '\n')
