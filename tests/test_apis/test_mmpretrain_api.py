"""mmpretrain's own API takes every mmglm model by name and by config path
after ``import mmglm`` only (issue 13, point 1).

On main, ``get_model(<mmglm config>)`` failed with ``KeyError: 'GLMNet is not
in the mmpretrain::model registry'`` and ``list_models('*glmnet*')`` was
empty.
"""
import glob
import os.path as osp

import pytest
import torch
import yaml

import mmglm  # noqa: F401  (the only step a user takes)
from mmpretrain import (FeatureExtractor, ImageClassificationInferencer,
                        get_model, inference_model, list_models)
from mmpretrain.apis import ModelHub
from tests.utils import REPO, shared_data_root


def _index():
    """(name, config, task) of every model in the metafiles."""
    models = []
    for metafile in sorted(glob.glob(str(REPO / 'configs/*/metafile.yml'))):
        for m in yaml.safe_load(open(metafile))['Models']:
            task = (m.get('Results') or [{}])[0].get('Task')
            models.append((m['Name'], m['Config'], task))
    return models


INDEX = _index()
CLASSIFIERS = [m for m in INDEX if m[2] == 'Image Classification']
# The smallest config of every family runs a real image in the fast suite;
# every other classifier runs it in `make test-all`.
SMALL = {
    'glmnet-tiny_1xb32_intel-mini-112px', 'botnet26t_1xb32_intel-mini-112px',
    't2t-vit-7_1xb32_intel-mini-64px', 'vit-tiny-p8_1xb32_intel-mini-64px',
    'nest-mini_1xb32_intel-mini-64px', 'swinfc_swin-t_1xb16_cub100-128px',
    'resnet18_1xb32_intel-mini-64px'
}


def _marked(models):
    return [
        pytest.param(*m, id=m[0],
                     marks=() if m[0] in SMALL else pytest.mark.slow)
        for m in models
    ]


def _image(name, tmp_path=None):
    root = shared_data_root()
    if 'cub' in name:
        return sorted(glob.glob(str(root / 'cub100/val/*/*.jpg')))[0]
    path = sorted(glob.glob(str(root / 'intel_mini/val/sea/*.jpg')))[0]
    if 'cifar' in name:  # CIFAR test pipelines take the 32x32 image as is
        import mmcv
        small = str(tmp_path / 'sea_32.png')
        mmcv.imwrite(mmcv.imresize(mmcv.imread(path), (32, 32)), small)
        return small
    return path


def _layout(model):
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}


def test_index_has_every_mmglm_model_and_no_clash():
    assert len(INDEX) >= 70
    ModelHub._register_mmpretrain_models()  # raises on a name clash
    names = set(list_models())
    for name, config, _ in INDEX:
        assert name.lower() in names, name
        meta = ModelHub.get(name)
        assert osp.samefile(meta.config.filename, REPO / config)
    assert 'glmnet-tiny_1xb32_intel-mini-112px' in list_models('*glmnet*')
    assert len(list_models('resnet50_8xb32_in1k')) == 1  # mmpretrain's own


@pytest.fixture
def no_random_init(monkeypatch):
    """Parameters left as allocated: the builds resolve every type (what
    failed on main) without spending seconds on ViT-H's random init."""
    for fn in ('uniform_', 'normal_', 'trunc_normal_', 'kaiming_uniform_',
               'kaiming_normal_', 'xavier_uniform_', 'xavier_normal_'):
        monkeypatch.setattr(torch.nn.init, fn, lambda t, *a, **k: t)


@pytest.mark.parametrize('name,config,task', [
    pytest.param(*m, id=m[0]) for m in INDEX])
def test_get_model_by_name_and_by_path(name, config, task, no_random_init):
    by_name = get_model(name)
    by_path = get_model(str(REPO / config))
    assert type(by_name) is type(by_path)
    assert type(by_name.backbone).__name__ == type(by_path.backbone).__name__
    assert _layout(by_name) == _layout(by_path)
    assert by_name._metainfo.name == name


@pytest.mark.parametrize('name,config,task', _marked(CLASSIFIERS))
def test_inference_model_returns_a_class_for_a_real_image(name, config, task,
                                                         tmp_path):
    result = inference_model(name, _image(name, tmp_path), device='cpu')
    cfg = ModelHub.get(name).config
    num_classes = cfg.model.head.num_classes
    assert 0 <= result['pred_label'] < num_classes
    assert result['pred_scores'].shape == (num_classes, )
    from mmpretrain.registry import DATASETS
    dataset = DATASETS.get(cfg.test_dataloader.dataset.type)
    classes = getattr(dataset, 'METAINFO', {}).get('classes')
    if classes:  # datasets with a fixed class list (as get_model reads it)
        assert result['pred_class'] == classes[result['pred_label']]
    else:  # class names come with a trained checkpoint's meta
        assert 'pred_class' not in result


