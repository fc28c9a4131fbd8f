"""Every config resolves to exactly what it resolved to when it was recorded.

``tests/data/resolved_configs.json`` holds ``Config.fromfile(p).to_dict()``
of every ``configs/**/*.py`` (bases included). Refactoring a config (moving
a block into a base, inheriting instead of repeating) must leave it
unchanged; a config that is not in the fixture fails until it is recorded.

After an intentional change (a new config, a changed value), check the diff
this test prints, then record the configs named (or all) again::

    PYTHONPATH=$PWD .venv/bin/python tests/test_resolved_configs.py \
        [configs/...py ...]          # no paths: every config

and commit the fixture with the change.
"""
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / 'tests' / 'data' / 'resolved_configs.json'
CONFIGS = sorted(
    str(p.relative_to(REPO)) for p in (REPO / 'configs').rglob('*.py'))


def _plain(value):
    """JSON-able, machine-independent form: tuples tagged (so that a list
    that becomes a tuple is a change), the repository path as ``<repo>``."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return {'__tuple__': [_plain(v) for v in value]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.replace(str(REPO), '<repo>')
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return repr(value)


def resolve(path: str) -> dict:
    """``Config.fromfile(path).to_dict()`` in its plain form."""
    import mmglm  # noqa: F401  (mmglm:: bases)
    from mmengine.config import Config
    return _plain(Config.fromfile(str(REPO / path)).to_dict())


def _load() -> dict:
    return json.loads(FIXTURE.read_text()) if FIXTURE.is_file() else {}


def _diff(old, new, path=''):
    """Human-readable differences of two plain values."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            sub = f'{path}.{key}' if path else key
            if key not in new:
                yield f'{sub}: removed (was {old[key]!r})'
            elif key not in old:
                yield f'{sub}: added {new[key]!r}'
            else:
                yield from _diff(old[key], new[key], sub)
    elif old != new:
        yield f'{path}: {old!r} -> {new!r}'


RECORDED = _load()


@pytest.mark.parametrize('path', CONFIGS)
def test_config_resolves_as_recorded(path):
    if path not in RECORDED:
        pytest.fail(
            f'{path} is not in {FIXTURE.relative_to(REPO)}: record it with '
            f'`PYTHONPATH=$PWD .venv/bin/python tests/test_resolved_configs.py '
            f'{path}` (after checking that it resolves as intended)')
    changes = list(_diff(RECORDED[path], resolve(path)))
    if changes:
        pytest.fail(
            f'{path} resolves differently from the fixture:\n  ' +
            '\n  '.join(changes[:40]) + '\nIf intended, record it again (see '
            'the docstring of tests/test_resolved_configs.py).')


def test_fixture_lists_no_missing_config():
    gone = sorted(set(RECORDED) - set(CONFIGS))
    assert not gone, (f'the fixture records configs that no longer exist: '
                      f'{gone}; run tests/test_resolved_configs.py to drop '
                      f'them')


def main(paths):
    """Record ``paths`` (all configs if empty) into the fixture."""
    recorded = _load()
    todo = paths or CONFIGS
    for path in todo:
        path = str(Path(path).resolve().relative_to(REPO)) if Path(
            path).is_absolute() else path
        recorded[path] = resolve(path)
    recorded = {k: v for k, v in recorded.items() if k in set(CONFIGS)}
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    # One config a line: a diff of the fixture names the configs changed.
    lines = [f'{json.dumps(k)}: {json.dumps(v, sort_keys=True)}'
             for k, v in sorted(recorded.items())]
    FIXTURE.write_text('{\n' + ',\n'.join(lines) + '\n}\n')
    print(f'recorded {len(todo)} config(s) in {FIXTURE.relative_to(REPO)} '
          f'({len(recorded)} in all)')


if __name__ == '__main__':
    main(sys.argv[1:])
