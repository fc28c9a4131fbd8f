# Copyright (c) mmglm contributors. All rights reserved.
"""Check every ``type=`` of a config before anything is built.

mmengine reports an unregistered type only when the Runner reaches it (after
datasets and models have been built), as ``KeyError: 'X is not in the
mmglm::model registry...'``, without saying which config key holds it or
what the intended name might be. :func:`check_config_types` walks the whole
config first and raises one :class:`UnregisteredTypeError` listing each
unknown ``type``, its config key, close registered names and the
``custom_imports`` fix. Tools call it right after loading the config::

    cfg = Config.fromfile(args.config)
    check_config_types(cfg)   # mmglm.engine.check_config_types
"""
import difflib
from typing import Dict, Iterator, List, Optional, Set, Tuple

from mmengine.config import Config, ConfigDict
from mmengine.registry import Registry

__all__ = ['UnregisteredTypeError', 'check_config_types',
           'registered_names']


class UnregisteredTypeError(KeyError):
    """A config names a ``type`` that no registry knows."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


def _root_registries() -> List[Registry]:
    """Roots of every registry tree defined in an imported ``*.registry``
    module (mmengine's, mmpretrain's - whose BATCH_AUGMENTS and TOKENIZER
    are roots -, mmglm's, mmdet's when imported, plugins')."""
    import sys
    roots = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name.endswith('.registry')
                                  or name == 'mmengine.registry'):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, Registry):
                while value.parent is not None:
                    value = value.parent
                roots[id(value)] = value
    return list(roots.values())


def _walk_registries(registry: Registry) -> Iterator[Registry]:
    yield registry
    for child in registry.children.values():
        yield from _walk_registries(child)


def _import_all() -> None:
    """Import every module that registers types mmglm configs can use."""
    # The layers below engine only (mmglm.utils.register_all_modules sits
    # above engine and imports it: calling it here would close a circle).
    import mmglm.datasets  # noqa: F401
    import mmglm.evaluation  # noqa: F401
    import mmglm.models  # noqa: F401
    import mmglm.visualization  # noqa: F401
    from mmpretrain.utils import register_all_modules as mmpretrain_all
    mmpretrain_all(init_default_scope=False)
    import mmcv.transforms  # noqa: F401
    import mmengine.dataset  # noqa: F401  (collate functions, samplers)


def registered_names(import_locations: bool = False,
                     scopes: Optional[Set[str]] = None
                     ) -> Dict[str, Set[str]]:
    """``scope -> registered names`` over every registry tree.

    Args:
        import_locations (bool): First import the ``locations`` of the
            registries (of ``scopes`` only, if given), as mmengine does
            lazily when it builds; slower, used before reporting a miss.
        scopes (set[str], optional): Scopes whose locations to import.
    """
    _import_all()
    names: Dict[str, Set[str]] = {}
    for root in _root_registries():
        for registry in _walk_registries(root):
            if import_locations and (scopes is None
                                     or registry.scope in scopes):
                try:
                    registry.import_from_location()
                except Exception:  # a broken plugin must not hide the rest
                    pass
            names.setdefault(registry.scope, set()).update(
                registry.module_dict)
    return names


#: Config keys whose ``type`` is not a registry name: mmdet passes
#: ``nms=dict(type='nms')`` to ``mmcv.ops.batched_nms``, which picks the op by
#: name (``nms``, ``soft_nms``, ``nms_match``...); mmdet's RoI extractors get
#: ``roi_layer=dict(type='RoIAlign')`` from ``mmcv.ops`` with ``getattr``.
NON_REGISTRY_KEYS = frozenset({'nms', 'roi_layer'})


def _types(node, path: str) -> Iterator[Tuple[str, str]]:
    """``(config key, type name)`` of every string ``type`` in ``node``."""
    if path.rsplit('.', 1)[-1] in NON_REGISTRY_KEYS:
        return
    if isinstance(node, (dict, ConfigDict)):
        value = node.get('type')
        if isinstance(value, str):
            yield path or 'type', value
        for key, child in node.items():
            if key != 'type':
                yield from _types(child, f'{path}.{key}' if path else key)
    elif isinstance(node, (list, tuple)):
        for i, child in enumerate(node):
            yield from _types(child, f'{path}[{i}]')


def _known(name: str, names: Dict[str, Set[str]]) -> bool:
    if '.' in name:
        scope, short = name.split('.', 1)
        # an unloaded scope is left to mmengine (it imports it on build)
        return scope not in names or short in names[scope]
    return any(name in pool for pool in names.values())


def check_config_types(cfg: Config, filename: Optional[str] = None) -> None:
    """Raise :class:`UnregisteredTypeError` for every unknown ``type``.

    A name passes if any registry of any loaded scope (mmglm, mmpretrain,
    mmengine, mmcv, mmdet when imported, custom imports) has it. Scoped names
    (``mmdet.X``) are checked in that scope only when it is loaded; others
    are left to mmengine. Types given as classes or functions are skipped.

    Args:
        cfg (Config): The loaded config (``custom_imports`` already
            imported, as ``Config.fromfile`` does).
        filename (str, optional): Config file named in the message (default
            ``cfg.filename``).
    """
    found = list(_types(cfg.to_dict() if isinstance(cfg, Config) else cfg,
                        ''))
    if not found:
        return
    names = registered_names()
    missing = [(k, n) for k, n in found if not _known(n, names)]
    if missing:  # import lazily-registered modules (mmengine does on build)
        scopes = {n.split('.', 1)[0] for _, n in missing if '.' in n}
        names = registered_names(
            import_locations=True,
            scopes=None if any('.' not in n for _, n in missing) else scopes)
    every = set().union(*names.values())
    lower = {n.lower(): n for n in every}
    problems = []
    for key, name in missing:
        if _known(name, names):
            continue
        scope, short = name.split('.', 1) if '.' in name else (None, name)
        pool = names[scope] if scope else every
        hints = difflib.get_close_matches(short, sorted(pool), n=3,
                                          cutoff=0.6)
        if short.lower() in lower and lower[short.lower()] not in hints:
            hints.insert(0, lower[short.lower()])
        hint = f' Did you mean {", ".join(repr(h) for h in hints)}?' \
            if hints else ''
        problems.append(f'  - {key} = {name!r} is not registered.{hint}')
    if not problems:
        return
    filename = filename or getattr(cfg, 'filename', None) or 'the config'
    scope = cfg.get('default_scope', None) if isinstance(cfg, Config) \
        else None
    raise UnregisteredTypeError(
        f'{filename} names modules that no registry knows (default_scope '
        f'{scope!r}; searched mmglm, mmpretrain, mmengine, mmcv and every '
        'other imported scope):\n' + '\n'.join(problems) + '\n'
        'Fix the name, or if it is your own class: register it (e.g. '
        '`from mmglm.registry import MODELS` + `@MODELS.register_module()`) '
        'and import its module from the config with `custom_imports = '
        "dict(imports=['my_package.my_module'], allow_failed_imports="
        'False)`. mmglm types need `import mmglm` (mmglm\'s tools do it) or '
        "`custom_imports = dict(imports=['mmglm'])` with other tools; "
        "another package's type can be named with its scope, e.g. "
        "'mmdet.RetinaNet'.")
