# Copyright (c) mmglm contributors. All rights reserved.
"""Accuracy of configs over seeds, through tools/train.py and tools/test.py.

Runs every config for every seed, one run after another (each a
``tools/train.py`` then a ``tools/test.py`` process, see
``mmglm/analysis/seeds.py``), and writes to ``--work-dir``:

- ``results.md``: val top-1 (and top-5 where there are more than 5 classes)
  as mean ± std per config, and per run its status, metrics, wall time and
  train img/s; a crashed or NaN run is listed as such;
- ``results.json``: the same records;
- ``val_curves.png``: val top-1 during training, one line per run
  (``--out NAME``: ``NAME.md``, ``NAME.json``, ``NAME_val_curves.png``).

Examples::

    # GLMNet-tiny against its two branches, 3 seeds each
    python tools/benchmarks/seeds.py \
        configs/glmnet/glmnet-tiny_1xb32-8e_intel-mini-64px.py \
        configs/glmnet/glmnet-tiny-global_1xb32-8e_intel-mini-64px.py \
        configs/glmnet/glmnet-tiny-local_1xb32-8e_intel-mini-64px.py \
        --seeds 0 1 2 --work-dir work_dirs/seeds_glmnet
    # shorter recipes: --cfg-options go to every train and test run
    python tools/benchmarks/seeds.py CONFIG --seeds 0 1 \
        --cfg-options train_cfg.max_epochs=2
    # a protocol in parts: --reuse keeps the finished runs of the same
    # config, seed and options, so the last call tables them all
    python tools/benchmarks/seeds.py A B --seeds 0 --work-dir W
    python tools/benchmarks/seeds.py A B --seeds 0 1 2 --work-dir W --reuse
    # ablations with one seed, tabled beside them in the same work dir
    python tools/benchmarks/seeds.py C D --seeds 0 --work-dir W --reuse \
        --out ablations
"""
import argparse
import json
import os.path as osp
import shlex
import sys
from pathlib import Path

from mmengine.config import Config, DictAction

import mmglm  # noqa: F401  (mmglm:: bases)
from mmglm.analysis.seeds import (format_markdown, load_record,
                                  plot_val_curves, run_one, save_record,
                                  topk_options)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('configs', nargs='+', help='config files')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--work-dir', default='work_dirs/seeds')
    p.add_argument('--reuse', action='store_true',
                   help='keep the finished runs already in --work-dir (same '
                   'config, seed and options) instead of training again, '
                   'so a protocol can be run in parts and tabled at once')
    p.add_argument('--out', default='results',
                   help='name of the table files in --work-dir (NAME.md, '
                   'NAME.json, NAME_val_curves.png), so that groups of '
                   'configs with other seeds can be tabled side by side')
    p.add_argument('--train-args', default='',
                   help='extra tools/train.py arguments, one string '
                   '(e.g. --train-args="--amp --auto-scale-lr")')
    p.add_argument('--cfg-options', nargs='+', default=[],
                   help='key=value overrides of every train and test run '
                   '(tools/train.py syntax)')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    overrides = {}
    for opt in args.cfg_options:  # validate with mmengine's parser
        ns = argparse.Namespace()
        DictAction(option_strings=[], dest='o')(None, ns, [opt])
        overrides.update(ns.o)
    runs = []
    for config in args.configs:
        cfg = Config.fromfile(config)
        cfg.merge_from_dict(overrides)
        options = topk_options(cfg) + list(args.cfg_options)
        batch = cfg.train_dataloader.batch_size
        for seed in args.seeds:
            work_dir = Path(args.work_dir) / Path(config).stem / f'seed{seed}'
            # a saved run is the same run when its options and train
            # arguments are the same
            key = options + shlex.split(args.train_args)
            rec = load_record(config, seed, work_dir, key) \
                if args.reuse else None
            how = 'reused' if rec else 'ran'
            if rec is None:
                rec = run_one(config, seed, work_dir, options, batch,
                              train_args=shlex.split(args.train_args))
                save_record(rec, key)
            runs.append(rec)
            print(f"[seeds] {config} seed {seed} ({how}): {rec['status']}, "
                  f"top-1 {rec.get('accuracy/top1')}, {rec['wall_s']:.0f} s",
                  flush=True)
    argv = sys.argv[1:] if argv is None else argv
    command = 'python tools/benchmarks/seeds.py ' + shlex.join(argv)
    table = format_markdown(runs, command)
    print(table)
    Path(args.work_dir).mkdir(parents=True, exist_ok=True)
    name = args.out
    (Path(args.work_dir) / f'{name}.md').write_text(table)
    (Path(args.work_dir) / f'{name}.json').write_text(
        json.dumps(dict(command=command, runs=runs), indent=1))
    png = osp.join(args.work_dir, f'{name}_val_curves.png'
                   if name != 'results' else 'val_curves.png')
    if plot_val_curves(runs, png):
        print(f'saved {png}')
    return runs


if __name__ == '__main__':
    main()
