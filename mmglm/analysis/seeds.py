# Copyright (c) mmglm contributors. All rights reserved.
"""Accuracy over seeds: configs x seeds through tools/train.py + test.py.

Used by ``tools/benchmarks/seeds.py``. Each run is a subprocess of the
project's own tools, one after another, in ``<work_dir>/<config>/seed<k>``:

1. ``tools/train.py CONFIG --cfg-options randomness.seed=k ...``;
2. ``tools/test.py CONFIG <last checkpoint> --out-item metrics`` on the
   config's test loader (intel_mini's and cub100's is their ``val`` split).

A run's record holds its status (``ok``, ``crashed (exit N)``, ``NaN loss``,
``test crashed (exit N)``), the metrics of the test tool, the wall time of
the training subprocess and the training throughput read from its log
(batch size / mean logged ``time`` per iteration). :func:`summarise` gives
mean ± std (sample std, n - 1) over the runs that finished; runs that did
not are listed as such, never dropped.
"""
import json
import math
import os
import os.path as osp
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from .plotting import load_scalars

REPO = Path(__file__).resolve().parents[2]
METRICS = ('accuracy/top1', 'accuracy/top5')


def num_classes(cfg) -> Optional[int]:
    """Classes of a config: its data preprocessor's or its head's."""
    for node in (cfg.get('data_preprocessor'), cfg.model.get(
            'data_preprocessor'), cfg.model.get('head')):
        if node and node.get('num_classes'):
            return int(node['num_classes'])
    return None


def topk_options(cfg) -> List[str]:
    """``--cfg-options`` that add top-5 where there are more than 5
    classes (and the evaluator reports top-1 only)."""
    n = num_classes(cfg)
    opts = []
    for key in ('val_evaluator', 'test_evaluator'):
        ev = cfg.get(key)
        if (n and n > 5 and isinstance(ev, dict)
                and ev.get('type') == 'Accuracy'
                and 5 not in tuple(ev.get('topk', (1, )))):
            opts.append(f'{key}.topk=(1,5)')
    return opts


def _last_checkpoint(work_dir: Path) -> Optional[str]:
    marker = work_dir / 'last_checkpoint'
    if marker.is_file():
        path = marker.read_text().strip()
        if osp.isfile(path):
            return path
    ckpts = sorted(work_dir.glob('epoch_*.pth'),
                   key=lambda p: int(p.stem.split('_')[1]))
    return str(ckpts[-1]) if ckpts else None


def _train_records(work_dir: Path) -> List[dict]:
    try:
        return [r for r in load_scalars(work_dir) if 'iter' in r]
    except FileNotFoundError:
        return []


def _run(cmd: List[str], log: Path, env: dict) -> int:
    with open(log, 'w') as f:
        return subprocess.run(cmd, cwd=str(REPO), env=env, stdout=f,
                              stderr=subprocess.STDOUT).returncode


