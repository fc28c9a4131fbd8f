# Copyright (c) mmglm contributors. All rights reserved.
"""Parameters and FLOPs of a config's model (mmpretrain's get_flops.py for
mmglm configs, counting the whole classifier: backbone, neck and head).

    python tools/analysis_tools/get_flops.py CONFIG --shape 224

mmengine's counter (fvcore rules) counts one multiply-add as one FLOP, so the
figure is what papers call MACs; element-wise ops (FReLU's max, softmax,
GELU) are not counted, the attention matmuls are.
"""
import argparse

import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.config import Config

import mmglm  # noqa: F401  (registers mmglm)
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules


def parse_args():
    parser = argparse.ArgumentParser(description='Get model flops and params')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--shape', type=int, nargs='+', default=[224, 224],
        help='input image size')
    parser.add_argument(
        '--backbone-only', action='store_true',
        help='count extract_feat (backbone + neck) as mmpretrain does')
    parser.add_argument('--table', action='store_true',
                        help='print the per-module table')
    return parser.parse_args()


def complexity(cfg: Config, shape, backbone_only: bool = False) -> dict:
    """``get_model_complexity_info`` of ``cfg.model`` on ``(3, *shape)``."""
    register_all_modules()
    model = MODELS.build(cfg.model)
    model.eval()
    if backbone_only:
        model.forward = model.extract_feat
    # Otherwise ImageClassifier.forward(inputs) (mode='tensor') gives the
    # head's logits.
    with torch.no_grad():
        return get_model_complexity_info(model, (3, ) + tuple(shape))


def main():
    args = parse_args()
    shape = args.shape * 2 if len(args.shape) == 1 else args.shape
    if len(shape) != 2:
        raise ValueError('invalid input shape')
    res = complexity(Config.fromfile(args.config), shape, args.backbone_only)
    if args.table:
        print(res['out_table'])
    n_params = res['params']
    counted = 'backbone + neck' if args.backbone_only else 'whole model'
    split_line = '=' * 30
    print(f'{split_line}\nInput shape: (3, {shape[0]}, {shape[1]})\n'
          f'Flops: {res["flops_str"]} ({res["flops"] / 1e9:.3f} G)\n'
          f'Params: {res["params_str"]} ({n_params / 1e6:.3f} M)\n'
          f'Counted: {counted}'
          f'\n{split_line}')


if __name__ == '__main__':
    main()
