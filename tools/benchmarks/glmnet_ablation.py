# Copyright (c) mmglm contributors. All rights reserved.
"""GLMNet-tiny vs its global and local branches alone, same recipe.

Trains each config on intel_mini ``train`` through mmengine's Runner,
evaluates intel_mini ``val`` top-1, counts parameters and FLOPs
(``mmglm.analysis.complexity.count_complexity``, whole classifier, as
``tools/analysis/complexity.py``) and
measures training throughput side by side in this one process (the models
take turns, ``--speed-rounds`` rounds of ``--speed-steps`` optimizer steps on
a fixed batch; the median is reported, with the ratio to the first config,
because absolute timings on a shared CPU are noisy). Prints a Markdown table
and writes it to ``<work-dir>/results.md``.

    OMP_NUM_THREADS=1 nice -n 10 python tools/benchmarks/glmnet_ablation.py \
        --epochs 2 --img-size 64

By default the three configs are the CPU recipe
``configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py`` and its
``-global`` / ``-local`` ablations; ``--img-size`` and ``--epochs`` shrink
the recipe identically for all of them (the warm-up becomes
``--warmup-iters`` iterations, then cosine to the end).
"""
import argparse
import copy
import json
import os
import os.path as osp
import statistics
import time
from typing import Dict, List

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

import mmglm  # noqa: F401
from mmglm.analysis.complexity import count_complexity
from mmglm.registry import MODELS

CONFIGS = [
    'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py',
    'configs/glmnet/glmnet-tiny-global_1xb32_intel-mini-112px.py',
    'configs/glmnet/glmnet-tiny-local_1xb32_intel-mini-112px.py',
]
NAMES = ['GLMNet-tiny', 'global only (PVTv2-b0)',
         'local only (ResNeXt-26-FReLU)']


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--configs', nargs='+', default=CONFIGS)
    parser.add_argument('--names', nargs='+', default=None)
    parser.add_argument('--data-root', default=None,
                        help='intel_mini folder (default: the shared data)')
    parser.add_argument('--epochs', type=int, default=2)
    parser.add_argument('--img-size', type=int, default=64)
    parser.add_argument('--warmup-iters', type=int, default=20)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--num-workers', type=int, default=2)
    parser.add_argument('--threads', type=int, default=1,
                        help='torch threads (1 is fastest on a busy CPU)')
    parser.add_argument('--speed-steps', type=int, default=3)
    parser.add_argument('--speed-rounds', type=int, default=3)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--subset', type=int, nargs=2, default=None,
                        metavar=('TRAIN', 'VAL'),
                        help='evenly spaced subsets (for a smoke run)')
    parser.add_argument('--work-dir', default='work_dirs/glmnet_ablation')
    return parser.parse_args()


def find_data_root() -> str:
    here = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    for cand in (os.environ.get('MMGLM_SHARED_DATA'),
                 osp.join(here, '..', 'shared', 'data'), '/work/shared/data'):
        if cand and osp.isdir(osp.join(cand, 'intel_mini')):
            return osp.abspath(osp.join(cand, 'intel_mini'))
    raise FileNotFoundError('intel_mini not found: pass --data-root')


def _resize_pipeline(pipeline: List[dict], size: int) -> None:
    for t in pipeline:
        if t['type'] == 'RandomResizedCrop':
            t['scale'] = size
        elif t['type'] == 'Resize':
            t['scale'] = (size, size)


