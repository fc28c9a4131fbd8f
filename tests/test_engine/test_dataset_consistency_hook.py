# Copyright (c) mmglm contributors. All rights reserved.
"""DatasetModelConsistencyHook: class counts checked at runner start."""
import logging
from types import SimpleNamespace

import pytest
import torch.nn as nn

from mmglm.engine.hooks import DatasetModelConsistencyHook
from mmglm.registry import HOOKS
from ..test_datasets.utils import find_shared_data


def _runner(n_classes, head=None, pre=None, wrap=False):
    model = nn.Module()
    if head is not None:
        model.head = SimpleNamespace(num_classes=head)
    if pre is not None:
        model.data_preprocessor = SimpleNamespace(num_classes=pre)
    if wrap:
        model = SimpleNamespace(module=model)
    ds = SimpleNamespace(
        metainfo=dict(classes=tuple(f'c{i}' for i in range(n_classes))),
        data_root='data/x')
    loader = SimpleNamespace(dataset=ds)
    return SimpleNamespace(
        model=model,
        train_dataloader=loader,
        val_loop=SimpleNamespace(dataloader=loader),
        test_loop=SimpleNamespace(dataloader=loader))


def test_built_from_registry():
    hook = HOOKS.build(dict(type='DatasetModelConsistencyHook'))
    assert isinstance(hook, DatasetModelConsistencyHook)


@pytest.mark.parametrize('stage',
                         ['before_train', 'before_val', 'before_test'])
def test_mismatch_raises(stage):
    hook = DatasetModelConsistencyHook()
    with pytest.raises(
            ValueError,
            match=r'has 6 classes but model\.head\.num_classes is '
            r'10.*model\.head\.num_classes=6'):
        getattr(hook, stage)(_runner(6, head=10, pre=6))
    with pytest.raises(
            ValueError, match=r'data_preprocessor\.num_classes is 5'):
        getattr(DatasetModelConsistencyHook(), stage)(
            _runner(6, head=6, pre=5))


def test_agreement_and_skips(monkeypatch):
    DatasetModelConsistencyHook().before_train(_runner(6, head=6, pre=6))
    # No head and no data preprocessor: nothing to compare.
    DatasetModelConsistencyHook().before_train(_runner(6))
    # data_preprocessor.num_classes left unset (None) is not compared.
    runner = _runner(6, head=6)
    runner.model.data_preprocessor = SimpleNamespace(num_classes=None)
    DatasetModelConsistencyHook().before_train(runner)
    # Not strict: a warning (with the counts and the fix) instead of an error.
    logged = []
    monkeypatch.setattr(
        'mmglm.engine.hooks.dataset_consistency_hook.print_log',
        lambda msg, logger=None, level=None: logged.append((msg, level)))
    DatasetModelConsistencyHook(strict=False).before_train(_runner(6, head=3))
    assert len(logged) == 1 and logged[0][1] == logging.WARNING
    assert 'has 6 classes but model.head.num_classes is 3' in logged[0][0]
    assert 'model.head.num_classes=6' in logged[0][0]
    # agreement logs nothing
    DatasetModelConsistencyHook(strict=False).before_train(_runner(6, head=6))
    assert len(logged) == 1
    # A wrapped model (DDP) is unwrapped.
    monkeypatch.setattr(
        'mmglm.engine.hooks.dataset_consistency_hook.is_model_wrapper',
        lambda m: isinstance(m, SimpleNamespace))
    with pytest.raises(ValueError, match='num_classes is 7'):
        DatasetModelConsistencyHook().before_val(_runner(6, head=7, wrap=True))


@pytest.mark.slow
def test_runner_stops_before_training(tmp_path):
    """A real Runner on intel_mini (6 classes) with a 5-class head."""
    shared_data = find_shared_data()
    if shared_data is None:
        pytest.skip('shared data (../shared/data) not found')
    from mmengine.config import Config
    from mmengine.runner import Runner
    from mmpretrain.utils import register_all_modules

    import mmglm  # noqa: F401
    register_all_modules(init_default_scope=False)
    cfg = Config(
        dict(
            default_scope='mmglm',
            model=dict(
                type='ImageClassifier',
                backbone=dict(type='ResNet', depth=18, out_indices=(3, )),
                neck=dict(type='GlobalAveragePooling'),
                head=dict(
                    type='LinearClsHead',
                    num_classes=5,
                    in_channels=512,
                    loss=dict(type='CrossEntropyLoss'))),
            data_preprocessor=dict(
                num_classes=6, mean=[0, 0, 0], std=[1, 1, 1]),
            train_dataloader=dict(
                batch_size=2,
                num_workers=0,
                dataset=dict(
                    type='IntelImageClassification',
                    data_root=str(shared_data / 'intel_mini'),
                    split='val',
                    check_images=False,
                    pipeline=[
                        dict(type='LoadImageFromFile'),
                        dict(type='PackInputs')
                    ]),
                sampler=dict(type='DefaultSampler', shuffle=False)),
            train_cfg=dict(by_epoch=True, max_epochs=1),
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
            custom_hooks=[dict(type='DatasetModelConsistencyHook')],
            default_hooks=dict(logger=dict(type='LoggerHook', interval=1)),
            work_dir=str(tmp_path)))
    runner = Runner.from_cfg(cfg)
    with pytest.raises(
            ValueError,
            match=r'train dataset \(IntelImageClassification at '
            r'.*intel_mini\) has 6 classes but '
            r'model\.head\.num_classes is 5'):
        runner.train()
