"""Classification checkpoint -> detector backbone (issue 7).

A checkpoint saved by mmglm's own training (tools/train.py) loads into the
backbone of every GLMNet-tiny detection recipe through its ``Pretrained``
init: every backbone key matched, every tensor equal to the checkpoint's.
``check_backbone_keys`` reports missing / unexpected / mismatched keys and
fails on a backbone key the checkpoint does not fill.
"""
import runpy

import pytest
import torch

pytest.importorskip('mmdet')
from mmdet.registry import MODELS as DET_MODELS  # noqa: E402
from mmengine.config import Config  # noqa: E402
from mmengine.registry import DefaultScope, init_default_scope  # noqa: E402

import mmglm  # noqa: E402,F401
from mmglm.registry import MODELS  # noqa: E402
from mmglm.utils import BackboneKeyError, check_backbone_keys  # noqa: E402
from tests.utils import PYTHON, REPO, run, tiny_resnet_config  # noqa: E402

TINY_DET = [
    'configs/det/retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py',
    'configs/det/mask-rcnn_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py',
]
# mmglm's GLMNet-tiny classification recipe (intel_mini, 112 px, CPU)
CLS_CONFIG = REPO / 'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py'


def _detector(path, checkpoint=None):
    cfg = Config.fromfile(str(REPO / path))
    if checkpoint is not None:
        cfg.model.backbone.init_cfg.checkpoint = str(checkpoint)
    with DefaultScope.overwrite_default_scope('mmdet'):
        init_default_scope('mmdet')
        return DET_MODELS.build(cfg.model)


def _classifier_state():
    model_cfg = Config.fromfile(str(CLS_CONFIG)).model
    with DefaultScope.overwrite_default_scope('mmglm'):
        init_default_scope('mmglm')
        torch.manual_seed(1)
        return MODELS.build(model_cfg).state_dict()


def test_check_backbone_keys_matches_a_classifier_state_dict():
    state = _classifier_state()
    det = _detector(TINY_DET[0])
    report = check_backbone_keys(dict(state_dict=state), det)
    n_backbone = len(det.backbone.state_dict())
    assert len(report['matched']) == n_backbone > 100
    assert report['missing'] == report['unexpected'] == []
    assert report['shape_mismatch'] == []


def test_check_backbone_keys_reports_and_fails_on_missing_keys():
    state = _classifier_state()
    det = _detector(TINY_DET[0])
    dropped = 'backbone.local_branch.layer1.0.conv1.weight'
    widened = 'backbone.exchanges.0.local_proj.conv.weight'
    assert dropped in state and widened in state, list(state)[:20]
    state.pop(dropped)
    state[widened] = torch.zeros(1, *state[widened].shape[1:])
    state['backbone.extra.weight'] = torch.zeros(3)
    with pytest.raises(BackboneKeyError) as err:
        check_backbone_keys(dict(state_dict=state), det)
    msg = str(err.value)
    assert 'missing: local_branch.layer1.0.conv1.weight' in msg
    assert 'shape: exchanges.0.local_proj.conv.weight' in msg
    assert 'unexpected: extra.weight' in msg
    report = check_backbone_keys(state, det, strict=False)
    assert report['missing'] == ['local_branch.layer1.0.conv1.weight']
    assert report['unexpected'] == ['extra.weight']
    with pytest.raises(ValueError, match='backbone'):
        check_backbone_keys({'head.fc.weight': torch.zeros(1)}, det)


@pytest.fixture(scope='module')
def trained_checkpoint(tmp_path_factory):
    """The GLMNet-tiny recipe trained 2 iterations by tools/train.py."""
    tmp = tmp_path_factory.mktemp('glmnet_cls')
    # 2 epochs of one batch of 16 (the recipe's cosine starts after a
    # 1-epoch warm-up)
    cfg = tiny_resnet_config(tmp, 'glmnet_tiny.py', base=str(CLS_CONFIG),
                             epochs=2, train_images=16, val_images=16)
    run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(tmp / 'w')])
    ckpt = tmp / 'w' / 'epoch_2.pth'
    assert ckpt.is_file()
    return ckpt


@pytest.mark.slow
@pytest.mark.parametrize('path', TINY_DET)
def test_trained_classification_checkpoint_fills_detector_backbone(
        path, trained_checkpoint):
    from mmglm.engine.checkpoint import load_checkpoint_safely
    state = load_checkpoint_safely(str(trained_checkpoint))['state_dict']
    det = _detector(path, trained_checkpoint)
    report = check_backbone_keys(str(trained_checkpoint), det)
    assert report['missing'] == report['unexpected'] == []
    before = {k: v.clone() for k, v in det.backbone.state_dict().items()}
    det.init_weights()  # the config's Pretrained init_cfg loads here
    loaded = det.backbone.state_dict()
    changed = 0
    for key, value in loaded.items():
        torch.testing.assert_close(value, state['backbone.' + key],
                                   rtol=0, atol=0, msg=key)
        changed += not torch.equal(value, before[key])
    assert changed > len(loaded) // 2  # the init really replaced weights

    # the command-line check says the same
    tool = runpy.run_path(
        str(REPO / 'tools/analysis_tools/check_backbone_keys.py'))
    with DefaultScope.overwrite_default_scope('mmdet'):  # main() sets it
        assert tool['main']([str(REPO / path), str(trained_checkpoint)]) == 0


def test_resnet50_checkpoint_fills_bot50_except_its_mhsa():
    """What configs/det/*bot50* say about ImageNet ResNet-50 weights."""
    from mmpretrain.models import ResNet

    from mmglm.models import BoTNet
    state = {f'backbone.{k}': v for k, v in ResNet(50).state_dict().items()}
    bot50 = BoTNet('bot50', img_size=224, dynamic_size=True,
                   out_indices=(0, 1, 2, 3))
    report = check_backbone_keys(state, bot50, strict=False)
    assert report['missing'] == [
        f'layer4.{b}.mhsa.{k}' for b in range(3)
        for k in ('pos_embed.height_rel', 'pos_embed.width_rel', 'qkv.weight')
    ]
    assert report['unexpected'] == [f'layer4.{b}.conv2.weight'
                                    for b in range(3)]
    assert len(report['matched']) == len(bot50.state_dict()) - 9
    with pytest.raises(BackboneKeyError, match='layer4.0.mhsa.qkv.weight'):
        check_backbone_keys(state, bot50)


def test_tables_resized_on_load_count_as_matched():
    """BoTNet resizes relative position tables of another size on load."""
    from mmglm.models import BoTNet
    kwargs = dict(arch='test', stem_channels=16, base_channels=8)
    cls_model = BoTNet(img_size=64, **kwargs)
    cls_state = {f'backbone.{k}': v
                 for k, v in cls_model.state_dict().items()}
    det = BoTNet(img_size=128, dynamic_size=True, **kwargs)
    report = check_backbone_keys(cls_state, det)
    assert report['shape_mismatch'] == [] and report['missing'] == []
    assert report['resized'] and all('pos_embed' in k
                                     for k in report['resized'])
    # a real mismatch (another width) is still caught
    other = {f'backbone.{k}': v for k, v in BoTNet(
        img_size=64, arch='test', stem_channels=16,
        base_channels=16).state_dict().items()}
    with pytest.raises(BackboneKeyError, match='shape: '):
        check_backbone_keys(other, det)
