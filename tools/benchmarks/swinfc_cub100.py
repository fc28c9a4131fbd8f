# Copyright (c) mmglm contributors. All rights reserved.
"""SwinFC vs plain Swin: cub100 accuracy, FLOPs and inference throughput.

1. Trains the CPU recipe of SwinFC-T
   (``swinfc_swin-t_1xb16_cub100-128px.py``) and
   of the Swin-T baseline (``swin-t_1xb16_cub100-128px.py``) identically (same
   seed, epochs, optimiser shape, data) on cub100 train, then reports cub100
   val top-1/top-5; SwinFC with both test-time modes (backbone head, sum of
   the four heads).
2. Counts FLOPs (``mmglm.analysis.complexity.count_complexity``, as
   ``tools/analysis/complexity.py``; one multiply-add = one FLOP, the
   convention of mmpretrain's metafiles, attention products included) and
   parameters of SwinFC and plain Swin at the same size: Swin-B at 384 (the
   paper's Table 9) and Swin-T at 128 (the CPU recipe).
3. Measures inference throughput of each pair side by side in one process,
   interleaving the two models round by round, so the ratio holds even on a
   noisy shared CPU; absolute img/s on such a machine are not comparable to
   the paper's GPU figures.

Example (the budget run reported in configs/swinfc/README.md)::

    nice -n 10 env PYTHONPATH=. .venv/bin/python \
        tools/benchmarks/swinfc_cub100.py --iters 8 --rounds 3 \
        --work-dir /tmp/swinfc_cub100
"""
import argparse
import json
import os
import os.path as osp
import time
from pathlib import Path

import torch
from mmengine.config import Config
from mmengine.runner import Runner
from mmpretrain.utils import register_all_modules as register_mmpretrain

from mmglm.analysis.complexity import count_complexity
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

REPO = Path(__file__).resolve().parents[2]
CFG = REPO / 'configs' / 'swinfc'
TRAIN_PAIR = (('SwinFC-T', CFG / 'swinfc_swin-t_1xb16_cub100-128px.py'),
              ('Swin-T', CFG / 'swin-t_1xb16_cub100-128px.py'))
