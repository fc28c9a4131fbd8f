"""Detection configs (issue 7): mmdet inheritance, mmglm backbone wiring.

Every config under ``configs/det`` inherits mmdet's own base configs, builds
its detector under mmdet's scope with an mmglm backbone (``_scope_='mmglm'``,
``Pretrained`` init with ``prefix='backbone.'``), and its FPN widths equal the
channels the backbone really returns.
"""
import re
from pathlib import Path

import pytest
import torch

pytest.importorskip('mmdet')
from mmdet.registry import MODELS  # noqa: E402
from mmengine.config import Config  # noqa: E402
from mmengine.registry import DefaultScope, init_default_scope  # noqa: E402

import mmglm  # noqa: E402,F401
from tests.utils import REPO  # noqa: E402

DET_CONFIGS = sorted(
    str(p.relative_to(REPO)) for p in (REPO / 'configs/det').glob('*.py'))


def test_det_configs_exist():
    names = {Path(p).name for p in DET_CONFIGS}
    for det in ('retinanet', 'mask-rcnn'):
        for wanted in ('glmnet-base_fpn_1x_coco.py', 'bot50_fpn_1x_coco.py',
                       'glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py',
                       'botnet26t_fpn_1xb4-12e_coco-mini-320px.py'):
            assert f'{det}_{wanted}' in names


def _inherits_mmdet(path: Path) -> bool:
    """The config, or a local config it inherits, names an mmdet:: base."""
    text = path.read_text()
    if re.search(r"'mmdet::[^']+\.py'", text):
        return True
    return any(
        _inherits_mmdet((path.parent / base).resolve())
        for base in re.findall(r"'(\.{1,2}/[^']+\.py)'", text))


@pytest.mark.parametrize('path', DET_CONFIGS)
def test_det_config_inherits_mmdet_and_builds(path):
    assert _inherits_mmdet(REPO / path), (
        f'{path} must inherit mmdet base configs, not copy them')
    cfg = Config.fromfile(str(REPO / path))
    assert cfg.default_scope == 'mmdet'
    assert 'mmglm' in cfg.custom_imports.imports
    backbone = cfg.model.backbone
    assert backbone._scope_ == 'mmglm'
    assert backbone.init_cfg.type == 'Pretrained'
    assert backbone.init_cfg.prefix == 'backbone.'
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        # mmglm's tools default to default_collate, which breaks detection
        assert cfg[key].collate_fn.type == 'pseudo_collate', key

    with DefaultScope.overwrite_default_scope('mmdet'):
        init_default_scope('mmdet')
        model = MODELS.build(cfg.model).eval()
        assert type(model.backbone).__module__.startswith('mmglm.')
        x = torch.rand(1, 3, 64, 96)  # a padded input: /32, not square
        with torch.no_grad():
            feats = model.backbone(x)
            outs = model.neck(feats)  # fails if in_channels are wrong
    assert len(outs) == cfg.model.neck.num_outs
    if cfg.model.neck.type == 'SimpleFeaturePyramid':
        # A plain ViT: one stride-16 map; the pyramid gives the strides the
        # RetinaNet anchors expect.
        assert [tuple(f.shape[1:]) for f in feats] == [
            (cfg.model.neck.in_channels, 64 // 16, 96 // 16)]
        strides = cfg.model.bbox_head.anchor_generator.strides
        assert [tuple(o.shape[-2:]) for o in outs] == [
            (-(-64 // s), -(-96 // s)) for s in strides]
        return
    assert [f.shape[1] for f in feats] == list(cfg.model.neck.in_channels)
    assert [f.shape[-2:] for f in feats] == [(64 // s, 96 // s)
                                             for s in (4, 8, 16, 32)]


@pytest.mark.parametrize('path', DET_CONFIGS)
def test_det_config_passes_the_tools_type_check(path):
    """mmglm's tools check every ``type`` before building (mmdet's
    ``nms=dict(type='nms')`` is an mmcv.ops name, not a registry type)."""
    from mmglm.engine.config_check import check_config_types
    check_config_types(Config.fromfile(str(REPO / path)))
