# Copyright (c) mmglm contributors. All rights reserved.
"""Side-by-side throughput: mmglm T2T-ViT / ViT vs mmpretrain / timm.

Pairs (same input tensor, batch and threads, in one process, measured in
interleaved rounds so that machine load hits both sides alike):

- ``t2t``: mmglm ``T2TViT`` t-14 vs mmpretrain 1.2.0 ``T2T_ViT`` (t-14, as
  shipped). timm has no T2T-ViT. Also mmglm T2T-ViT-14 (Performer T2T module,
  which mmpretrain lacks) against the same mmpretrain model, as a
  different-architecture reference row.
- ``vit``: mmglm ``ViT`` (mmpretrain's VisionTransformer, arch deit-s, /16)
  vs timm ``vit_small_patch16_224``.

Each model is backbone + linear head (1000 classes). Inference is
``forward`` under ``torch.inference_mode``; training is forward, cross-entropy,
backward and an SGD step. Reported: images/s (median over rounds) and the
ratio mmglm / reference (> 1: mmglm faster).

Usage::

    python tools/benchmarks/t2t_vit_speed.py --batch 8 --img 224 --threads 2
"""
import argparse
import statistics
import time
from typing import Callable, Dict, List, Tuple

import torch
import torch.nn as nn


class _Classifier(nn.Module):
    """Backbone returning a cls-token tuple + linear head."""

    def __init__(self, backbone: nn.Module, dims: int) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = nn.Linear(dims, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x)[-1])


def _mmglm_t2t(arch: str, img: int) -> nn.Module:
    from mmglm.models.backbones import T2TViT
    backbone = T2TViT(arch=arch, img_size=img)
    return _Classifier(backbone, backbone.embed_dims)


def _mmpretrain_t2t(img: int) -> nn.Module:
    from mmpretrain.models.backbones import T2T_ViT
    return _Classifier(
        T2T_ViT(img_size=img, embed_dims=384, num_layers=14,
                layer_cfgs=dict(num_heads=6, feedforward_channels=1152)), 384)


def _mmglm_vit(img: int) -> nn.Module:
    from mmglm.models.backbones import ViT
    return _Classifier(
        ViT(arch='deit-s', img_size=img, patch_size=16), 384)


def _timm_vit(img: int) -> nn.Module:
    import timm
    return timm.create_model(
        'vit_small_patch16_224', pretrained=False, img_size=img)


def _timer(model: nn.Module, x: torch.Tensor, train: bool) -> Callable:
    target = torch.randint(0, 1000, (x.shape[0], ))
    if not train:
        model.eval()

        def step() -> None:
            with torch.inference_mode():
                model(x)

        return step
    model.train()
    optim = torch.optim.SGD(model.parameters(), lr=1e-4)

    def step() -> None:
        optim.zero_grad(set_to_none=True)
        nn.functional.cross_entropy(model(x), target).backward()
        optim.step()

    return step


def _compare(pair: List[Tuple[str, nn.Module]], x: torch.Tensor,
             train: bool, rounds: int, iters: int) -> Dict[str, float]:
    steps = [(name, _timer(m, x, train)) for name, m in pair]
    for _, step in steps:  # warm-up
        step()
    times = {name: [] for name, _ in steps}
    for r in range(rounds):
        # alternate the order so neither side always runs first
        for name, step in (steps if r % 2 == 0 else steps[::-1]):
            t0 = time.perf_counter()
            for _ in range(iters):
                step()
            times[name].append((time.perf_counter() - t0) / iters)
    return {n: x.shape[0] / statistics.median(t) for n, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--img', type=int, default=224)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--iters', type=int, default=2)
    parser.add_argument('--pairs', nargs='+', default=['t2t', 'vit'],
                        choices=['t2t', 'vit'])
    parser.add_argument('--modes', nargs='+', default=['infer', 'train'],
                        choices=['infer', 'train'])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.randn(args.batch, 3, args.img, args.img)

    rows = []
    for pair in args.pairs:
        if pair == 't2t':
            ref = ('mmpretrain T2T_ViT t-14', _mmpretrain_t2t(args.img))
            groups = [[('mmglm T2TViT t-14', _mmglm_t2t('t-14', args.img)),
                       ref],
                      [('mmglm T2TViT 14 (Performer)',
                        _mmglm_t2t('14', args.img)), ref]]
        else:
            groups = [[('mmglm ViT-S/16', _mmglm_vit(args.img)),
                       ('timm vit_small_patch16_224', _timm_vit(args.img))]]
        for group in groups:
            for mode in args.modes:
                ips = _compare(group, x, mode == 'train', args.rounds,
                               args.iters)
                (a, ia), (b, ib) = ips.items()
                rows.append((mode, a, ia, b, ib, ia / ib))
                print(f'{mode:5s} {a}: {ia:.2f} img/s | {b}: {ib:.2f} img/s '
                      f'| ratio {ia / ib:.2f}', flush=True)

    print(f'\nbatch {args.batch}, {args.img} px, {args.threads} threads, '
          f'torch {torch.__version__}, median of {args.rounds} rounds x '
          f'{args.iters} iters\n')
    print('| mode | mmglm model | img/s | reference | img/s | ratio |')
    print('|---|---|---|---|---|---|')
    for mode, a, ia, b, ib, r in rows:
        print(f'| {mode} | {a} | {ia:.2f} | {b} | {ib:.2f} | {r:.2f} |')


if __name__ == '__main__':
    main()
