# Copyright (c) mmglm contributors. All rights reserved.
"""Overfitting check: a detector learns a handful of COCO images.

mmglm's one overfit tool for detection: any ``configs/det`` recipe
(``--config``; default the CPU RetinaNet recipe
``configs/det/retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py``), its
backbone from scratch, trained on a few ``coco_mini`` train images, evaluates bbox mAP on those same
images with mmdet's ``CocoMetric`` every ``--val-interval`` iterations, and
finally evaluates on the whole ``coco_mini`` val split (79 images), printing
the COCO metrics. It proves that the pipeline (mmglm backbone inside mmdet,
data, losses, optimiser, metric) learns; the val numbers of a model trained on
4 images are expected to be near zero.

Images are the first ``--num-images`` train images (by id) whose boxes all
have ``sqrt(w*h) >= --min-box-size`` pixels: at 224 px, COCO's small
objects shrink to a few pixels, below RetinaNet's smallest (32 px) anchors,
and need far more iterations than a CPU run allows. Augmentation is off
(no flip): this is memorisation on purpose. Training runs at 224 px (longest
side), batch = the images, AdamW lr 2e-3 (no weight decay), 25 warm-up
iterations then cosine, 250 iterations; the defaults are the run reported in
configs/det/README.md::

    OMP_NUM_THREADS=1 PYTHONPATH=. nice -n 10 \\
        python tools/benchmarks/det_overfit.py \\
        --work-dir work_dirs/det_overfit --plot work_dirs/det_overfit/loss.png

The exit status is 1 when the final bbox mAP@0.5 on the training images is
below ``--expect``.
"""
import argparse
import collections
import json
import os.path as osp
import sys
from pathlib import Path

from mmengine.config import Config

REPO = Path(__file__).resolve().parents[2]
CONFIG = (REPO / 'configs/det/'
          'retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--work-dir', default='work_dirs/det_overfit')
    parser.add_argument(
        '--data-root',
        default='data/coco_mini',
        help='coco_mini root; data/coco_mini falls back to '
        '../shared/data/coco_mini')
    parser.add_argument('--config', default=str(CONFIG))
    parser.add_argument('--num-images', type=int, default=4)
    parser.add_argument('--min-box-size', type=float, default=32)
    parser.add_argument(
        '--scale', type=int, default=224, help='longest image side')
    parser.add_argument('--iters', type=int, default=250)
    parser.add_argument('--val-interval', type=int, default=50)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--warmup', type=int, default=25)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--threads',
        type=int,
        default=1,
        help='torch CPU threads (1 is fastest on a busy shared CPU)')
    parser.add_argument('--expect', type=float, default=0.3)
    parser.add_argument(
        '--no-full-val',
        action='store_true',
        help='skip the final evaluation on all coco_mini val images')
    parser.add_argument('--plot', help='write the loss curve to this PNG')
    return parser.parse_args(argv)


def write_subset(ann_file: str, out: str, num: int, min_box: float) -> list:
    """Write the first ``num`` qualifying images and their annotations."""
    with open(ann_file) as f:
        coco = json.load(f)
    anns = collections.defaultdict(list)
    for ann in coco['annotations']:
        anns[ann['image_id']].append(ann)
    chosen = []
    for img in sorted(coco['images'], key=lambda i: i['id']):
        boxes = [a['bbox'] for a in anns[img['id']] if not a['iscrowd']]
        if boxes and all((w * h)**0.5 >= min_box for _, _, w, h in boxes):
            chosen.append(img)
        if len(chosen) == num:
            break
    ids = {img['id'] for img in chosen}
    subset = dict(
        coco,
        images=chosen,
        annotations=[a for a in coco['annotations'] if a['image_id'] in ids])
    with open(out, 'w') as f:
        json.dump(subset, f)
    return chosen


def fixed_scale(pipeline: list, scale: tuple) -> list:
    """The config's own pipeline with every ``Resize`` at ``scale`` and no
    random flip (memorising fixed images); the config's annotations (boxes,
    masks) are kept."""
    return [
        dict(t, scale=scale) if t['type'] == 'Resize' else dict(t)
        for t in pipeline if t['type'] != 'RandomFlip'
    ]