def make_cfg(path: str, args, data_root: str, work_dir: str) -> Config:
    cfg = Config.fromfile(path)
    size = args.img_size
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg[key]
        loader.dataset.data_root = data_root
        loader.num_workers = args.num_workers
        loader.persistent_workers = args.num_workers > 0
        _resize_pipeline(loader.dataset.pipeline, size)
    cfg.train_dataloader.batch_size = args.batch_size
    n_train = sum(1 for line in open(osp.join(data_root, 'meta/train.txt'))
                  if line.strip())
    if args.subset:
        n_val = sum(1 for line in open(osp.join(data_root, 'meta/val.txt'))
                    if line.strip())
        for key, n, k in (('train_dataloader', n_train, args.subset[0]),
                          ('val_dataloader', n_val, args.subset[1])):
            cfg[key].dataset.indices = list(range(0, n, n // k))[:k]
        n_train = args.subset[0]
    if cfg.model.backbone.type == 'GLMNet' and size % 32:
        cfg.model.backbone.size_divisor = 16 if size % 16 == 0 else 4
    iters = -(-n_train // args.batch_size) * args.epochs
    cfg.param_scheduler = [
        dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0,
             end=args.warmup_iters),
        dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=False,
             begin=args.warmup_iters, end=iters),
    ]
    cfg.train_cfg = dict(by_epoch=True, max_epochs=args.epochs,
                         val_interval=args.epochs + 1)  # val once, after
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook', interval=-1)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=20)
    cfg.randomness = dict(seed=args.seed, deterministic=False)
    cfg.work_dir = work_dir
    return cfg


def complexity(cfg: Config, size: int) -> Dict[str, float]:
    model = MODELS.build(cfg.model).eval()
    res = count_complexity(model, (3, size, size))
    return dict(params=res['params'] / 1e6, flops=res['flops'] / 1e9)


def throughput(cfgs: List[Config], args) -> List[float]:
    """Median train img/s per config, the models taking turns."""
    from mmpretrain.structures import DataSample
    torch.manual_seed(args.seed)
    bs, size = args.batch_size, args.img_size
    x = torch.randn(bs, 3, size, size)
    samples = [DataSample().set_gt_label(i % 6) for i in range(bs)]
    models, optims = [], []
    for cfg in cfgs:
        model_cfg = copy.deepcopy(cfg.model)
        model_cfg.pop('train_cfg', None)  # no CutMix on the fixed batch
        model = MODELS.build(model_cfg).train()
        models.append(model)
        optims.append(torch.optim.AdamW(model.parameters(), lr=1e-4))
    times = [[] for _ in cfgs]
    for rnd in range(args.speed_rounds + 1):  # round 0 warms up
        for i, (model, optim) in enumerate(zip(models, optims)):
            start = time.perf_counter()
            for _ in range(args.speed_steps):
                optim.zero_grad()
                model.loss(x, samples)['loss'].backward()
                optim.step()
            if rnd:
                times[i].append(
                    bs * args.speed_steps / (time.perf_counter() - start))
    return [statistics.median(t) for t in times]


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    names = args.names or (NAMES if args.configs == CONFIGS else
                           [osp.basename(c)[:-3] for c in args.configs])
    data_root = args.data_root or find_data_root()
    os.makedirs(args.work_dir, exist_ok=True)
    rows, cfgs = [], []
    for name, path in zip(names, args.configs):
        cfg = make_cfg(path, args, data_root,
                       osp.join(args.work_dir, osp.basename(path)[:-3]))
        cfgs.append(copy.deepcopy(cfg))
        init_default_scope('mmglm')
        cx = complexity(cfg, args.img_size)
        runner = Runner.from_cfg(cfg)
        start = time.perf_counter()
        runner.train()
        train_s = time.perf_counter() - start
        metrics = runner.val()
        top1 = metrics['accuracy/top1']
        n_images = len(runner.train_dataloader.dataset) * args.epochs
        rows.append(dict(name=name, config=path, top1=top1, train_s=train_s,
                         e2e_ips=n_images / train_s, **cx))
        print(f'[glmnet_ablation] {name}: top-1 {top1:.2f}, '
              f'{train_s:.0f} s', flush=True)
        del runner
    ips = throughput(cfgs, args)
    for row, v in zip(rows, ips):
        row['ips'] = v
        row['ratio'] = v / ips[0]

    header = (f'| model | params (M) | FLOPs (G) @{args.img_size} | '
              f'intel_mini val top-1 (%) | train img/s (side by side) | '
              f'speed vs {rows[0]["name"]} | train wall time (s) |\n'
              '|---|---:|---:|---:|---:|---:|---:|\n')
    lines = [
        f'| {r["name"]} | {r["params"]:.2f} | {r["flops"]:.3f} | '
        f'{r["top1"]:.2f} | {r["ips"]:.1f} | {r["ratio"]:.2f}x | '
        f'{r["train_s"]:.0f} |' for r in rows
    ]
    n_train = len(cfgs[0].train_dataloader.dataset.get('indices')
                  or []) or 3000
    settings = (f'{args.epochs} epochs on intel_mini train ({n_train} '
                f'images) at '
                f'{args.img_size} px, batch {args.batch_size}, '
                f'{args.warmup_iters} warm-up iterations then cosine, '
                f'seed {args.seed}, {args.threads} torch thread(s); '
                f'throughput: median of {args.speed_rounds} rounds x '
                f'{args.speed_steps} AdamW steps on a fixed batch, models '
                f'taking turns in one process.')
    table = header + '\n'.join(lines) + '\n\n' + settings + '\n'
    print(table)
    with open(osp.join(args.work_dir, 'results.md'), 'w') as f:
        f.write(table)
    with open(osp.join(args.work_dir, 'results.json'), 'w') as f:
        json.dump(dict(rows=rows, args=vars(args)), f, indent=1)


if __name__ == '__main__':
    main()
