# Copyright (c) mmglm contributors. All rights reserved.
"""Drop-path rates as Python floats, for ``torch.compile``.

mmpretrain builds its stochastic-depth rates with ``np.linspace`` and hands
each block a NumPy scalar. Dynamo traces a NumPy scalar as an array, so the
``if drop_prob == 0. or not training`` of mmcv's ``drop_path`` becomes a
data-dependent branch: one graph break per ``DropPath`` (eight in a 2-block
ViT), in eval mode too. :func:`python_drop_probs` turns them into floats.
"""
import numbers

import torch.nn as nn

__all__ = ['python_drop_probs']


def python_drop_probs(module: nn.Module) -> nn.Module:
    """Make every ``drop_prob`` attribute of ``module``'s sub-modules a
    Python ``float`` (in place); returns ``module``."""
    for m in module.modules():
        prob = getattr(m, 'drop_prob', None)
        if isinstance(prob, numbers.Real) and type(prob) is not float:
            m.drop_prob = float(prob)
    return module