def build_config(args, data_root: str, subset_json: str) -> Config:
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.work_dir
    cfg.model.backbone.init_cfg = None  # from scratch
    scale = (args.scale, args.scale)
    train_pipeline = fixed_scale(cfg.train_dataloader.dataset.pipeline, scale)
    test_pipeline = fixed_scale(cfg.val_dataloader.dataset.pipeline, scale)
    loader = dict(num_workers=0, persistent_workers=False)
    cfg.train_dataloader.update(
        loader, batch_size=args.num_images, batch_sampler=None)
    cfg.train_dataloader.dataset.update(
        data_root=data_root, ann_file=subset_json,
        data_prefix=dict(img='train2017/'), pipeline=train_pipeline)
    cfg.val_dataloader.update(loader, batch_size=args.num_images)
    cfg.val_dataloader.dataset.update(
        data_root=data_root, ann_file=subset_json,
        data_prefix=dict(img='train2017/'), pipeline=test_pipeline)
    cfg.val_evaluator.ann_file = subset_json
    # test: the whole coco_mini val split
    cfg.test_dataloader = dict(
        cfg.val_dataloader, dataset=dict(
            cfg.val_dataloader.dataset,
            ann_file='annotations/instances_val2017.json',
            data_prefix=dict(img='val2017/')))
    cfg.test_evaluator = dict(
        cfg.val_evaluator,
        ann_file=osp.join(data_root, 'annotations/instances_val2017.json'))

    cfg.train_cfg = dict(
        type='IterBasedTrainLoop',
        max_iters=args.iters,
        val_interval=args.val_interval)
    cfg.optim_wrapper.optimizer = dict(
        type='AdamW', lr=args.lr, weight_decay=0.0)
    cfg.param_scheduler = [
        dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0,
             end=args.warmup),
        dict(type='CosineAnnealingLR', by_epoch=False, begin=args.warmup,
             end=args.iters, eta_min=args.lr * 0.05)
    ]
    cfg.default_hooks.logger.interval = 10
    cfg.default_hooks.logger.log_metric_by_epoch = False
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', by_epoch=False, interval=args.iters,
        max_keep_ckpts=1)
    cfg.log_processor = dict(by_epoch=False, window_size=10)
    cfg.randomness = dict(seed=args.seed)
    cfg.auto_scale_lr = dict(enable=False, base_batch_size=args.num_images)
    return cfg


def loss_keys(records: list) -> list:
    """``loss`` first, then the detector's terms (``loss_cls``, ...)."""
    keys = {k for r in records for k in r if k.startswith('loss')}
    return ['loss'] + sorted(keys - {'loss'})


def loss_table(records: list, every: int) -> list:
    """Mean losses over consecutive windows of ``every`` logged iterations."""
    keys = loss_keys(records)
    rows, window = [], []
    last = [r for r in records if 'loss' in r][-1:] or [None]
    last = last[0]
    for rec in records:
        if 'loss' not in rec:
            continue
        window.append(rec)
        if rec['iter'] % every == 0 or rec is last:
            rows.append(
                dict(iter=rec['iter'],
                     **{k: sum(r.get(k, 0.0) for r in window) / len(window)
                        for k in keys}))
            window = []
    return rows


def main(argv=None) -> int:
    args = parse_args(argv)
    import torch

    import mmglm  # noqa: F401  (registers mmglm; checkpoint allowlist)
    torch.set_num_threads(args.threads)
    from mmengine.runner import Runner

    from mmglm.datasets import resolve_data_path

    data_root = resolve_data_path(args.data_root, 'det_overfit')
    Path(args.work_dir).mkdir(parents=True, exist_ok=True)
    subset_json = osp.abspath(osp.join(args.work_dir, 'train_subset.json'))
    chosen = write_subset(
        osp.join(data_root, 'annotations/instances_train2017.json'),
        subset_json, args.num_images, args.min_box_size)
    cfg = build_config(args, data_root, subset_json)

    runner = Runner.from_cfg(cfg)
    runner.train()
    full_val = None if args.no_full_val else runner.test()

    scalars = sorted(Path(runner.log_dir).glob('vis_data/scalars.json'))
    records = [json.loads(line) for line in scalars[-1].read_text().split(
        '\n') if line.strip()]
    table = loss_table(records, max(args.iters // 12, 10))
    maps = [(r['step'], r['coco/bbox_mAP_50'], r['coco/bbox_mAP'])
            for r in records if 'coco/bbox_mAP_50' in r]

    print('\nImages:', ', '.join(f"{i['id']} ({i['file_name']})"
                                 for i in chosen))
    keys = loss_keys(records)
    print('| iter | ' + ' | '.join(keys) + ' |\n' + '|---' * (len(keys) + 1)
          + '|')
    for row in table:
        print(f"| {row['iter']} | " + ' | '.join(f'{row[k]:.3f}' for k in keys)
              + ' |')
    print('\n| iter | bbox mAP@0.5 (train images) | bbox mAP |\n|---|---|---|')
    for step, m50, m in maps:
        print(f'| {step} | {m50:.3f} | {m:.3f} |')
    if full_val is not None:
        print('\ncoco_mini val (79 images):',
              {k: round(v, 4) for k, v in full_val.items()})
    summary = dict(
        args=vars(args), images=[i['id'] for i in chosen], losses=table,
        train_image_map=maps, full_val=full_val)
    with open(osp.join(args.work_dir, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    if args.plot:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        its = [r['iter'] for r in records if 'loss' in r]
        plt.figure(figsize=(6, 3.5))
        for key in loss_keys(records):
            plt.plot(its, [r[key] for r in records if 'loss' in r], label=key)
        plt.xlabel('iteration')
        plt.yscale('log')
        plt.legend()
        plt.tight_layout()
        plt.savefig(args.plot, dpi=100)
    final = maps[-1][1] if maps else 0.0
    print(f'\nfinal bbox mAP@0.5 on the {len(chosen)} training images: '
          f'{final:.3f} (expected > {args.expect})')
    return 0 if final > args.expect else 1


if __name__ == '__main__':
    sys.exit(main())
