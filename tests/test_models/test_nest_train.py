# Copyright (c) mmglm contributors. All rights reserved.
"""A few NesT training iterations on real intel_mini images lower the loss."""
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import OptimWrapper

from mmglm.registry import DATASETS, MODELS
from mmglm.utils import register_all_modules
from tests.utils import shared_data_root

register_all_modules()
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_nest_mini_config_loss_falls_on_intel_mini():
    cfg = Config.fromfile(
        str(REPO / 'configs/nest/nest-mini_1xb32_intel-mini-64px.py'))
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.data_root = str(shared_data_root() / 'intel_mini')
    # Deterministic inputs: resize only (no random crop / flip).
    ds_cfg.pipeline = cfg.test_dataloader.dataset.pipeline
    dataset = DATASETS.build(ds_cfg)
    # 48 images, 8 of each class, seen four times in batches of 16.
    labels = [dataset.get_data_info(i)['gt_label'] for i in
              range(len(dataset))]
    idx = [i for c in range(6) for i in
           [j for j, y in enumerate(labels) if y == c][:8]]
    samples = [dataset[i] for i in idx]

    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    optim = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=1e-3))
    g = torch.Generator().manual_seed(0)
    losses = []
    for _ in range(4):
        order = torch.randperm(len(samples), generator=g).tolist()
        for k in range(0, len(order), 16):
            batch = pseudo_collate([samples[i] for i in order[k:k + 16]])
            log = model.train_step(batch, optim)
            losses.append(log['loss'].item())
    first, last = sum(losses[:3]) / 3, sum(losses[-3:]) / 3
    assert last < first - 0.2, losses
