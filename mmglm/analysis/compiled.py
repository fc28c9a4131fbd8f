# Copyright (c) mmglm contributors. All rights reserved.
"""``torch.compile`` for the side-by-side benchmark.

Every model step is compiled with static shapes (``dynamic=False``: the
batch-1 latency input gets its own graph instead of turning the batch
dimension symbolic for every size). Dynamo counts recompilations per code
object, and the steps of all models share the benchmark's step functions
(and mmengine models share ``ImageClassifier.forward``), so its recompile
limit (8 by default, after which a frame silently runs eager) is raised to
cover every model, mode and batch size of the run.
"""
from typing import Callable, Optional

import torch

__all__ = ['compile_step', 'allow_recompiles']


def compile_step(fn: Callable, backend: str = 'inductor',
                 mode: Optional[str] = None) -> Callable:
    """``torch.compile(fn)`` with static shapes."""
    kwargs = dict(backend=backend, dynamic=False)
    if mode:
        kwargs['mode'] = mode
    return torch.compile(fn, **kwargs)


def allow_recompiles(num_models: int, per_model: int = 8) -> None:
    """Raise dynamo's recompile limits to ``num_models * per_model``."""
    import torch._dynamo.config as dynamo_config
    need = max(8, num_models * per_model)
    for name in ('recompile_limit', 'cache_size_limit'):
        if hasattr(dynamo_config, name):
            setattr(dynamo_config, name, max(getattr(dynamo_config, name),
                                             need))
    if hasattr(dynamo_config, 'accumulated_recompile_limit'):
        dynamo_config.accumulated_recompile_limit = max(
            dynamo_config.accumulated_recompile_limit, 4 * need)
