# Copyright (c) mmglm contributors. All rights reserved.
"""Parameters and FLOPs of NesT configs (the numbers in configs/nest).

mmengine's ``get_model_complexity_info`` counts one multiply-add as one
"FLOP" (fvcore convention, i.e. MACs) and has no handle for
``aten::scaled_dot_product_attention``, so the attention products
(``q @ k^T`` and ``attn @ v``) are missing from its total: the same gap as
timm's older (pt2.1) GMACs of NesT in specs/models/nest.md. This script prints
both: mmengine's number and the number with an SDPA handle added
(2 * B * H * N_q * N_k * d multiply-adds per call).

Usage::

    PYTHONPATH=. python tools/analysis_tools/nest_complexity.py \
        configs/nest/*.py
"""
import argparse
from math import prod

import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.analysis.jit_handles import get_shape
from mmengine.config import Config
from mmengine.registry import init_default_scope

import mmglm  # noqa: F401
from mmglm.registry import MODELS


def sdpa_flop_jit(inputs, outputs):
    """MACs of q @ k^T and attn @ v: q (..., Nq, d), k/v (..., Nk, d)."""
    q, k = get_shape(inputs[0]), get_shape(inputs[1])
    return 2 * prod(q) * k[-2]


def complexity(cfg_path: str):
    cfg = Config.fromfile(cfg_path)
    init_default_scope(cfg.get('default_scope', 'mmglm'))
    model = MODELS.build(cfg.model).eval()
    backbone = model.backbone
    inputs = (torch.randn(1, 3, *backbone.img_size), )
    with torch.no_grad():
        plain = FlopAnalyzer(model, inputs)
        plain.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        full = FlopAnalyzer(model, inputs)
        full.set_op_handle(**{
            'aten::scaled_dot_product_attention': sdpa_flop_jit
        })
        full.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        return (parameter_count(model)[''], plain.total(), full.total(),
                backbone.img_size)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+')
    args = parser.parse_args()
    print('| config | input | params (M) | GMACs (mmengine) | '
          'GMACs (+attention) |')
    print('|---|---|---|---|---|')
    for path in args.configs:
        params, plain, full, size = complexity(path)
        print(f'| {path} | {size[0]}x{size[1]} | {params / 1e6:.2f} | '
              f'{plain / 1e9:.3f} | {full / 1e9:.3f} |')


if __name__ == '__main__':
    main()
