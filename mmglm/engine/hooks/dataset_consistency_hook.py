# Copyright (c) mmglm contributors. All rights reserved.
"""Check at runner start that the model's class count fits the dataset."""
import logging
from typing import List, Optional, Tuple

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from mmglm.registry import HOOKS


@HOOKS.register_module()
class DatasetModelConsistencyHook(Hook):
    """Raise a clear error when ``num_classes`` disagrees with the dataset.

    Before training, validation and testing it compares the number of class
    names of the loop's dataset (``len(dataset.metainfo['classes'])``) with
    ``model.head.num_classes`` and ``model.data_preprocessor.num_classes``
    (where these exist and are set). A mismatch otherwise surfaces as a CUDA
    device assert, an index error in the loss, or silently wrong accuracy.
    Datasets without a class list and models without these attributes are
    left alone. Each kind of loop is checked once.

    Args:
        strict (bool): Raise on a mismatch; if False, log a warning.
            Defaults to True.

    Examples:
        >>> custom_hooks = [dict(type='DatasetModelConsistencyHook')]
    """

    priority = 'VERY_HIGH'

    def __init__(self, strict: bool = True):
        self.strict = strict
        self._checked = set()

    @staticmethod
    def _model_counts(model) -> List[Tuple[str, int]]:
        if is_model_wrapper(model):
            model = model.module
        counts = []
        for attr in ('head', 'data_preprocessor'):
            num = getattr(getattr(model, attr, None), 'num_classes', None)
            if isinstance(num, int):
                counts.append((f'model.{attr}.num_classes', num))
        return counts

    def _check(self, runner, mode: str, dataloader) -> None:
        if mode in self._checked:
            return
        self._checked.add(mode)
        dataset = getattr(dataloader, 'dataset', None)
        metainfo: Optional[dict] = getattr(dataset, 'metainfo', None)
        classes = (metainfo or {}).get('classes')
        if not classes:
            return
        num = len(classes)
        name = type(dataset).__name__
        root = getattr(dataset, 'data_root', None)
        where = f'{name} at {root}' if root else name
        for key, value in self._model_counts(runner.model):
            if value == num:
                continue
            msg = (f'DatasetModelConsistencyHook: the {mode} dataset '
                   f'({where}) has {num} classes but {key} is {value}. Fix: '
                   f'set model.head.num_classes={num} and '
                   f'data_preprocessor.num_classes={num} in the config '
                   f'(e.g. --cfg-options model.head.num_classes={num} '
                   f'data_preprocessor.num_classes={num}), or point the '
                   f'{mode} dataset at the data the model is meant for.')
            if self.strict:
                raise ValueError(msg)
            print_log(msg, logger='current', level=logging.WARNING)

    def before_train(self, runner) -> None:
        self._check(runner, 'train', runner.train_dataloader)

    def before_val(self, runner) -> None:
        self._check(runner, 'val', runner.val_loop.dataloader)

    def before_test(self, runner) -> None:
        self._check(runner, 'test', runner.test_loop.dataloader)
