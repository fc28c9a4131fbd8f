# Copyright (c) mmglm contributors. All rights reserved.
"""A few NesT training iterations on real intel_mini images lower the loss
well below the chance level."""
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
ITERS = 20
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
    # 24 images, 4 of each class, fitted full-batch: the loss must fall well
    # below the chance level ln(6) = 1.79 of a 6-class classifier.
    labels = [dataset.get_data_info(i)['gt_label'] for i in
              range(len(dataset))]
    idx = [i for c in range(6) for i in
           [j for j, y in enumerate(labels) if y == c][:4]]
    batch = pseudo_collate([dataset[i] for i in idx])

    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    optim = OptimWrapper(torch.optim.AdamW(model.parameters(), lr=1e-3))
    losses = [model.train_step(batch, optim)['loss'].item()
              for _ in range(ITERS)]
    print('losses', [round(v, 3) for v in losses])
    assert losses[0] > 1.6  # starts near chance
    # Measured: 1.80 -> 1.12 (seed 0); well under chance, with margin.
    assert max(losses[-3:]) < 1.45, losses
