"""A test-only hook recording what each rank trained on (tests/test_tools)."""
import os.path as osp

import torch
from mmengine.dist import get_rank, get_world_size
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmglm.registry import HOOKS


@HOOKS.register_module()
class ShardProbeHook(Hook):
    """Saves each rank's sample indices and final flat parameters."""

    def __init__(self, out_dir: str):
        self.out_dir = out_dir
        self.indices = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.indices.append(
            (runner.epoch,
             [int(s.sample_idx) for s in data_batch['data_samples']]))

    def after_train(self, runner):
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        flat = torch.cat([p.detach().flatten() for p in model.parameters()])
        torch.save(
            dict(indices=self.indices, params=flat,
                 world_size=get_world_size(),
                 wrapper=type(runner.model).__name__),
            osp.join(self.out_dir, f'rank{get_rank()}.pt'))
