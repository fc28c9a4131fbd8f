# Copyright (c) mmglm contributors. All rights reserved.
"""The README's main job: train, evaluate and predict on CPU.

Trains a model (GLMNet-tiny's CPU results recipe by default: 8 epochs at
64 px, under 10 minutes on 2 cores) on ``intel_mini`` train, evaluates it on
``intel_mini`` val with the Runner's evaluator, then predicts val images
with the trained checkpoint through ``mmpretrain.apis`` (the inferencer
OpenMMLab users already know). The terminal shows one line per epoch and
the results; the Runner's full log (environment, config, every iteration,
warnings) goes to the work dir. It writes to ``<work-dir>``:

- ``confusion_matrix.png``: val confusion matrix (per-class accuracy is
  printed);
- ``predictions.png``: a grid of val images with their true and predicted
  classes (green right, red wrong);
- ``gamma.png``: GLMNet's exchange gates over training (GLMNet only).

::

    python tools/demo.py [--config CFG] [--epochs N] [--work-dir DIR]

``--epochs 0`` (default) keeps the config's schedule; ``--epochs N``
shortens it to N epochs (the cosine then ends at N).
"""
import argparse
import contextlib
import importlib.util
import os
import os.path as osp
import sys
import time

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

import mmglm  # noqa: E402,F401
from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.hooks import Hook  # noqa: E402
from mmengine.runner import Runner  # noqa: E402

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEFAULT_CONFIG = 'configs/glmnet/glmnet-tiny_1xb32-8e_intel-mini-64px.py'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', default=DEFAULT_CONFIG)
    parser.add_argument(
        '--epochs', type=int, default=0,
        help='train_cfg.max_epochs (default 0: the config\'s own schedule)')
    parser.add_argument('--work-dir', default=None)
    parser.add_argument('--num-predict', type=int, default=16,
                        help='val images in the predictions grid')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


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


def _fmt_s(seconds: float) -> str:
    return f'{int(seconds // 60)}m{int(seconds % 60):02d}s'


class EpochLineHook(Hook):
    """Prints one line per training epoch to ``stream`` (the terminal,
    while the Runner's own console log goes to a file)."""
    priority = 'VERY_LOW'

    def __init__(self, stream):
        self.stream = stream
        self.start = None
        self.loss = None

    def before_train(self, runner):
        self.start = time.perf_counter()

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if outputs and 'loss' in outputs:
            self.loss = float(outputs['loss'])

    def after_train_epoch(self, runner):
        loss = '' if self.loss is None else f'  loss {self.loss:.3f}'
        # (the Runner counts the epoch up after this hook)
        print(f'  epoch {runner.epoch + 1:2d}/{runner.max_epochs}{loss}  '
              f'{_fmt_s(time.perf_counter() - self.start)}',
              file=self.stream, flush=True)


def sample_indices(labels, num: int):
    """``num`` indices spread evenly over the classes and within each."""
    by_class = {}
    for i, lb in enumerate(labels):
        by_class.setdefault(int(lb), []).append(i)
    per_class = -(-num // len(by_class))  # ceil
    picked = [[idx[j * len(idx) // per_class]
               for j in range(min(per_class, len(idx)))]
              for _, idx in sorted(by_class.items())]
    # round robin over the classes, so that a short grid still mixes them
    order = [p[j] for j in range(per_class) for p in picked if j < len(p)]
    return order[:num]


def save_prediction_grid(paths, true, results, classes, out: str) -> int:
    """A grid of images titled 'true / predicted (score)'; returns the
    number predicted right."""
    import math

    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from PIL import Image

    cols = min(4, len(paths))
    rows = math.ceil(len(paths) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.4 * cols, 2.6 * rows),
                             squeeze=False)
    right = 0
    for ax, path, t, res in zip(axes.flat, paths, true, results):
        ok = res['pred_label'] == t
        right += ok
        ax.imshow(Image.open(path).convert('RGB'))
        ax.set_title(f'{classes[t]} / {res["pred_class"]} '
                     f'({res["pred_score"]:.2f})', fontsize=8,
                     color='green' if ok else 'red')
        ax.axis('off')
    for ax in list(axes.flat)[len(paths):]:
        ax.remove()
    fig.suptitle('val images: true / predicted (score)', fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return right


def save_gamma_plot(work_dir: str, out: str) -> bool:
    """tools/visualization/plot_gamma.py on the run's logs, if it logged
    gammas (GLMNet with GammaLoggerHook)."""
    spec = importlib.util.spec_from_file_location(
        'plot_gamma', osp.join(REPO, 'tools/visualization/plot_gamma.py'))
    plot_gamma = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plot_gamma)
    series, epoch_ends = plot_gamma.read_gammas(
        plot_gamma.find_log_files(work_dir))
    if not series:
        return False
    plot_gamma.plot(series, epoch_ends, out)
    return True


def _drop_handlers_to(stream) -> None:
    """Remove the logging handlers bound to ``stream`` (the closed console
    file), so that later logging in this process does not write to it."""
    import logging

    from mmengine.logging import MMLogger
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values()
        if isinstance(lg, logging.Logger)] + list(
            MMLogger._instance_dict.values())
    for lg in loggers:
        for h in list(lg.handlers):
            if getattr(h, 'stream', None) is stream:
                lg.removeHandler(h)


