# Copyright (c) mmglm contributors. All rights reserved.
"""Parameters and FLOPs of BoTNet configs, with mmengine's FLOP counter.

``mmengine.analysis.get_model_complexity_info`` has no handle for
``aten::baddbmm``, which mmglm's MHSA uses for ``scale * q @ k + pos``: it
would skip the q.k products. This script runs the same ``FlopAnalyzer`` with a
``baddbmm`` handle added (counted like ``bmm``: one multiply-add = one FLOP,
fvcore's convention, softmax and element-wise ops not counted) and, as a
check of the counting, timm's ``botnet26t_256`` (timm reports 3.32 GMACs)::

    python tools/benchmarks/botnet_complexity.py configs/botnet/*.py \
        --timm botnet26t_256
"""
import argparse
from typing import Any, List

import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.analysis.jit_handles import get_shape
from mmengine.config import Config

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules


def baddbmm_flop_jit(inputs: List[Any], outputs: List[Any]) -> int:
    """``baddbmm(input, b1, b2)``: (n, l, d) @ (n, d, m) -> n * l * d * m."""
    n, length, d = get_shape(inputs[1])
    m = get_shape(inputs[2])[-1]
    return n * length * d * m


def count(model: torch.nn.Module, img_size: int) -> tuple:
    model.eval()
    x = torch.zeros(1, 3, img_size, img_size)
    analyzer = FlopAnalyzer(model, x)
    analyzer.set_op_handle('aten::baddbmm', baddbmm_flop_jit)
    analyzer.unsupported_ops_warnings(False)
    analyzer.uncalled_modules_warnings(False)
    params = parameter_count(model)['']
    return params, analyzer.total()


class _Tensor(torch.nn.Module):
    """An ImageClassifier's ``forward(x, mode='tensor')`` for tracing."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x, mode='tensor')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='*', help='config files')
    parser.add_argument('--num-classes', type=int, default=None,
                        help='override the head (e.g. 1000 as ImageNet)')
    parser.add_argument('--img-size', type=int, default=None,
                        help='override the input size (backbone img_size)')
    parser.add_argument('--timm', nargs='*', default=[],
                        help='timm model names to count as well')
    args = parser.parse_args()
    register_all_modules()
    print('| model | input | params (M) | FLOPs (G) | params | FLOPs |')
    print('|---|---|---:|---:|---:|---:|')
    for path in args.configs:
        cfg = Config.fromfile(path)
        if args.num_classes:
            cfg.model.head.num_classes = args.num_classes
        if args.img_size:
            cfg.model.backbone.img_size = args.img_size
        size = cfg.model.backbone.img_size
        model = _Tensor(MODELS.build(cfg.model))
        params, flops = count(model, size)
        name = path.rsplit('/', 1)[-1][:-3]
        if args.num_classes:
            name += f' ({args.num_classes} classes)'
        print(f'| {name} | {size} | {params / 1e6:.2f} | {flops / 1e9:.2f} | '
              f'{params} | {flops} |')
    for name in args.timm:
        import timm
        model = timm.create_model(name)
        size = model.pretrained_cfg['input_size'][-1]
        params, flops = count(model, size)
        print(f'| timm {name} | {size} | {params / 1e6:.2f} | '
              f'{flops / 1e9:.2f} | {params} | {flops} |')


if __name__ == '__main__':
    main()
