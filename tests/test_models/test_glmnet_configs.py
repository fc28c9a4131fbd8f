"""The GLMNet configs build the models they name."""
from pathlib import Path

import torch
from mmengine.config import Config

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

register_all_modules()
REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / 'configs' / 'glmnet'


def _n_params(model):
    return sum(p.numel() for p in model.parameters())


def test_glmnet_intel_builds_base_at_224_with_6_classes():
    cfg = Config.fromfile(str(CONFIGS / 'glmnet_intel.py'))
    assert cfg.train_dataloader.dataset.pipeline[1].scale == 224
    assert cfg.val_dataloader.dataset.pipeline[1].scale == (224, 224)
    assert cfg.model.train_cfg.augments.type == 'CutMix'
    assert cfg.train_cfg.max_epochs == 100
    assert [s.type for s in cfg.param_scheduler] == [
        'LinearLR', 'CosineAnnealingLR']
    # From scratch.
    assert 'init_cfg' not in cfg.model.backbone and not cfg.load_from
    assert {'type': 'GammaLoggerHook'} in cfg.custom_hooks
    model = MODELS.build(cfg.model).eval()
    backbone = model.backbone
    assert backbone.global_branch.depths == [3, 4, 6, 3]  # PVTv2-b2
    assert backbone.global_branch.embed_dims == [64, 128, 320, 512]
    assert backbone.local_branch.depth == 50  # ResNeXt-50 32x4d
    assert (backbone.local_branch.groups,
            backbone.local_branch.width_per_group) == (32, 4)
    assert backbone.local_branch.frelu_sites == 'all'
    # The spec's analytic size of PVTv2-b2 + RX50-FReLU, C_f = 2048: 56.3 M.
    assert abs(_n_params(model) / 1e6 - 56.3) < 0.05
    with torch.no_grad():
        logits = model(torch.randn(1, 3, 224, 224))
    assert logits.shape == (1, 6)
    assert torch.isfinite(logits).all()


RECIPE = 'glmnet-tiny_1xb32-8e_intel-mini-64px.py'


def test_ablations_differ_from_the_recipe_only_in_the_model():
    """The CPU results ablations (docs/results.md) change the model only;
    ResNet-18, the plain-CNN baseline, is on the same recipe."""
    base = Config.fromfile(str(CONFIGS / RECIPE))
    for name, check in (
            ('global', lambda m: m.backbone.type == 'PVTv2'
             and m.neck.in_channels == 256),
            ('local', lambda m: m.backbone.type == 'ResNeXtFReLU'
             and m.neck is None),
            ('nogate', lambda m: m.backbone.gate == 'fixed'
             and m.backbone.gamma_init == 1.0),
            ('relu', lambda m: m.backbone.frelu_sites == 'none'),
            ('shared-stem', lambda m: m.backbone.stem == 'shared_patchify'),
            ('resnet18', lambda m: m.backbone.type == 'ResNet'
             and m.backbone.depth == 18)):
        path = (REPO / 'configs/resnet/resnet18_1xb32-8e_intel-mini-64px.py'
                if name == 'resnet18' else
                CONFIGS / RECIPE.replace('glmnet-tiny', f'glmnet-tiny-{name}'))
        cfg = Config.fromfile(str(path))
        assert check(cfg.model), name
        if name != 'resnet18':
            assert cfg.model.head == base.model.head, name
        for key in ('train_dataloader', 'val_dataloader', 'optim_wrapper',
                    'param_scheduler', 'train_cfg'):
            assert cfg[key] == base[key], (name, key)
