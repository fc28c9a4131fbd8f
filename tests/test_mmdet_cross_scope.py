"""An mmdet config builds mmglm backbones across scopes (foundation 3e).

Under mmdet's default scope, ``_scope_='mmglm'`` on the backbone dict routes
the build (and every nested build inside the backbone) to mmglm's registry.
Each registered mmglm backbone is built inside a full mmdet RetinaNet and runs
a forward pass. Built from the same seed (no weights copied), the detector's
backbone must be the standalone one: the same module classes everywhere (every
nested build resolved in mmglm's registry, not in mmdet's), the same
initial weights and the same features.
"""
import copy

import pytest
import torch

pytest.importorskip('mmdet')
from mmdet.registry import MODELS as MMDET_MODELS  # noqa: E402
from mmengine.registry import DefaultScope  # noqa: E402

import mmglm  # noqa: E402,F401
from mmglm.registry import MODELS  # noqa: E402
from tests.tiny_cfgs import collect_tiny_cfgs  # noqa: E402

TINY = collect_tiny_cfgs()


def test_mmcv_compiled_ops_available():
    from mmcv.ops import nms
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 10., 10.],
                          [20., 20., 30., 30.]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    _, keep = nms(boxes, scores, iou_threshold=0.5)
    assert keep.tolist() == [0, 2]


@pytest.mark.parametrize('name', sorted(TINY))
def test_backbone_inside_mmdet_retinanet(name):
    case = TINY[name]
    backbone_cfg = dict(copy.deepcopy(case['cfg']), _scope_='mmglm')
    torch.manual_seed(0)
    standalone = MODELS.build(copy.deepcopy(case['cfg']))
    standalone.eval()  # mmpretrain backbones' train() returns None
    x = torch.randn(1, *case['input_shape'][1:])
    with torch.no_grad():
        feats = standalone(x)
    channels = [f.shape[1] for f in feats if f.dim() == 4]
    if not channels:
        pytest.skip(f'{name} gives no spatial maps in its tiny config')
    detector = dict(
        type='RetinaNet',
        data_preprocessor=dict(
            type='DetDataPreprocessor', mean=[0, 0, 0], std=[1, 1, 1],
            pad_size_divisor=32),
        backbone=backbone_cfg,
        neck=dict(type='FPN', in_channels=channels, out_channels=32,
                  start_level=0, add_extra_convs='on_input',
                  num_outs=len(channels)),
        bbox_head=dict(
            type='RetinaHead', num_classes=3, in_channels=32,
            stacked_convs=1, feat_channels=32,
            anchor_generator=dict(
                type='AnchorGenerator', octave_base_scale=4,
                scales_per_octave=1, ratios=[1.0],
                strides=[8 * 2**i for i in range(len(channels))]),
            bbox_coder=dict(type='DeltaXYWHBBoxCoder',
                            target_means=[0., 0., 0., 0.],
                            target_stds=[1.0, 1.0, 1.0, 1.0]),
            loss_cls=dict(type='FocalLoss', use_sigmoid=True, gamma=2.0,
                          alpha=0.25, loss_weight=1.0),
            loss_bbox=dict(type='L1Loss', loss_weight=1.0)),
        test_cfg=dict(nms_pre=100, min_bbox_size=0, score_thr=0.05,
                      nms=dict(type='nms', iou_threshold=0.5),
                      max_per_img=10))
    with DefaultScope.overwrite_default_scope('mmdet'):
        torch.manual_seed(0)
        model = MMDET_MODELS.build(detector)
        model.eval()
        # module by module, the classes the standalone build gives
        det_types = [(n, type(m)) for n, m in model.backbone.named_modules()]
        assert det_types == [(n, type(m))
                             for n, m in standalone.named_modules()]
        # same seed, same construction order: the same initial weights
        ref_state = standalone.state_dict()
        for key, value in model.backbone.state_dict().items():
            assert torch.equal(value, ref_state[key]), key
        with torch.no_grad():
            det_feats = model.backbone(x)
            outs = model(x, mode='tensor')
    spatial = [f for f in feats if f.dim() == 4]
    for a, b in zip(spatial, det_feats):
        torch.testing.assert_close(a, b)
    cls_scores, _ = outs
    assert len(cls_scores) == len(channels)