SIZE_PAIRS = (
    ('Swin-B', 384, CFG / 'swinfc_swin-b_4xb8_cub-384px.py',
     CFG / 'swin-b_4xb8_cub-384px.py'),
    ('Swin-T', 128, CFG / 'swinfc_swin-t_1xb16_cub100-128px.py',
     CFG / 'swin-t_1xb16_cub100-128px.py'),
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument(
        '--iters',
        type=int,
        default=0,
        help='train for this many iterations instead of --epochs')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--work-dir', default='/tmp/swinfc_cub100')
    parser.add_argument('--data-root', help='folder holding cub100/')
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--skip-train', action='store_true')
    parser.add_argument(
        '--rounds', type=int, default=3, help='throughput rounds per model')
    parser.add_argument(
        '--batch-384', type=int, default=1, help='throughput batch at 384')
    parser.add_argument(
        '--batch-128', type=int, default=8, help='throughput batch at 128')
    return parser.parse_args()


def find_data(arg):
    cands = [arg] if arg else []
    cands += [
        os.environ.get('MMGLM_SHARED_DATA'), REPO / '..' / 'shared' / 'data',
        '/work/shared/data'
    ]
    for cand in cands:
        if cand and osp.isdir(osp.join(cand, 'cub100')):
            return osp.abspath(osp.join(cand, 'cub100'))
    raise FileNotFoundError('cub100 not found; pass --data-root')


def train_and_eval(name, cfg_path, args, data_root):
    cfg = Config.fromfile(str(cfg_path))
    for loader in (cfg.train_dataloader, cfg.val_dataloader,
                   cfg.test_dataloader):
        loader.dataset.data_root = data_root
        loader.num_workers = args.workers
    if args.iters:
        # a budget in iterations: cosine from the base lr, no warm-up (a
        # warm-up of a few iterations would leave mmengine's chained cosine
        # starting from a reduced lr)
        cfg.train_cfg = dict(
            by_epoch=False,
            max_iters=args.iters,
            val_begin=args.iters + 1,  # evaluated below, not by the loop
            val_interval=args.iters + 1)
        cfg.param_scheduler = [
            dict(
                type='CosineAnnealingLR',
                eta_min=1e-5,
                by_epoch=False,
                begin=0,
                end=args.iters)
        ]
        cfg.log_processor = dict(by_epoch=False)
        cfg.default_hooks.logger = dict(
            type='LoggerHook', interval=max(1, args.iters // 10))
    else:
        cfg.train_cfg.max_epochs = args.epochs
        cfg.train_cfg.val_interval = args.epochs + 1  # evaluated below
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', interval=-1, save_last=False)
    cfg.randomness = dict(seed=args.seed)
    cfg.work_dir = osp.join(args.work_dir, name)
    runner = Runner.from_cfg(cfg)
    start = time.perf_counter()
    runner.train()
    train_s = time.perf_counter() - start
    losses = runner.message_hub.get_scalar('train/loss').data[0].tolist()
    k = max(1, min(20, len(losses) // 5))
    result = dict(
        config=str(cfg_path.relative_to(REPO)),
        budget=f'{args.iters} iters'
        if args.iters else f'{args.epochs} epochs',
        iters=len(losses),
        train_min=round(train_s / 60, 1),
        loss_first=round(sum(losses[:k]) / k, 3),
        loss_last=round(sum(losses[-k:]) / k, 3))
    result.update(evaluate(runner.model, runner.val_dataloader))
    return result


@torch.no_grad()
def evaluate(model, loader):
    """Top-1/5 of the backbone head and of the sum of all heads, one pass."""
    model.eval()
    hits = {}
    total = 0
    for batch in loader:
        data = model.data_preprocessor(batch, False)
        scores = model(data['inputs'], mode='tensor')
        if isinstance(scores, torch.Tensor):
            scores = (scores, )
        labels = torch.cat([s.gt_label for s in data['data_samples']])
        modes = {'backbone': scores[0]}
        if len(scores) > 1:
            modes['sum'] = sum(scores)
        for mode, logits in modes.items():
            top5 = logits.topk(5, dim=1).indices
            hits.setdefault(f'top1_{mode}', 0)
            hits.setdefault(f'top5_{mode}', 0)
            hits[f'top1_{mode}'] += (top5[:, 0] == labels).sum().item()
            hits[f'top5_{mode}'] += (top5 == labels[:,
                                                    None]).any(1).sum().item()
        total += len(labels)
    return {k: round(100 * v / total, 2) for k, v in hits.items()}


def build(cfg_path):
    cfg = Config.fromfile(str(cfg_path)).model
    cfg.backbone.pop('init_cfg', None)  # random weights suffice here
    model = MODELS.build(cfg)
    model.init_weights()
    return model.eval()


def complexity_and_speed(label, size, fc_cfg, base_cfg, rounds, batch):
    out = {}
    models = {f'SwinFC ({label})': build(fc_cfg), label: build(base_cfg)}
    for name, model in models.items():
        info = count_complexity(model, (3, size, size))
        out[name] = dict(
            size=size,
            gflops=round(info['flops'] / 1e9, 2),
            params_m=round(info['params'] / 1e6, 2))
    x = torch.randn(batch, 3, size, size)
    elapsed = {name: 0.0 for name in models}
    with torch.no_grad():
        for model in models.values():  # warm-up
            model(x)
        for r in range(rounds):
            order = list(models.items())
            order = order if r % 2 == 0 else order[::-1]
            for name, model in order:
                start = time.perf_counter()
                model(x)
                elapsed[name] += time.perf_counter() - start
    fc_name, base_name = models
    for name in models:
        out[name]['img_per_s'] = float(f'{rounds * batch / elapsed[name]:.3g}')
        out[name]['batch'] = batch
        out[name]['rounds'] = rounds
    # side-by-side ratios (SwinFC / plain Swin): robust to the shared CPU
    out[fc_name]['flops_ratio'] = round(
        out[fc_name]['gflops'] / out[base_name]['gflops'], 3)
    out[fc_name]['speed_ratio'] = round(elapsed[base_name] / elapsed[fc_name],
                                        3)
    return out


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    # mmglm's registries fall back to mmpretrain's, whose modules (e.g.
    # UniversalVisualizer) must be imported for the Runner to find them.
    register_mmpretrain(init_default_scope=False)
    register_all_modules()
    os.makedirs(args.work_dir, exist_ok=True)
    report = dict(threads=args.threads, seed=args.seed)
    if not args.skip_train:
        data_root = find_data(args.data_root)
        report['train'] = {
            name: train_and_eval(name, path, args, data_root)
            for name, path in TRAIN_PAIR
        }
    report['complexity'] = {}
    for label, size, fc_cfg, base_cfg in SIZE_PAIRS:
        batch = args.batch_384 if size >= 384 else args.batch_128
        report['complexity'].update(
            complexity_and_speed(label, size, fc_cfg, base_cfg, args.rounds,
                                 batch))
    with open(osp.join(args.work_dir, 'report.json'), 'w') as f:
        json.dump(report, f, indent=2)

    if 'train' in report:
        print('\n| model | iters | train min | loss first -> last '
              '| val top-1 / top-5 (backbone head) '
              '| val top-1 / top-5 (sum of heads) |')
        print('|---|---|---|---|---|---|')
        for name, r in report['train'].items():
            both = (f"{r['top1_sum']} / {r['top5_sum']}"
                    if 'top1_sum' in r else '-')
            print(f"| {name} | {r['iters']} | {r['train_min']} | "
                  f"{r['loss_first']} -> {r['loss_last']} | "
                  f"{r['top1_backbone']} / {r['top5_backbone']} | {both} |")
    print('\n| model | input | params (M) | GFLOPs | FLOPs ratio '
          '| img/s (batch) | throughput ratio |')
    print('|---|---|---|---|---|---|---|')
    for name, r in report['complexity'].items():
        print(f"| {name} | {r['size']} | {r['params_m']} | {r['gflops']} | "
              f"{r.get('flops_ratio', 1)} | {r['img_per_s']} ({r['batch']}) "
              f"| {r.get('speed_ratio', 1)} |")
    print(f'\nfull report: {osp.join(args.work_dir, "report.json")}')


if __name__ == '__main__':
    main()