def main(argv=None):
    args = parse_args(argv)
    os.chdir(REPO)  # data/<set> falls back to ../shared/data/<set> from here
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.work_dir or osp.join(
        'work_dirs', 'demo', osp.splitext(osp.basename(args.config))[0])
    if args.epochs:
        fit_schedule(cfg, args.epochs)
    # One validation, at the end (the results runs of docs/results.md
    # validate every epoch for their curves; the training is the same).
    cfg.train_cfg.val_interval = cfg.train_cfg.max_epochs
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    # Per-class accuracy and the confusion matrix, beside top-1.
    evaluators = cfg.test_evaluator if isinstance(
        cfg.test_evaluator, list) else [cfg.test_evaluator]
    cfg.test_evaluator = list(evaluators) + [dict(type='ConfusionMatrix')]
    os.makedirs(cfg.work_dir, exist_ok=True)

    terminal = sys.stdout
    console_log = osp.join(cfg.work_dir, 'demo_console.log')
    print(f'mmglm demo: {args.config}\n  {cfg.train_cfg.max_epochs} epochs '
          f'on {cfg.train_dataloader.dataset.data_root}; the full log: '
          f'{console_log}', flush=True)
    # The Runner's console output (environment dump, config, iteration
    # lines) and warnings go to the work dir; the terminal gets one line
    # per epoch.
    with open(console_log, 'a') as log, contextlib.redirect_stdout(log), \
            contextlib.redirect_stderr(log):
        runner = Runner.from_cfg(cfg)
        runner.register_hook(EpochLineHook(terminal))
        start = time.perf_counter()
        runner.train()
        train_s = time.perf_counter() - start
        metrics = runner.test()
        val = runner.test_dataloader.dataset
        classes = list(val.metainfo['classes'])
        ckpt = osp.join(cfg.work_dir, f'epoch_{cfg.train_cfg.max_epochs}.pth')

        from mmpretrain.apis import ImageClassificationInferencer

        # mmpretrain's own inferencer takes the mmglm config as it is.
        inferencer = ImageClassificationInferencer(
            model=args.config, pretrained=ckpt, device='cpu')
        labels = [val.get_data_info(i)['gt_label'] for i in range(len(val))]
        picked = sample_indices(labels, args.num_predict)
        paths = [val.get_data_info(i)['img_path'] for i in picked]
        results = inferencer(paths)
    _drop_handlers_to(log)

    top1 = metrics['accuracy/top1']
    cm = metrics['confusion_matrix/result']
    print(f'training: {_fmt_s(train_s)} ({cfg.train_cfg.max_epochs} epochs)')
    print(f'val top-1: {top1:.2f}% on {len(val)} images')
    per_class = (cm.diag() / cm.sum(1).clamp(min=1) * 100).tolist()
    print('per class: ' + ', '.join(
        f'{c} {a:.0f}%' for c, a in zip(classes, per_class)))

    from mmpretrain.evaluation import ConfusionMatrix
    cm_png = osp.join(cfg.work_dir, 'confusion_matrix.png')
    fig = ConfusionMatrix.plot(cm, include_values=True, classes=classes,
                               show=False)
    fig.savefig(cm_png, dpi=100, bbox_inches='tight')
    grid_png = osp.join(cfg.work_dir, 'predictions.png')
    right = save_prediction_grid(paths, [labels[i] for i in picked], results,
                                 classes, grid_png)
    print(f'predictions: {right}/{len(paths)} right in {grid_png}')
    print(f'confusion matrix: {cm_png}')
    gamma_png = osp.join(cfg.work_dir, 'gamma.png')
    if save_gamma_plot(cfg.work_dir, gamma_png):
        print(f'gamma curve: {gamma_png}')
    return dict(top1=top1, train_s=train_s, per_class=per_class,
                right=right, num_predict=len(paths))


if __name__ == '__main__':
    main()
