# Copyright (c) mmglm contributors. All rights reserved.
"""Training curves from work dirs and benchmark bar charts (matplotlib).

Curves are read from mmengine's ``LocalVisBackend`` logs,
``<work_dir>/<timestamp>/vis_data/scalars.json`` (one JSON record per line).
A run resumed into the same work dir leaves one timestamp folder per start:
they are joined in time order, and a step logged twice (the part before the
resume point that was trained again) keeps the later value. Training records
(those with an ``iter`` key) are drawn against the iteration; validation
records against their ``step`` (the epoch for epoch-based loops).
"""
import fnmatch
import json
import math
import textwrap
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

__all__ = [
    'load_scalars', 'split_series', 'select_keys', 'plot_curves',
    'plot_benchmark', 'DEFAULT_KEYS'
]

#: Keys drawn when none are asked for (glob patterns).
DEFAULT_KEYS = ('loss*', 'accuracy/*', 'lr', 'gamma/*')
#: Bookkeeping keys that are never curves.
_SKIP = {'step', 'iter', 'epoch', 'time', 'data_time', 'memory', 'eta'}


def _scalar_files(work_dir: Path) -> List[Path]:
    work_dir = Path(work_dir)
    if work_dir.is_file():
        return [work_dir]
    files = sorted(work_dir.glob('vis_data/scalars.json')) + \
        sorted(work_dir.glob('*/vis_data/scalars.json'))
    if not files:
        raise FileNotFoundError(
            f'No vis_data/scalars.json under {work_dir}: is it a work dir of '
            "a run with vis_backends=[dict(type='LocalVisBackend')]?")
    return files


def load_scalars(work_dir: Union[str, Path]) -> List[dict]:
    """All scalar records of a work dir (or of one scalars.json file)."""
    records = []
    for f in _scalar_files(Path(work_dir)):
        for line in f.read_text().splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def split_series(records: Sequence[dict]
                 ) -> Dict[str, Tuple[List[float], List[float], str]]:
    """``key -> (xs, ys, x-axis name)``, later duplicates of a step win."""
    series: Dict[str, Dict[float, float]] = {}
    axis: Dict[str, str] = {}
    for rec in records:
        is_train = 'iter' in rec
        x = rec['iter'] if is_train else rec.get('step')
        if x is None:
            continue
        for key, value in rec.items():
            if key in _SKIP or not isinstance(value, (int, float)):
                continue
            series.setdefault(key, {})[x] = float(value)
            axis[key] = 'iteration' if is_train else 'validation step'
    return {
        k: (sorted(v), [v[x] for x in sorted(v)], axis[k])
        for k, v in series.items()
    }


def select_keys(available: Sequence[str],
                patterns: Optional[Sequence[str]] = None) -> List[str]:
    """Keys matching the glob ``patterns`` (default :data:`DEFAULT_KEYS`),
    in pattern order."""
    patterns = patterns or DEFAULT_KEYS
    keys: List[str] = []
    for pat in patterns:
        for key in sorted(available):
            if fnmatch.fnmatchcase(key, pat) and key not in keys:
                keys.append(key)
    return keys


def plot_curves(work_dirs: Sequence[Union[str, Path]],
                keys: Optional[Sequence[str]] = None,
                labels: Optional[Sequence[str]] = None,
                out: Optional[Union[str, Path]] = None,
                ncols: int = 3,
                log_keys: Sequence[str] = ('lr', ),
                title: Optional[str] = None):
    """One subplot per key, one line per work dir.

    Args:
        work_dirs: Work dirs (or scalars.json files) to compare.
        keys: Glob patterns of the scalars to draw (``loss``, ``loss_*``,
            ``accuracy/top1``, ``lr``, ``gamma/*``...); default
            :data:`DEFAULT_KEYS`. A key missing in a run is skipped there.
        labels: Legend names (default: the work dir names).
        out: PNG path to save to.
        ncols: Subplots per row.
        log_keys: Glob patterns of keys drawn on a log y axis.

    Returns:
        matplotlib.figure.Figure: The figure; ``fig.axes[i]`` is titled with
        its key and holds one line per run that logged it (label = run).
    """
    runs = [split_series(load_scalars(w)) for w in work_dirs]
    labels = list(labels or [Path(w).name for w in work_dirs])
    available = sorted({k for r in runs for k in r})
    chosen = select_keys(available, keys)
    if not chosen:
        raise ValueError(f'No scalar matches {list(keys or DEFAULT_KEYS)}; '
                         f'available: {available}')
    ncols = max(1, min(ncols, len(chosen)))
    nrows = math.ceil(len(chosen) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols,
                                                    3.2 * nrows),
                             squeeze=False)
    for ax, key in zip(axes.flat, chosen):
        xlabel = 'iteration'
        for run, label in zip(runs, labels):
            if key in run:
                xs, ys, xlabel = run[key]
                ax.plot(xs, ys, label=label,
                        marker='o' if len(xs) <= 20 else None, markersize=3)
        ax.set_title(key)
        ax.set_xlabel(xlabel)
        if any(fnmatch.fnmatchcase(key, p) for p in log_keys) and all(
                y > 0 for line in ax.lines for y in line.get_ydata()):
            ax.set_yscale('log')
        ax.grid(alpha=0.3)
        if len(runs) > 1:
            ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(chosen):]:
        ax.remove()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    if out:
        fig.savefig(out, dpi=120)
    return fig


def plot_benchmark(rows: Sequence[dict],
                   out: Optional[Union[str, Path]] = None,
                   title: Optional[str] = None):
    """Bar chart of a benchmark: img/s for inference and training per model.

    Args:
        rows: ``BenchEntry.to_dict()`` records (``label``, ``infer_img_s``,
            ``train_img_s``), e.g. the ``results`` of benchmark.py's JSON.
        out: PNG path to save to.

    Returns:
        matplotlib.figure.Figure: One axis per measured kind (inference,
        training); bar heights are the img/s of the rows, in order.
    """
    rows = [r for r in rows if not r.get('error')]
    kinds = [(k, t) for k, t in (('infer_img_s', 'inference img/s'),
                                 ('train_img_s', 'training img/s'))
             if any(r.get(k) for r in rows)]
    fig, axes = plt.subplots(1, len(kinds),
                             figsize=(max(4.0, 0.9 * len(rows) + 2) *
                                      len(kinds), 4.0),
                             squeeze=False)
    names = [r['label'] for r in rows]
    for ax, (key, name) in zip(axes.flat, kinds):
        values = [r.get(key) or 0.0 for r in rows]
        bars = ax.bar(range(len(rows)), values,
                      color=[f'C{i % 10}' for i in range(len(rows))])
        ax.bar_label(bars, fmt='%.1f', fontsize=7)
        ax.set_xticks(range(len(rows)), names, rotation=30, ha='right',
                      fontsize=7)
        ax.set_title(name)
        ax.grid(axis='y', alpha=0.3)
    if title:
        width = int(fig.get_figwidth() * 14)
        fig.suptitle(textwrap.fill(title, width), fontsize=8)
    fig.tight_layout()
    if out:
        fig.savefig(out, dpi=120)
    return fig
