"""Shared helpers for mmglm's tests."""
import importlib.util
import os
import os.path as osp
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def load_script(relpath: str):
    """A script of the repository (``tools/...``) imported as a module, so
    that a test calls its functions instead of a subprocess."""
    path = REPO / relpath
    spec = importlib.util.spec_from_file_location(f'_script_{path.stem}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shared_data_root() -> Path:
    """The project's shared sample data (``../shared/data`` of a checkout)."""
    candidates = [os.environ.get('MMGLM_SHARED_DATA'), REPO.parent / 'shared' /
                  'data', '/work/shared/data']
    for cand in candidates:
        if cand and Path(cand).is_dir():
            return Path(cand).resolve()
    pytest.skip('shared sample data (../shared/data) not found')


def _spread(total: int, count: int) -> list:
    """``count`` indices spread over a class-sorted split of ``total`` images
    (intel_mini's meta files list the classes in blocks), so every class is
    present and a falling loss means more than learning the class prior."""
    return [i * total // count for i in range(count)]


def tiny_resnet_config(tmp: Path, name: str = 'tiny.py', base: Optional[str]
                       = None, epochs: int = 2, train_images: int = 64,
                       val_images: int = 32, extra: str = '') -> Path:
    """Write a small intel_mini training config inheriting a repo config."""
    base = base or str(REPO / 'configs/resnet/resnet18_1xb32_intel-mini-64px.py')
    root = shared_data_root() / 'intel_mini'
    text = f'''_base_ = {base!r}
train_dataloader = dict(batch_size=16, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, indices={_spread(3000, train_images)}))
val_dataloader = dict(batch_size=32, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, indices={_spread(600, val_images)}))
test_dataloader = val_dataloader
train_cfg = dict(max_epochs={epochs}, val_interval={epochs})
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5))
randomness = dict(seed=0)
{extra}
'''
    path = tmp / name
    path.write_text(text)
    return path


def run(cmd: List[str], cwd: Optional[Path] = None,
        env: Optional[Dict[str, str]] = None, timeout: int = 600,
        check: bool = True,
        repo_on_path: bool = True) -> subprocess.CompletedProcess:
    """Run a command; on failure show the tail of its output.

    The repository is put on ``PYTHONPATH`` unless ``repo_on_path`` is False
    (to prove that an installed copy of mmglm is used instead).
    """
    full_env = dict(os.environ)
    full_env['PYTHONPATH'] = os.pathsep.join(
        ([str(REPO)] if repo_on_path else []) +
        [full_env.get('PYTHONPATH', '')])
    full_env.setdefault('OMP_NUM_THREADS', '2')
    full_env['PATH'] = osp.dirname(PYTHON) + os.pathsep + full_env['PATH']
    if env:
        full_env.update(env)
    proc = subprocess.run(
        cmd, cwd=str(cwd or REPO), env=full_env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f'{" ".join(map(str, cmd))} exited '
                             f'{proc.returncode}:\n{proc.stdout[-6000:]}')
    return proc


def scalars(work_dir: Path) -> List[dict]:
    """The json scalar log lines of the newest run in ``work_dir``."""
    import json
    files = sorted(work_dir.glob('*/vis_data/scalars.json'))
    assert files, f'no scalars.json under {work_dir}'
    return [json.loads(line) for line in files[-1].read_text().splitlines()]
