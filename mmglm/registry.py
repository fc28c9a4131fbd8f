# Copyright (c) mmglm contributors. All rights reserved.
"""mmglm registries: one child of every mmpretrain registry node.

Scope ``mmglm`` (inferred from this module's name). Lookups fall back to the
parents, so every mmpretrain, mmengine and mmcv type stays reachable without a
prefix under ``default_scope = 'mmglm'``; foreign repositories (mmdet) reach
mmglm types with ``_scope_='mmglm'`` on the dict. ``BATCH_AUGMENTS`` and
``TOKENIZER`` have no parent in mmpretrain, so ours point at mmpretrain's to
avoid scope-fallback warnings from ``RandomBatchAugment``.

Every mmglm type whose name is new to mmpretrain is also entered in the
parent registry, as mmpretrain's own plugins do: code that builds under
mmpretrain's scope (``mmpretrain.get_model``, the inferencers,
``FeatureExtractor``, mmpretrain's tools) then finds ``GLMNet`` or
``LoadImageFromFileChecked`` with no ``_scope_``. A type that *shadows* a
parent name (mmglm's ``CUB``) stays in the ``mmglm`` scope only, so
``_scope_='mmpretrain'`` (or mmpretrain's default scope) still reaches
mmpretrain's own class; :attr:`_ChildRegistry.shadowed` lists those names.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain_registry


class _ChildRegistry(Registry):
    """A registry that also imports its parent's ``locations`` on lookup.

    mmengine imports only the queried node's locations; without this, a type
    of mmpretrain (the parent) is not found in the mmglm scope until some
    other code happens to import ``mmpretrain.models`` and friends.
    """

    def import_from_location(self) -> None:
        if not self._imported and self.parent is not None:
            self.parent.import_from_location()
        super().import_from_location()

    @property
    def shadowed(self) -> set:
        """Names registered here that an ancestor defines differently."""
        return {
            name for name, cls in self._module_dict.items()
            if self._ancestor_entry(name) not in (None, cls)
        }

    def _ancestor_entry(self, name: str):
        node = self.parent
        while node is not None:
            if name in node._module_dict:
                return node._module_dict[name]
            node = node.parent
        return None

    def _register_module(self, module, module_name=None, force=False) -> None:
        names = module_name or getattr(module, '__name__', None)
        names = [names] if isinstance(names, str) else list(names or [])
        previous = {name: self._module_dict.get(name) for name in names}
        super()._register_module(module, module_name, force)
        if self.parent is None:
            return
        # The parent's own modules first, so that a name it defines is seen
        # as taken (mmpretrain registers lazily, on first lookup).
        self.parent.import_from_location()
        for name in names:
            entry = self._ancestor_entry(name)
            if entry is None:
                self.parent._register_module(module, name)
            elif entry is previous[name] and \
                    self.parent._module_dict.get(name) is entry:
                # re-registered with force=True: replace our parent entry too
                self.parent._register_module(module, name, force=True)


def _child(name: str, parent: Registry, location: str) -> Registry:
    return _ChildRegistry(name, parent=parent, locations=[location])


RUNNERS = _child('runner', mmpretrain_registry.RUNNERS, 'mmglm.engine')
RUNNER_CONSTRUCTORS = _child('runner constructor',
                             mmpretrain_registry.RUNNER_CONSTRUCTORS,
                             'mmglm.engine')
LOOPS = _child('loop', mmpretrain_registry.LOOPS, 'mmglm.engine')
HOOKS = _child('hook', mmpretrain_registry.HOOKS, 'mmglm.engine')
LOG_PROCESSORS = _child('log processor', mmpretrain_registry.LOG_PROCESSORS,
                        'mmglm.engine')
OPTIMIZERS = _child('optimizer', mmpretrain_registry.OPTIMIZERS,
                    'mmglm.engine')
OPTIM_WRAPPERS = _child('optimizer_wrapper', mmpretrain_registry.OPTIM_WRAPPERS,
                        'mmglm.engine')
OPTIM_WRAPPER_CONSTRUCTORS = _child(
    'optimizer wrapper constructor',
    mmpretrain_registry.OPTIM_WRAPPER_CONSTRUCTORS, 'mmglm.engine')
PARAM_SCHEDULERS = _child('parameter scheduler',
                          mmpretrain_registry.PARAM_SCHEDULERS,
                          'mmglm.engine')

DATASETS = _child('dataset', mmpretrain_registry.DATASETS, 'mmglm.datasets')
DATA_SAMPLERS = _child('data sampler', mmpretrain_registry.DATA_SAMPLERS,
                       'mmglm.datasets')
TRANSFORMS = _child('transform', mmpretrain_registry.TRANSFORMS,
                    'mmglm.datasets')

MODELS = _child('model', mmpretrain_registry.MODELS, 'mmglm.models')
MODEL_WRAPPERS = _child('model_wrapper', mmpretrain_registry.MODEL_WRAPPERS,
                        'mmglm.models')
WEIGHT_INITIALIZERS = _child('weight initializer',
                             mmpretrain_registry.WEIGHT_INITIALIZERS,
                             'mmglm.models')
BATCH_AUGMENTS = _child('batch augment', mmpretrain_registry.BATCH_AUGMENTS,
                        'mmglm.models')
TASK_UTILS = _child('task util', mmpretrain_registry.TASK_UTILS,
                    'mmglm.models')
TOKENIZER = _child('tokenizer', mmpretrain_registry.TOKENIZER, 'mmglm.models')

METRICS = _child('metric', mmpretrain_registry.METRICS, 'mmglm.evaluation')
EVALUATORS = _child('evaluator', mmpretrain_registry.EVALUATORS,
                    'mmglm.evaluation')

VISUALIZERS = _child('visualizer', mmpretrain_registry.VISUALIZERS,
                     'mmglm.visualization')
VISBACKENDS = _child('vis_backend', mmpretrain_registry.VISBACKENDS,
                     'mmglm.visualization')
