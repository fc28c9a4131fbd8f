# Copyright (c) mmglm contributors. All rights reserved.
"""Make mmengine's compiled ``train_step`` trace only the forward and loss.

With ``cfg.compile`` set, mmengine's Runner replaces ``model.train_step`` by
``torch.compile(model.train_step)``: dynamo traces the data preprocessor,
the forward and the loss, and then the optimizer wrapper's update (the
backward and ``optimizer.step``). Tracing the update fails on mmengine
optimizers (dynamo 2.14 stops with ``InternalTorchDynamoError:
'UserDefinedDictVariable' object has no attribute 'items'`` on the param
groups, which mmengine builds as ``ConfigDict``), and compiling the
optimizer step would cost minutes of compile time for little gain on CPU.

:class:`CompiledTrainStepHook` (added by ``tools/train.py --compile``, see
:func:`mmglm.engine.apply_fast_path`) marks the update as not traced
(``torch.compiler.disable``): dynamo captures preprocessing, forward and
loss in one graph (AOTAutograd compiles its backward too), and
``loss.backward()`` and the optimizer step run eagerly, as they would after
any graph break.
"""
import torch
from mmengine.hooks import Hook

from mmglm.registry import HOOKS

__all__ = ['CompiledTrainStepHook']


@HOOKS.register_module()
class CompiledTrainStepHook(Hook):
    """Keep dynamo out of the optimizer update of a compiled ``train_step``
    (see the module docstring). Does nothing without ``cfg.compile``."""

    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        if not runner.cfg.get('compile'):
            return
        wrapper = runner.optim_wrapper
        wrappers = wrapper.values() if hasattr(wrapper, 'optim_wrappers') \
            else [wrapper]
        for w in wrappers:
            if getattr(w.update_params, '_mmglm_not_traced', False):
                continue
            update = torch.compiler.disable(w.update_params)
            update._mmglm_not_traced = True
            w.update_params = update
