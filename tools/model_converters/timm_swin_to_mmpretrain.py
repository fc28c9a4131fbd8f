# Copyright (c) mmglm contributors. All rights reserved.
"""Convert timm Swin Transformer weights to mmpretrain's (SwinFC) layout.

    python tools/model_converters/timm_swin_to_mmpretrain.py SRC DST

``SRC``: a timm ``.pth`` / ``.bin`` / ``.safetensors`` state dict (e.g.
``swin_base_patch4_window12_384``). The result loads into an
``ImageClassifier`` with mmpretrain's ``SwinTransformer`` or mmglm's
``SwinFCBackbone`` (``init_cfg=dict(type='Pretrained', checkpoint=DST,
prefix='backbone.')`` for the backbone). The same mapping reads ``SRC``
directly with ``checkpoint='timm://SRC'``.
"""
import argparse
import os.path as _osp
import sys as _sys

_sys.path.insert(0, _osp.dirname(_osp.dirname(_osp.dirname(
    _osp.abspath(__file__)))))  # the checkout's mmglm first

from mmglm.models.utils.converters import (  # noqa: E402
    convert_timm_swin, load_state_dict, save_state_dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='timm state dict file')
    parser.add_argument('dst', help='output checkpoint (mmpretrain layout)')
    args = parser.parse_args()
    state_dict = convert_timm_swin(load_state_dict(args.src))
    save_state_dict(state_dict, args.dst, f'timm swin: {args.src}')
    print(f'{len(state_dict)} tensors written to {args.dst}')


if __name__ == '__main__':
    main()
