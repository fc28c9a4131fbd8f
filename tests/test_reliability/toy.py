"""A tiny regression model and dataset for in-process Runner tests."""
import copy
import uuid
from typing import Optional, Sequence

import torch
import torch.nn as nn
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from torch.utils.data import Dataset


class ToyDataset(Dataset):
    """``n`` samples ``(x, y)``; ``x`` of sample ``nan_at`` is NaN."""

    def __init__(self, n: int = 8, nan_at: Optional[int] = None):
        gen = torch.Generator().manual_seed(0)
        self.x = torch.randn(n, 2, generator=gen)
        self.y = self.x @ torch.tensor([1.5, -2.0]) + 0.5
        if nan_at is not None:
            self.x[nan_at] = float('nan')
        self.metainfo = dict(name='toy')

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return dict(inputs=self.x[i], data_samples=self.y[i])


class ToyModel(BaseModel):
    """Linear regression with two loss terms (MSE and a small L1)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        x = torch.stack(inputs) if isinstance(inputs, Sequence) else inputs
        out = self.linear(x).squeeze(1)
        if mode == 'loss':
            y = torch.stack(data_samples)
            return dict(loss_mse=((out - y)**2).mean(),
                        loss_l1=0.1 * (out - y).abs().mean())
        return out


class StateProbeHook(Hook):
    """Keeps a copy of the weights after every training iteration."""

    def __init__(self):
        self.states = {}

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.states[runner.iter + 1] = copy.deepcopy(
            runner.model.state_dict())


def toy_runner(work_dir, epochs: int = 2, nan_at: Optional[int] = None,
               custom_hooks=None, resume: bool = False, load_from=None,
               **kwargs):
    from mmengine.runner import Runner
    torch.manual_seed(0)
    return Runner(
        model=ToyModel(),
        work_dir=str(work_dir),
        train_dataloader=dict(
            dataset=ToyDataset(nan_at=nan_at),
            sampler=dict(type='DefaultSampler', shuffle=False),
            batch_size=2, num_workers=0),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.05,
                                          momentum=0.9)),
        train_cfg=dict(by_epoch=True, max_epochs=epochs),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook',
                                           interval=1, max_keep_ckpts=5),
                           logger=dict(type='LoggerHook', interval=1)),
        custom_hooks=custom_hooks,
        resume=resume, load_from=load_from,
        default_scope='mmglm',
        randomness=dict(seed=0),
        # one logger (and log file) per runner, even within one second
        experiment_name=f'toy_{uuid.uuid4().hex[:8]}',
        **kwargs)
