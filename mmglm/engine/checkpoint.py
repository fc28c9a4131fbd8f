# Copyright (c) mmglm contributors. All rights reserved.
"""Checkpoint loading that keeps torch's ``weights_only=True`` safety.

torch >= 2.6 loads with ``weights_only=True``, and mmengine 0.10.7's Runner
checkpoints hold a few non-tensor objects (the message hub's
``HistoryBuffer``, numpy scalars and arrays in its log history), so
``--resume`` and ``load_from`` fail (open-mmlab/mmengine#1655). Rather than
switching the safety off (``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1`` would run any
pickled code), mmglm allowlists exactly those classes, only for its own loads,
through ``torch.serialization.safe_globals``. mmengine's local checkpoint
loader is replaced in :mod:`mmglm.engine.checkpoint_integrity`, which checks
the file's integrity and then calls :func:`load_checkpoint_safely`.
"""
import os.path as osp
import pickle
import zipfile
from typing import Any, List, Optional

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer


def _numpy_globals() -> List[Any]:
    """numpy objects that appear in pickled log history (numpy 1.x and 2.x)."""
    try:  # numpy >= 2
        from numpy._core.multiarray import _reconstruct, scalar
    except ImportError:  # pragma: no cover  (numpy 1.x)
        from numpy.core.multiarray import _reconstruct, scalar
    dtype_classes = [
        type(np.dtype(t)) for t in ('float16', 'float32', 'float64', 'int8',
                                    'int16', 'int32', 'int64', 'uint8',
                                    'bool')
    ]
    return [_reconstruct, scalar, np.ndarray, np.dtype, *dtype_classes]


def _history_buffer_getattr(obj: Any, name: str) -> Any:
    """Stands in for ``builtins.getattr`` while unpickling.

    A ``HistoryBuffer`` pickles its ``statistics_methods`` as
    ``getattr(HistoryBuffer, 'mean')`` and so on; a general ``getattr`` would
    give a crafted file access to any attribute, so only those are resolved.
    """
    # `_statistics_methods` fills lazily, so name the built-in four as well.
    allowed = {'min', 'max', 'current', 'mean'}
    allowed.update(HistoryBuffer._statistics_methods)
    if obj is HistoryBuffer and name in allowed:
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'getattr({obj!r}, {name!r}) is not part of an mmengine checkpoint')


#: Every non-tensor global an mmengine 0.10.7 Runner checkpoint holds.
MMENGINE_CHECKPOINT_GLOBALS: List[Any] = [
    HistoryBuffer, *_numpy_globals(),
    (_history_buffer_getattr, 'builtins.getattr')
]


class CheckpointLoadError(RuntimeError):
    """A checkpoint could not be loaded safely; the message says why."""


def load_checkpoint_safely(filename: str,
                           map_location: Optional[Any] = None) -> Any:
    """``torch.load`` with ``weights_only=True`` plus mmengine's allowlist.

    Args:
        filename (str): Path of the checkpoint file.
        map_location: As for ``torch.load``.

    Raises:
        FileNotFoundError: If ``filename`` does not exist.
        CheckpointLoadError: If the file is truncated or corrupted, or holds
            an object outside :data:`MMENGINE_CHECKPOINT_GLOBALS`.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'Checkpoint {filename} does not exist.')
    try:
        with torch.serialization.safe_globals(MMENGINE_CHECKPOINT_GLOBALS):
            return torch.load(
                filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as e:
        lines = [line.strip() for line in str(e).splitlines() if line.strip()]
        reason = next((line for line in lines if 'WeightsUnpickler' in line),
                      lines[-1] if lines else repr(e))
        raise CheckpointLoadError(
            f'Refused to load checkpoint {filename}: it holds an object that '
            'is not part of an mmengine checkpoint, and mmglm loads with '
            f'torch weights_only=True ({reason}). If you trust the file, '
            'strip it to its state_dict with tools/model_converters/'
            'publish_model.py from a trusted environment, or add the class '
            'with torch.serialization.add_safe_globals().') from e
    except (RuntimeError, EOFError, zipfile.BadZipFile, ValueError) as e:
        raise CheckpointLoadError(
            f'Checkpoint {filename} is not readable (truncated or corrupted? '
            f'{type(e).__name__}: {e}). Delete it and resume from an earlier '
            'checkpoint.') from e
