"""A test-only hook that poisons the model at one iteration (tests/test_tools).

``NaNAtIterHook(at=N)`` fills the classifier's last bias with NaN before
training iteration ``N`` (0-based), so the loss of that iteration is NaN and
mmglm's default ``NonFiniteLossHook`` must stop the run.
"""
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmglm.registry import HOOKS


@HOOKS.register_module()
class NaNAtIterHook(Hook):

    def __init__(self, at: int):
        self.at = at

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter != self.at:
            return
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        bias = [p for n, p in model.named_parameters() if n.endswith('bias')]
        with torch.no_grad():
            bias[-1].fill_(float('nan'))
