# Copyright (c) mmglm contributors. All rights reserved.
"""Checkpoint I/O shared by the mmglm model converters."""
import argparse
import os.path as osp
from collections import OrderedDict
from typing import Callable, Dict

import torch


import os.path as _osp  # noqa: E402
import sys as _sys  # noqa: E402

_sys.path.insert(0, _osp.dirname(_osp.dirname(_osp.dirname(
    _osp.abspath(__file__)))))  # the checkout's mmglm first
from mmglm.models.utils.converters.io import (  # noqa: E402,F401
    add_prefix, load_state_dict, save_state_dict)


def convert_cli(convert: Callable[[Dict[str, torch.Tensor]],
                                  Dict[str, torch.Tensor]],
                description: str, source: str, tag: str,
                prefix_example: str) -> None:
    """Command line ``SRC DST [--prefix P]`` of a branch converter.

    Args:
        convert: The state-dict conversion.
        description: The converter's one-line description.
        source: What ``SRC`` holds, e.g. ``'timm/official'``.
        tag: Names the source in the output's ``meta.converted_from``.
        prefix_example: A ``--prefix`` value for the help text.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('src', help=f'{source} checkpoint (.pth, '
                        '.bin or .safetensors)')
    parser.add_argument('dst', help='output .pth')
    parser.add_argument(
        '--prefix',
        default='',
        help=f'prefix for every key, e.g. {prefix_example}')
    args = parser.parse_args()
    state_dict = add_prefix(convert(load_state_dict(args.src)), args.prefix)
    save_state_dict(state_dict, args.dst, f'{tag}: {args.src}')
    print(f'{len(state_dict)} tensors written to {args.dst}')
