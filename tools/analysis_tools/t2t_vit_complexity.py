# Copyright (c) mmglm contributors. All rights reserved.
"""Parameters and FLOPs of T2T-ViT / ViT configs, as a markdown table.

    python tools/analysis_tools/t2t_vit_complexity.py configs/t2t_vit/*.py \
        configs/vit/*.py [--num-classes 1000]

Counted with ``mmengine.analysis`` (fvcore rules: one multiply-add = one
FLOP, i.e. MACs; norms counted, softmax/GELU not) on the whole classifier at
the backbone's ``img_size``, batch 1. mmengine has no rule for
``aten::scaled_dot_product_attention`` (used by mmglm's T2T attention and by
mmpretrain's ViT), so its plain figure misses the attention matmuls; the
second column adds them (q k^T and attn v: ``B*heads*N*M*(d_k + d_v)``).
Parameters are trainable ones (``parameter_count``); the frozen buffers
(T2T-ViT's sinusoid ``pos_embed`` and performer ``w``, which the official
README includes) are listed apart.
"""
import argparse
from typing import Any, List

import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.analysis.jit_handles import get_shape
from mmengine.config import Config

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules


def sdpa_flop_jit(inputs: List[Any], outputs: List[Any]) -> int:
    """MACs of ``scaled_dot_product_attention(q, k, v)``."""
    q, k, v = (get_shape(x) for x in inputs[:3])
    *batch, n, d_k = q
    m, d_v = k[-2], v[-1]
    count = 1
    for b in batch:
        count *= b
    return count * n * m * (d_k + d_v)


def complexity(config: str, num_classes: int = None) -> dict:
    cfg = Config.fromfile(config)
    if num_classes:
        cfg.model.head.num_classes = num_classes
    model = MODELS.build(cfg.model)
    model.eval()
    size = cfg.model.backbone.get('img_size', 224)
    inputs = (torch.randn(1, 3, size, size), )
    with torch.no_grad():
        plain = FlopAnalyzer(model, inputs)
        plain.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        full = FlopAnalyzer(model, inputs).set_op_handle(
            'aten::scaled_dot_product_attention', sdpa_flop_jit)
        full.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        return dict(
            size=size,
            params=parameter_count(model)[''],
            buffers=sum(b.numel() for b in model.buffers()),
            flops=plain.total(),
            flops_attn=full.total())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument(
        '--num-classes', type=int, default=None,
        help='override the head (e.g. 1000 to compare with ImageNet tables)')
    args = parser.parse_args()
    register_all_modules()
    print('| config | input | params (M) | frozen buffers (M) | '
          'GFLOPs (mmengine) | GFLOPs (+ attention matmuls) |')
    print('|---|---|---|---|---|---|')
    for config in args.configs:
        r = complexity(config, args.num_classes)
        print(f'| {config.split("/")[-1][:-3]} | {r["size"]} | '
              f'{r["params"] / 1e6:.2f} | {r["buffers"] / 1e6:.3f} | '
              f'{r["flops"] / 1e9:.2f} | {r["flops_attn"] / 1e9:.2f} |',
              flush=True)


if __name__ == '__main__':
    main()
