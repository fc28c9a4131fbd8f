# Copyright (c) mmglm contributors. All rights reserved.
"""Clear errors for input sizes a backbone cannot take.

Backbones with windows, blocks, patch grids or fixed position embeddings
fail deep inside a reshape (``shape '[2, 4, 7, 4, 7, 96]' is invalid for
input of size ...``) when the image size does not fit. Call
:func:`check_input_size` at the top of ``forward`` instead::

    from mmglm.models.utils import check_input_size

    def forward(self, x):
        check_input_size(x, divisor=32, min_size=64, model='NesT-T',
                         reason='4x4 patches, then 3 levels of 2x2 blocks '
                         'and 2x pooling')

It costs two integer comparisons, is traced as constants by
``torch.jit.trace`` / ``torch.compile`` and raises
:class:`InputSizeError` (a ``ValueError``) naming the model, the size, the
rule, the nearest valid sizes and where to change the size in a config.
"""
from typing import Optional, Sequence, Tuple, Union

import torch

__all__ = ['InputSizeError', 'check_input_size', 'nearest_valid_sizes']


class InputSizeError(ValueError):
    """An input's spatial size does not fit the model."""


def nearest_valid_sizes(size: int, divisor: int = 1,
                        min_size: int = 1) -> Tuple[int, ...]:
    """The valid sizes just below and above ``size`` (one if ``size`` is
    below ``min_size``)."""
    low_bound = max(min_size, divisor)
    up = max(-(-size // divisor) * divisor, -(-low_bound // divisor) *
             divisor)
    down = (size // divisor) * divisor
    if down < low_bound or down == up:
        return (up, )
    return (down, up)


def _hw(x: Union[torch.Tensor, Sequence[int]]) -> Tuple[int, int]:
    if isinstance(x, torch.Tensor):
        return int(x.shape[-2]), int(x.shape[-1])
    h, w = x[-2:]
    return int(h), int(w)


def check_input_size(x: Union[torch.Tensor, Sequence[int]],
                     divisor: Union[int, Tuple[int, int]] = 1,
                     min_size: Union[int, Tuple[int, int]] = 1,
                     fixed: Optional[Tuple[int, int]] = None,
                     model: str = 'This model',
                     reason: str = '') -> None:
    """Raise :class:`InputSizeError` if ``x`` has a size the model can't take.

    Args:
        x (Tensor | Sequence[int]): The input (``(..., H, W)``) or its shape.
        divisor (int | tuple[int, int]): H and W must be multiples of it
            (``(dh, dw)`` for different rules).
        min_size (int | tuple[int, int]): Smallest H and W.
        fixed (tuple[int, int], optional): The only (H, W) accepted (e.g. a
            position embedding that is not interpolated).
        model (str): Model name for the message.
        reason (str): Why the rule holds (patch size, windows, levels...).

    Raises:
        InputSizeError: With the size, the rule and the fix.
    """
    h, w = _hw(x)
    dh, dw = (divisor, divisor) if isinstance(divisor, int) else divisor
    mh, mw = (min_size, min_size) if isinstance(min_size, int) else min_size
    why = f' ({reason})' if reason else ''
    if fixed is not None:
        if (h, w) == tuple(fixed):
            return
        rule = f'exactly {fixed[0]}x{fixed[1]}'
        suggestion = f'{fixed[0]}x{fixed[1]}'
    else:
        if h % dh == 0 and w % dw == 0 and h >= mh and w >= mw:
            return
        rule = f'height and width multiples of {dh}' if dh == dw else \
            f'height a multiple of {dh} and width a multiple of {dw}'
        if max(mh, mw) > 1:
            rule += f', at least {mh}x{mw}'
        hs, ws = nearest_valid_sizes(h, dh, mh), nearest_valid_sizes(
            w, dw, mw)
        suggestion = ' or '.join(f'{a}x{b}' for a in hs for b in ws)
    raise InputSizeError(
        f'{model} cannot take a {h}x{w} input: it needs {rule}{why}. Use '
        f'e.g. {suggestion}: set the size in the data pipeline (Resize '
        '`scale`, CenterCrop `crop_size` or RandomResizedCrop `scale` of '
        'train/val/test_pipeline) or pass input_shape / --shape accordingly.')