def run_one(config: str, seed: int, work_dir: Path, cfg_options: Sequence[str],
            batch_size: int, python: str = sys.executable,
            train_args: Sequence[str] = ()) -> Dict:
    """Train and test ``config`` with ``seed``; the run's record.

    ``train_args`` go to ``tools/train.py`` only (e.g. ``--amp``,
    ``--auto-scale-lr``).
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    # The tools run in the mmglm checkout (cwd=REPO): give them absolute
    # paths, so that a relative work dir or config means the caller's
    # directory, not the checkout of whichever mmglm is installed.
    run_dir = str(work_dir.resolve())
    cfg_arg = str(Path(config).resolve()) if osp.isfile(config) else config
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(
        [str(REPO)] + [p for p in [env.get('PYTHONPATH')] if p])
    opts = [f'randomness.seed={seed}', *cfg_options]
    rec = dict(config=config, seed=seed, work_dir=str(work_dir),
               status='ok', wall_s=None, train_ips=None)
    start = time.perf_counter()
    rc = _run([python, 'tools/train.py', cfg_arg, '--work-dir', run_dir,
               *train_args, '--cfg-options', *opts],
              work_dir / 'train.out', env)
    rec['wall_s'] = time.perf_counter() - start
    records = _train_records(work_dir)
    losses = [r['loss'] for r in records if 'loss' in r]
    times = [r['time'] for r in records if 'time' in r]
    if times:
        rec['train_ips'] = batch_size / statistics.mean(times)
    out = (work_dir / 'train.out').read_text(errors='replace')
    # NonFiniteLossHook stops a run whose loss is NaN/inf with this error.
    if any(not math.isfinite(x) for x in losses) or (
            rc and 'NonFiniteLossError' in out):
        rec['status'] = 'NaN loss'
        return rec
    if rc:
        rec['status'] = f'crashed (exit {rc})'
        rec['error'] = out.strip().splitlines()[-1:] or ['']
        return rec
    ckpt = _last_checkpoint(work_dir)
    ckpt = str(Path(ckpt).resolve()) if ckpt else str(ckpt)
    metrics_file = work_dir / 'test_metrics.json'
    rc = _run([python, 'tools/test.py', cfg_arg, ckpt, '--work-dir',
               osp.join(run_dir, 'test'), '--out',
               str(metrics_file.resolve()),
               '--out-item', 'metrics', '--cfg-options', *opts],
              work_dir / 'test.out', env)
    if rc or not metrics_file.is_file():
        rec['status'] = f'test crashed (exit {rc})'
        return rec
    metrics = json.loads(metrics_file.read_text())
    for key in METRICS:
        if key in metrics:
            rec[key] = float(metrics[key])
            if not math.isfinite(rec[key]):
                rec['status'] = 'NaN metric'
    return rec


RECORD = 'record.json'


def save_record(rec: Dict, cfg_options: Sequence[str]) -> None:
    """Write ``rec`` (and the options it ran with) to its work dir."""
    out = dict(rec, cfg_options=list(cfg_options))  # (+ train args)
    (Path(rec['work_dir']) / RECORD).write_text(json.dumps(out, indent=1))


def load_record(config: str, seed: int, work_dir: Path,
                cfg_options: Sequence[str]) -> Optional[Dict]:
    """The saved record of a finished run of ``config`` with ``seed`` and
    the same options in ``work_dir``, else None (a failed run, another
    config or other options are run again)."""
    path = work_dir / RECORD
    if not path.is_file():
        return None
    rec = json.loads(path.read_text())
    same = (rec.get('config') == config and rec.get('seed') == seed
            and rec.pop('cfg_options', None) == list(cfg_options))
    return rec if same and rec.get('status') == 'ok' else None


def mean_std(values: Sequence[float]) -> Optional[tuple]:
    """(mean, sample std); std None for one value (no spread to show), and
    None for no value."""
    if not values:
        return None
    std = statistics.stdev(values) if len(values) > 1 else None
    return statistics.mean(values), std


def summarise(runs: Sequence[Dict]) -> List[Dict]:
    """One row per config: mean ± std of the metrics over its finished runs
    and the count of runs that did not finish."""
    rows = []
    for config in dict.fromkeys(r['config'] for r in runs):
        mine = [r for r in runs if r['config'] == config]
        ok = [r for r in mine if r['status'] == 'ok']
        row = dict(config=config, seeds=len(mine), ok=len(ok),
                   failed=[f"seed {r['seed']}: {r['status']}"
                           for r in mine if r['status'] != 'ok'])
        for key in METRICS:
            row[key] = mean_std([r[key] for r in ok if key in r])
        rows.append(row)
    return rows


def _fmt(ms: Optional[tuple]) -> str:
    if ms is None:
        return '-'
    if ms[1] is None:  # one finished run: a value, not a spread of 0
        return f'{ms[0]:.2f} (1 run)'
    return f'{ms[0]:.2f} ± {ms[1]:.2f}'


def _num(x: Optional[float], digits: int = 1) -> str:
    return '-' if x is None else f'{x:.{digits}f}'


def format_markdown(runs: Sequence[Dict], command: str) -> str:
    """The summary table (mean ± std per config) and the per-run table."""
    lines = ['| config | seeds (finished) | val top-1 (%) | val top-5 (%) '
             '| not finished |', '|---|---:|---:|---:|---|']
    for row in summarise(runs):
        lines.append(
            f"| {row['config']} | {row['seeds']} ({row['ok']}) | "
            f"{_fmt(row['accuracy/top1'])} | {_fmt(row['accuracy/top5'])} | "
            f"{'; '.join(row['failed']) or '-'} |")
    lines += ['', '| config | seed | status | val top-1 (%) | val top-5 (%) '
              '| wall time (s) | train img/s |',
              '|---|---:|---|---:|---:|---:|---:|']
    for r in runs:
        lines.append(
            f"| {r['config']} | {r['seed']} | {r['status']} | "
            f"{_num(r.get('accuracy/top1'), 2)} | "
            f"{_num(r.get('accuracy/top5'), 2)} | {_num(r['wall_s'])} | "
            f"{_num(r['train_ips'])} |")
    lines += ['', 'mean ± sample std over the finished seeds; top-1/top-5 '
              'of tools/test.py on the config\'s test loader (the val split '
              'for intel_mini and cub100); wall time: the tools/train.py '
              'process; img/s: batch / mean logged iteration time.', '',
              f'Command: `{command}`']
    return '\n'.join(lines) + '\n'


def plot_val_curves(runs: Sequence[Dict], out: str) -> bool:
    """Val top-1 against validation step, one line per run."""
    from .plotting import plot_curves
    dirs = [r['work_dir'] for r in runs if _train_records(Path(r['work_dir']))]
    labels = [f"{Path(r['config']).stem} s{r['seed']}" for r in runs
              if r['work_dir'] in dirs]
    if not dirs:
        return False
    try:
        plot_curves(dirs, ['accuracy/top1'], labels, out, ncols=1,
                    title='val top-1 during training')
    except ValueError:  # no run validated during training
        return False
    return True
