# Copyright (c) mmglm contributors. All rights reserved.
"""Plot GLMNet's exchange gates gamma_i from a work dir's logs as a PNG.

Reads the scalar logs that mmengine writes under
``<work_dir>/<timestamp>/vis_data/`` (``scalars.json`` and
``<timestamp>.json``: one JSON record per line) and plots every
``gamma_stage{i}`` recorded by ``GammaLoggerHook`` against the training
iteration (with the epoch boundaries when known)::

    python tools/visualization/plot_gamma.py work_dirs/glmnet_intel \
        --out work_dirs/glmnet_intel/gamma.png

Without ``--out`` the PNG is ``<work_dir>/gamma.png``.
"""
import argparse
import glob
import json
import os.path as osp
import re
from typing import Dict, List, Tuple

_GAMMA = re.compile(r'^gamma_stage(\d+)$')


def find_log_files(path: str) -> List[str]:
    """JSON scalar logs of the latest run in ``path``.

    ``path`` may be a work dir, a ``<timestamp>`` run dir, a ``vis_data``
    folder or a ``.json`` file.
    """
    if osp.isfile(path):
        return [path]
    for pattern in ('vis_data/*.json', '*/vis_data/*.json', '*.json'):
        files = sorted(glob.glob(osp.join(path, pattern)))
        if files:
            run_dirs = sorted({osp.dirname(f) for f in files})
            latest = run_dirs[-1]  # timestamps sort chronologically
            return sorted(f for f in files if osp.dirname(f) == latest)
    raise FileNotFoundError(f'no vis_data/*.json scalar log under {path}')


def read_gammas(files: List[str]) -> Tuple[Dict[str, List[Tuple[int, float]]],
                                           Dict[int, int]]:
    """Read ``{key: [(step, value), ...]}`` and ``{epoch: step}``."""
    series: Dict[str, Dict[int, float]] = {}
    epoch_ends: Dict[int, int] = {}
    for path in files:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                record = json.loads(line)
                step = record.get('step', record.get('iter'))
                if step is None:
                    continue
                gammas = {k: v for k, v in record.items() if _GAMMA.match(k)}
                for key, value in gammas.items():
                    series.setdefault(key, {})[int(step)] = float(value)
                # GammaLoggerHook's end-of-epoch record: gammas + 'epoch'
                # and nothing else.
                if gammas and set(record) == set(gammas) | {'epoch', 'step'}:
                    epoch_ends[int(record['epoch'])] = int(step)
    order = sorted(series, key=lambda k: int(_GAMMA.match(k).group(1)))
    return {k: sorted(series[k].items()) for k in order}, epoch_ends


def plot(series, epoch_ends, out: str, title: str = '') -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for key, points in series.items():
        steps, values = zip(*points)
        ax.plot(steps, values, marker='.' if len(points) < 50 else None,
                label=key.replace('gamma_stage', 'gamma after stage '))
    for epoch, step in sorted(epoch_ends.items()):
        ax.axvline(step, color='0.85', lw=0.8, zorder=0)
    ax.axhline(0.0, color='0.5', lw=0.8)
    ax.set_xlabel('iteration' + (' (grey lines: epoch ends)'
                                 if epoch_ends else ''))
    ax.set_ylabel('gamma')
    ax.set_title(title or 'GLMNet exchange gates (local -> global)')
    ax.legend()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dir', help='work dir, run dir or json log')
    parser.add_argument('--out', help='output PNG (default '
                        '<work_dir>/gamma.png)')
    parser.add_argument('--title', default='')
    args = parser.parse_args()
    files = find_log_files(args.work_dir)
    series, epoch_ends = read_gammas(files)
    if not series:
        raise SystemExit(f'no gamma_stage* scalars in {files}; was '
                         'GammaLoggerHook in custom_hooks?')
    out = args.out or osp.join(
        args.work_dir if osp.isdir(args.work_dir) else osp.dirname(
            args.work_dir), 'gamma.png')
    plot(series, epoch_ends, out, args.title)
    last = {k: v[-1][1] for k, v in series.items()}
    print(f'{out}: ' + ', '.join(f'{k}={v:.4g}' for k, v in last.items()))


if __name__ == '__main__':
    main()
