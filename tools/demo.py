# Copyright (c) mmglm contributors. All rights reserved.
"""The README's main job: train, evaluate and predict on CPU.

Trains a model (GLMNet-tiny by default) on ``intel_mini`` train, evaluates it
on ``intel_mini`` val with the Runner's evaluator, then predicts a few val
images with the trained checkpoint through ``mmpretrain.apis`` (the
inferencer OpenMMLab users already know) and saves the visualised predictions
as PNGs in ``<work-dir>/predictions``.

    python tools/demo.py [--config CFG] [--epochs N] [--work-dir DIR]

The default 1 epoch shows the whole pipeline in a few minutes on a CPU; the
config's own schedule (30 epochs for GLMNet-tiny) is ``--epochs 0``.
"""
import argparse
import glob
import os
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

import mmglm  # noqa: E402,F401
from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.runner import Runner  # noqa: E402

DEFAULT_CONFIG = 'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', default=DEFAULT_CONFIG)
    parser.add_argument(
        '--epochs', type=int, default=1,
        help='train_cfg.max_epochs (default 1 keeps the demo to minutes on '
        'a 2-core CPU; 0 keeps the config\'s own schedule)')
    parser.add_argument('--work-dir', default=None)
    parser.add_argument('--num-predict', type=int, default=4)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args()


def fit_schedule(cfg: Config, epochs: int) -> None:
    """Shorten the run to ``epochs``: drop schedulers that would start after
    the end and end the others there (mmengine rejects ``end <= begin``)."""
    cfg.train_cfg.max_epochs = epochs
    schedulers = cfg.param_scheduler
    if isinstance(schedulers, dict):
        schedulers = [schedulers]
    kept = [s for s in schedulers if s.get('begin', 0) < epochs]
    for s in kept:
        if s.get('end', epochs) > epochs:
            s['end'] = epochs
    cfg.param_scheduler = kept


def main():
    args = parse_args()
    repo = osp.dirname(osp.dirname(osp.abspath(__file__)))
    os.chdir(repo)  # data/<set> falls back to ../shared/data/<set> from here
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.work_dir or osp.join(
        'work_dirs', 'demo', osp.splitext(osp.basename(args.config))[0])
    if args.epochs:
        fit_schedule(cfg, args.epochs)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)

    runner = Runner.from_cfg(cfg)
    runner.train()
    metrics = runner.test()
    top1 = metrics.get('accuracy/top1')
    ckpt = osp.join(cfg.work_dir, f'epoch_{cfg.train_cfg.max_epochs}.pth')

    from mmpretrain.apis import ImageClassificationInferencer

    # mmpretrain's own inferencer takes the mmglm config as it is.
    inferencer = ImageClassificationInferencer(
        model=args.config, pretrained=ckpt, device='cpu')
    val = runner.test_dataloader.dataset
    images = [val.get_data_info(i)['img_path']
              for i in range(0, len(val), max(1, len(val) // args.num_predict))
              ][:args.num_predict]
    out_dir = osp.join(cfg.work_dir, 'predictions')
    results = inferencer(images, show_dir=out_dir)
    print(f'\nmmglm demo: {args.config}')
    print(f'val accuracy/top1 = {top1:.2f}% on {len(val)} images '
          f'({cfg.train_cfg.max_epochs} epochs)')
    for img, res in zip(images, results):
        print(f'  {osp.relpath(img)} -> {res["pred_class"]} '
              f'({res["pred_score"]:.2f})')
    pngs = sorted(glob.glob(osp.join(out_dir, '*.png')))
    print(f'{len(pngs)} visualised predictions in {out_dir}')


if __name__ == '__main__':
    main()
