"""mmglm's packages import one way: models and datasets below engine, engine
below the tools' helpers (docs/architecture.md).

Every ``import`` of every module of mmglm (also those inside functions) is
read from the source; a module may import its own package and the packages of
lower layers, never a higher one, so no two packages can import each other.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / 'mmglm'

#: Layer of each sub-package of mmglm (and of its top-level modules).
#: A package not listed sits on top: it may import everything, nothing
#: listed may import it.
LAYERS = {
    'registry': 0,
    'version': 0,
    'models': 1,
    'datasets': 1,
    'evaluation': 2,  # CocoMetric reads the dataset's path fallback
    'visualization': 2,
    'engine': 3,
}
TOP = max(LAYERS.values()) + 1


def _package(module: str) -> str:
    """``'mmglm.models.utils.frelu'`` -> ``'models'``; ``'mmglm'`` -> ''."""
    parts = module.split('.')
    return parts[1] if len(parts) > 1 else ''


def _layer(package: str) -> int:
    return LAYERS.get(package, TOP)


def _imports(path: Path, root: Path = ROOT):
    """``(line, imported mmglm module)`` of every import in ``path``."""
    rel = path.relative_to(root.parent).with_suffix('')
    parts = list(rel.parts)
    if parts[-1] == '__init__':
        parts = parts[:-1]
    else:
        parts = parts[:-1]  # the package of this module
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split('.')[0] == 'mmglm':
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[:len(parts) - node.level + 1]
                module = '.'.join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ''
            if module.split('.')[0] != 'mmglm':
                continue
            if module == 'mmglm' or node.level and not node.module:
                # `from mmglm import x` / `from . import x`: x are modules.
                for alias in node.names:
                    yield node.lineno, f'{module}.{alias.name}'
            else:
                yield node.lineno, module


MODULES = sorted(p for p in ROOT.rglob('*.py') if p != ROOT / '__init__.py')


def _violations(path: Path, root: Path = ROOT):
    name = path.relative_to(root.parent).with_suffix('')
    own = _package('.'.join(name.parts))
    for line, module in _imports(path, root):
        target = _package(module)
        if target == own:
            continue
        if _layer(target) > _layer(own) or (target == '' and
                                             _layer(own) < TOP):
            yield (f'{path.relative_to(root.parent)}:{line} imports {module}'
                   f' (layer {_layer(target) if target else "top"}) from '
                   f'mmglm.{own} (layer {_layer(own)})')


def test_every_import_points_down():
    bad = [v for p in MODULES for v in _violations(p)]
    assert not bad, ('imports against the layers of tests/test_layers.py '
                     '(move the code down, or the import into the caller):\n'
                     + '\n'.join(bad))


def test_the_check_sees_a_circle(tmp_path):
    """engine -> utils.setup_env -> engine (today's main) is reported."""
    pkg = tmp_path / 'mmglm'
    (pkg / 'engine').mkdir(parents=True)
    (pkg / 'utils').mkdir()
    (pkg / 'engine' / 'check.py').write_text(
        'def f():\n    from mmglm.utils import register_all_modules\n')
    (pkg / 'utils' / 'setup_env.py').write_text(
        'def g():\n    import mmglm.engine\n')
    bad = [v for p in sorted(pkg.rglob('*.py')) for v in _violations(p, pkg)]
    assert len(bad) == 1 and 'engine/check.py:2 imports mmglm.utils' in bad[0]


@pytest.mark.parametrize('module', ['mmglm.models', 'mmglm.datasets'])
def test_lower_layers_need_no_engine(module):
    """Nothing in models/datasets names engine, utils or analysis."""
    pkg = ROOT / module.split('.')[1]
    names = {m for p in pkg.rglob('*.py') for _, m in _imports(p)}
    assert not {_package(m) for m in names} & {'engine', 'utils', 'analysis'}
