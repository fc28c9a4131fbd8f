# Copyright (c) OpenMMLab. All rights reserved.
# mmglm: a copy of mmpretrain's tools/train.py plus `import mmglm` (registers
# modules, `mmglm::` configs and the checkpoint allowlist before the config is
# read); the part it shares with tools/test.py (launcher arguments, work dir,
# dataloader defaults, type check, CPU/gloo distributed set-up) is in
# mmglm/engine/launch.py.
import argparse

import mmglm  # noqa: F401
from mmglm.engine import apply_fast_path
from mmglm.engine.launch import (add_launch_args, build_runner,
                                 merge_common_args)


def parse_args():
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='If specify checkpoint path, resume from it, while if not '
        'specify, try to auto resume from the latest checkpoint '
        'in the work directory.')
    # mmglm: --amp picks fp16 + loss scaler on CUDA, bf16 on CPU
    # (mmglm.engine.apply_fast_path); --compile sets cfg.compile.
    parser.add_argument(
        '--amp',
        nargs='?',
        const='auto',
        choices=['auto', 'float16', 'bfloat16'],
        help='enable automatic-mixed-precision training: fp16 with a loss '
        'scaler on CUDA, bf16 on CPU (or the dtype given)')
    parser.add_argument(
        '--compile',
        nargs='?',
        const='inductor',
        metavar='BACKEND',
        help='torch.compile the train step (mmengine cfg.compile); '
        'optional backend, default inductor')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='whether not to evaluate the checkpoint during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='whether to auto scale the learning rate according to the '
        'actual batch size and the original batch size.')
    parser.add_argument(
        '--no-pin-memory',
        action='store_true',
        help='whether to disable the pin_memory option in dataloaders.')
    parser.add_argument(
        '--no-persistent-workers',
        action='store_true',
        help='whether to disable the persistent_workers option in dataloaders.'
    )
    add_launch_args(parser)  # --cfg-options, --launcher, --local-rank
    args = parser.parse_args()

    return args


def merge_args(cfg, args):
    """Merge CLI arguments to config."""
    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None

    # enable automatic-mixed-precision training and torch.compile
    apply_fast_path(cfg, compile=args.compile, amp=args.amp)

    # resume training
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume

    # enable auto scale learning rate
    if args.auto_scale_lr:
        cfg.auto_scale_lr.enable = True

    # launcher, work_dir, dataloader defaults, --cfg-options
    return merge_common_args(
        cfg, args,
        dataloaders=('train_dataloader', 'val_dataloader', 'test_dataloader'),
        persistent_workers=True)


def main():
    args = parse_args()

    # load, merge, check types, CPU distributed set-up (mmglm.engine.launch)
    runner = build_runner(args, merge_args)

    # start training
    runner.train()


if __name__ == '__main__':
    main()
