# Copyright (c) mmglm contributors. All rights reserved.
"""Parameters and backbone + neck FLOPs of a detection config's model.

    python tools/analysis_tools/get_det_flops.py CONFIG [CONFIG ...] \\
        --shape 320 544

Builds each model in its config's scope (mmdet) and reports the parameters of
the whole detector and of its backbone, and the FLOPs of ``extract_feat``
(backbone + FPN) on one ``(3, H, W)`` input, the part that changes with the
backbone, counted by :func:`mmglm.analysis.complexity.count_complexity`
(mmengine's fvcore-style counter, one multiply-add = one FLOP, plus the
attention products of ``scaled_dot_product_attention`` and ``baddbmm`` that
mmengine 0.10.7 misses). Heads and post-processing are not counted.
"""
import argparse
from pathlib import Path

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

import mmglm  # noqa: F401
from mmglm.analysis.complexity import count_complexity


class _ExtractFeat(torch.nn.Module):

    def __init__(self, detector):
        super().__init__()
        self.detector = detector

    def forward(self, x):
        return self.detector.extract_feat(x)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--shape', type=int, nargs=2, default=[320, 544])
    parser.add_argument('--no-flops', action='store_true')
    args = parser.parse_args(argv)
    print(f'| config | params (M) | backbone params (M) | '
          f'backbone + neck GFLOPs at {args.shape[0]}x{args.shape[1]} |')
    print('|---|---|---|---|')
    for path in args.configs:
        cfg = Config.fromfile(path)
        init_default_scope(cfg.get('default_scope', 'mmdet'))
        from mmdet.registry import MODELS
        cfg.model.backbone.init_cfg = None
        model = MODELS.build(cfg.model).eval()
        params = sum(p.numel() for p in model.parameters()) / 1e6
        bb = sum(p.numel() for p in model.backbone.parameters()) / 1e6
        flops = 'not measured'
        if not args.no_flops:
            info = count_complexity(_ExtractFeat(model), (3, *args.shape))
            flops = f"{info['flops'] / 1e9:.1f}"
        print(f'| {Path(path).stem} | {params:.1f} | {bb:.1f} | {flops} |')


if __name__ == '__main__':
    main()
