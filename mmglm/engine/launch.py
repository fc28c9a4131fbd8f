# Copyright (c) mmglm contributors. All rights reserved.
"""What ``tools/train.py`` and ``tools/test.py`` share.

Both are mmpretrain's tools (argument names and meaning unchanged); their
common part lives here, one function a step:

- :func:`add_launch_args`: ``--cfg-options``, ``--launcher``,
  ``--local-rank`` (and ``LOCAL_RANK`` for torch's launchers);
- :func:`merge_common_args`: launcher, work dir (CLI > config > config
  name), dataloader defaults and ``--cfg-options``, after the tool's own
  arguments are merged;
- :func:`build_runner`: config loading, the tool's merge, the check of every
  ``type`` (:func:`check_config_types`), the CPU (gloo) distributed set-up
  (:func:`setup_cpu_distributed`) and the Runner.
"""
import argparse
import os
import os.path as osp
from copy import deepcopy
from typing import Callable, Sequence

from mmengine.config import Config, ConfigDict, DictAction
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from .config_check import check_config_types
from .distributed import setup_cpu_distributed

__all__ = ['add_launch_args', 'merge_common_args', 'build_runner']


def add_launch_args(parser: argparse.ArgumentParser) -> None:
    """Add the arguments every tool takes: config overrides and launcher."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override some settings in the used config, the key-value pair '
        'in xxx=yyy format will be merged into config file. If the value to '
        'be overwritten is a list, it should be like key="[a,b]" or key=a,b '
        'It also allows nested list/tuple values, e.g. key="[(a,b),(c,d)]" '
        'Note that the quotation marks are necessary and that no white space '
        'is allowed.')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # When using PyTorch version >= 2.0.0, the `torch.distributed.launch`
    # will pass the `--local-rank` parameter to `tools/train.py` instead
    # of `--local_rank`.
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def merge_common_args(cfg: Config,
                      args: argparse.Namespace,
                      dataloaders: Sequence[str],
                      persistent_workers: bool = False) -> Config:
    """Merge the arguments the tools share into ``cfg`` (in place).

    Args:
        cfg (Config): The loaded config, the tool's own arguments merged.
        args (Namespace): Parsed arguments (``config``, ``work_dir``,
            ``launcher``, ``cfg_options``, ``no_pin_memory`` and, with
            ``persistent_workers``, ``no_persistent_workers``).
        dataloaders (Sequence[str]): Dataloader keys that get the defaults
            ``pin_memory=True``, ``collate_fn=default_collate``.
        persistent_workers (bool): Also default ``persistent_workers=True``
            (training). Defaults to False.
    """
    cfg.launcher = args.launcher

    # work_dir is determined in this priority: CLI > segment in file > filename
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])

    defaults = ConfigDict(pin_memory=True)
    if persistent_workers:
        defaults.persistent_workers = True
    defaults.collate_fn = dict(type='default_collate')
    for field in dataloaders:
        if cfg.get(field, None) is None:
            continue
        dataloader_cfg = deepcopy(defaults)
        dataloader_cfg.update(cfg[field])
        cfg[field] = dataloader_cfg
        if args.no_pin_memory:
            cfg[field]['pin_memory'] = False
        if persistent_workers and args.no_persistent_workers:
            cfg[field]['persistent_workers'] = False

    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


def build_runner(args: argparse.Namespace,
                 merge_args: Callable[[Config, argparse.Namespace], Config]
                 ) -> Runner:
    """Load ``args.config``, merge the arguments, check it, build the Runner.

    Args:
        args (Namespace): The tool's parsed arguments (``config``,
            ``launcher``, ...).
        merge_args (callable): The tool's ``merge_args(cfg, args)``.

    Returns:
        Runner: ``Runner.from_cfg``, or the registered ``runner_type``.
    """
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    cfg = merge_args(Config.fromfile(args.config), args)
    # Every `type` must be registered: one error lists them with the fix.
    check_config_types(cfg)
    # mmengine 0.10.7 cannot start DDP without CUDA: use gloo on CPU.
    setup_cpu_distributed(cfg, args.launcher)
    if 'runner_type' not in cfg:
        return Runner.from_cfg(cfg)
    return RUNNERS.build(cfg)