@pytest.fixture(scope='module')
def glmnet_checkpoint(tmp_path_factory):
    """A trained-looking GLMNet-tiny checkpoint: initialised weights and
    the class names in its meta, as mmengine's CheckpointHook writes."""
    name = 'glmnet-tiny_1xb32_intel-mini-112px'
    model = get_model(name)
    model.init_weights()
    path = tmp_path_factory.mktemp('ckpt') / 'glmnet.pth'
    classes = ['b', 'f', 'g', 'm', 's', 't']
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(classes=classes))), path)
    return name, str(path), model.state_dict(), classes


def test_pretrained_local_checkpoint_by_name_and_path(glmnet_checkpoint):
    name, ckpt, state, classes = glmnet_checkpoint
    for spec in (name, str(REPO / 'configs/glmnet' / f'{name}.py')):
        model = get_model(spec, pretrained=ckpt)
        for key in ('backbone.global_branch.patch_embed.proj.weight',
                    'head.fc.weight'):
            torch.testing.assert_close(model.state_dict()[key], state[key])
        assert model._dataset_meta['classes'] == classes


def test_image_classification_inferencer_by_path(glmnet_checkpoint):
    name, ckpt, state, classes = glmnet_checkpoint
    path = str(REPO / 'configs/glmnet' / f'{name}.py')
    inferencer = ImageClassificationInferencer(path, pretrained=ckpt,
                                               device='cpu')
    result = inferencer(_image(name))[0]
    assert result['pred_class'] == classes[result['pred_label']]
    # the same scores as the model on the same preprocessed input
    from mmglm.apis import ClassScores, preprocess
    inputs, _ = preprocess(inferencer.model, [_image(name)])
    with torch.no_grad():
        ref = ClassScores(inferencer.model)(inputs).softmax(-1)[0]
    torch.testing.assert_close(torch.as_tensor(result['pred_scores']), ref)


def test_feature_extractor_by_name_equals_extract_feat(glmnet_checkpoint):
    name, ckpt, _, _ = glmnet_checkpoint
    extractor = FeatureExtractor(name, pretrained=ckpt, device='cpu')
    feats = extractor(_image(name), stage='backbone')[0]
    from mmglm.apis import preprocess
    inputs, _ = preprocess(extractor.model, [_image(name)])
    with torch.no_grad():
        ref = extractor.model.extract_feat(inputs, stage='backbone')
    assert len(feats) == len(ref) >= 1
    for got, want in zip(feats, ref):
        torch.testing.assert_close(got, want[0])


def test_cub_test_pipeline_runs_in_the_inferencer():
    # mmglm's LoadImageFromFileChecked stays in the inferencer's pipeline
    # (mmpretrain removes only LoadImageFromFile) and passes the decoded
    # image through.
    name = 'swinfc_swin-t_1xb16_cub100-128px'
    inferencer = ImageClassificationInferencer(name, device='cpu')
    names = [type(t).__name__ for t in inferencer.pipeline.transforms]
    assert 'LoadImageFromFileChecked' in names
    data = next(inferencer.preprocess([_image(name)]))
    assert data['inputs'][0].shape == (3, 128, 128)


def test_mmpretrain_scope_keeps_its_own_cub():
    from mmengine.registry import DefaultScope

    import mmglm.registry as ours
    import mmpretrain.registry as theirs
    from mmglm.datasets import CUB as MMGLM_CUB
    from mmpretrain.datasets import CUB as MMPRETRAIN_CUB
    assert theirs.DATASETS.get('CUB') is MMPRETRAIN_CUB
    assert ours.DATASETS.get('CUB') is MMGLM_CUB
    assert theirs.DATASETS.get('mmglm.CUB') is MMGLM_CUB
    with DefaultScope.overwrite_default_scope('mmglm'):
        with theirs.DATASETS.switch_scope_and_registry('mmpretrain') as reg:
            assert reg.get('CUB') is MMPRETRAIN_CUB
    # mmglm-only names are visible from mmpretrain's registries
    assert theirs.MODELS.get('GLMNet') is ours.MODELS.get('GLMNet')
    assert theirs.TRANSFORMS.get('LoadImageFromFileChecked') is \
        ours.TRANSFORMS.get('LoadImageFromFileChecked')


def test_only_the_intended_names_shadow_a_parent():
    import mmglm.registry as ours
    from mmengine.registry import Registry
    shadowed = {
        name: sorted(node.shadowed)
        for name, node in vars(ours).items()
        if isinstance(node, Registry) and node.shadowed
    }
    assert shadowed == {'DATASETS': ['CUB'],
                        'WEIGHT_INITIALIZERS': ['Pretrained']}


def test_unknown_model_name_suggests_close_names():
    from mmglm.apis import build_model
    with pytest.raises(ValueError, match='glmnet-tiny_1xb32_intel-mini-112px'):
        build_model('glmnet-tiny_1xb32_intel-mini')
    with pytest.raises(ValueError, match='glmnet-tni'):  # mmpretrain's own
        get_model('glmnet-tni')
