# Copyright (c) mmglm contributors. All rights reserved.
"""One pipeline family, several image sizes: :func:`at_size`.

A dataset base config states its pipeline once; a child config at another
size reads it from ``_base_`` and sets the size, the one thing it changes::

    _base_ = ['./intel-mini_bs32_112.py']
    from mmglm.datasets.transforms import at_size  # (after _base_)
    train_pipeline = at_size(_base_.train_pipeline, 64)
    test_pipeline = at_size(_base_.test_pipeline, 64)
    train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
    val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
    test_dataloader = val_dataloader

mmengine pops functions from a config, so the resolved config is what the
written-out pipeline would give. The ``import`` must follow ``_base_``
(mmengine reads a config whose first statement imports a package as a
lazy-import config).
"""
import copy
from typing import List, Optional, Sequence

__all__ = ['at_size', 'SIZE_KEYS']

#: Transforms and the argument that is the output size.
SIZE_KEYS = {
    'RandomResizedCrop': 'scale',
    'Resize': 'scale',
    'RandomCrop': 'crop_size',
    'CenterCrop': 'crop_size',
}


def at_size(pipeline: Sequence[dict],
            size: int,
            resize: Optional[int] = None) -> List[dict]:
    """A copy of ``pipeline`` whose resize/crop outputs are ``size``.

    For pipelines whose every resize and crop produces the final size (as
    the Intel ones); an int stays an int, an ``(h, w)`` becomes
    ``(size, size)``. Pipelines that resize larger and then crop (the cub100
    ones: resize 146, crop 128) give the resize side as ``resize``.

    Args:
        pipeline (Sequence[dict]): Transform configs.
        size (int): The new output size in pixels.
        resize (int, optional): The new size of ``Resize`` alone. Defaults to
            None (``size``).

    Returns:
        list[dict]: The new pipeline; the input is left unchanged.
    """
    out = []
    for t in pipeline:
        t = copy.deepcopy(dict(t))
        key = SIZE_KEYS.get(t.get('type'))
        if key in t:
            side = resize if resize and t['type'] == 'Resize' else size
            t[key] = (side, side) if isinstance(t[key],
                                                (tuple, list)) else side
        out.append(t)
    return out
