# Copyright (c) mmglm contributors. All rights reserved.
"""Throughput of mmglm's botnet26t against timm's botnet26t_256, side by side.

Both models get the same weights (through the converter), the same input, the
same batch and the same number of threads. Timings are interleaved (one
iteration of each variant per round, the order alternating between rounds)
and the median (``--stat min``: the fastest) over the rounds is reported, so
that load from other processes hits every variant alike; read the ratios, not
the absolute numbers, on a shared machine. ``--clock cpu`` times with the
process CPU time (all threads) instead of the wall clock: waiting for a core
that other jobs hold then does not count, which makes the ratios steadier.

Variants:

- ``timm``: ``timm.create_model('botnet26t_256')``.
- ``mmglm``: mmglm's ImageClassifier with ``BoTNet(arch='botnet26t')``.
- ``mmglm-timm-attn`` (``--variants``): the same mmglm model with timm's
  ``BottleneckAttn.forward`` in place of mmglm's MHSA forward (the state
  before mmglm's rewrite).
- ``mmglm-sdpa`` (``--variants``): mmglm with ``use_sdpa=True``.

With ``--attn-rounds N`` (N > 0) the attention layers alone are timed too, at
the three shapes botnet26t_256 runs them at (stage 3: 256 channels at 16x16;
stage 4: 512 channels at 16x16 with the 2x2 pool, then at 8x8): timm's
``BottleneckAttn`` against mmglm's ``BottleneckMHSA`` (bmm and SDPA paths).

Example (the command of the table in configs/botnet/README.md)::

    python tools/benchmarks/botnet_speed.py --batch 8 --threads 2 \
        --rounds 9 --attn-rounds 25 --clock cpu --stat min \
        --variants timm mmglm mmglm-timm-attn mmglm-sdpa
"""
import argparse
import importlib.util
import statistics
import time
from pathlib import Path
from typing import Callable, Dict, List

import timm
import torch
from timm.layers.bottleneck_attn import BottleneckAttn

from mmglm.models.utils import BottleneckMHSA
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

REPO = Path(__file__).resolve().parents[2]
CLOCK = time.perf_counter
STAT = statistics.median


def _converter():
    spec = importlib.util.spec_from_file_location(
        'timm_botnet_to_mmglm',
        REPO / 'tools/model_converters/timm_botnet_to_mmglm.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.convert_timm_botnet


class _TimmAttnForward(torch.nn.Module):
    """Calls timm's ``BottleneckAttn.forward`` on an mmglm MHSA."""

    def __init__(self, mhsa: BottleneckMHSA):
        super().__init__()
        self.mhsa = mhsa

    def forward(self, x):
        return BottleneckAttn.forward(self.mhsa, x)


def build_models(img_size: int, variants: List[str]) -> Dict[str, Callable]:
    torch.manual_seed(0)
    ref = timm.create_model('botnet26t_256', img_size=img_size)
    state = _converter()(ref.state_dict())
    models = {}
    for name in variants:
        if name == 'timm':
            models[name] = ref
            continue
        model = MODELS.build(
            dict(
                type='ImageClassifier',
                backbone=dict(
                    type='BoTNet',
                    arch='botnet26t',
                    img_size=img_size,
                    use_sdpa=name == 'mmglm-sdpa'),
                neck=dict(type='GlobalAveragePooling'),
                head=dict(
                    type='LinearClsHead', num_classes=1000,
                    in_channels=2048)))
        model.load_state_dict(state, strict=True)
        if name == 'mmglm-timm-attn':
            for block in model.backbone.modules():
                if getattr(block, 'with_mhsa', False):
                    block.mhsa = _TimmAttnForward(block.mhsa)
        elif name not in ('mmglm', 'mmglm-sdpa'):
            raise ValueError(f'unknown variant {name}')
        models[name] = model
    return models


def _logits(name, model, x):
    return model(x) if name == 'timm' else model(x, mode='tensor')


def measure(models: Dict[str, torch.nn.Module], x: torch.Tensor,
            rounds: int, warmup: int) -> Dict[str, Dict[str, float]]:
    target = torch.randint(0, 1000, (x.shape[0], ))
    optims = {
        n: torch.optim.SGD(m.parameters(), lr=1e-4)
        for n, m in models.items()
    }
    times = {n: {'infer': [], 'train': []} for n in models}

    def infer(name, model):
        model.eval()
        with torch.no_grad():
            _logits(name, model, x)

    def train(name, model):
        model.train()
        loss = torch.nn.functional.cross_entropy(
            _logits(name, model, x), target)
        optims[name].zero_grad()
        loss.backward()
        optims[name].step()

    for r in range(warmup + rounds):
        for mode, fn in (('infer', infer), ('train', train)):
            order = list(models.items())
            for name, model in (order if r % 2 else order[::-1]):
                start = CLOCK()
                fn(name, model)
                if r >= warmup:
                    times[name][mode].append(CLOCK() - start)
    return {
        n: {m: x.shape[0] / STAT(t)
            for m, t in modes.items()}
        for n, modes in times.items()
    }


def measure_attention(batch: int, rounds: int) -> None:
    """Time the MHSA layers alone (forward, and forward + backward)."""
    print(f'\nAttention layers alone, batch {batch}, {STAT.__name__} of '
          f'{rounds} interleaved rounds (ms; ratio = timm time / variant '
          f'time)')
    print('| shape (C, HxW, stride) | variant | forward ms | fwd+bwd ms | '
          'forward vs timm | fwd+bwd vs timm |')
    print('|---|---|---:|---:|---:|---:|')
    for dim, size, stride in ((256, 16, 1), (512, 16, 2), (512, 8, 1)):
        torch.manual_seed(0)
        ref = BottleneckAttn(dim, feat_size=(size, size), stride=stride)
        variants = {'timm BottleneckAttn': ref}
        for name, sdpa in (('mmglm', False), ('mmglm-sdpa', True)):
            m = BottleneckMHSA(dim, size, stride=stride, use_sdpa=sdpa)
            m.load_state_dict(ref.state_dict())
            variants[name] = m
        x = torch.randn(batch, dim, size, size, requires_grad=True)
        times = {n: ([], []) for n in variants}
        for r in range(rounds + 1):
            order = list(variants.items())
            for name, m in (order if r % 2 else order[::-1]):
                start = CLOCK()
                with torch.no_grad():
                    m(x)
                mid = CLOCK()
                m(x).sum().backward()
                end = CLOCK()
                if r:  # the first round warms up
                    times[name][0].append(mid - start)
                    times[name][1].append(end - mid)
        med = {n: [STAT(t) * 1e3 for t in ts]
               for n, ts in times.items()}
        base = med['timm BottleneckAttn']
        for name, (fwd, train) in med.items():
            print(f'| {dim}, {size}x{size}, {stride} | {name} | {fwd:.1f} | '
                  f'{train:.1f} | {base[0] / fwd:.2f}x | '
                  f'{base[1] / train:.2f}x |')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--img-size', type=int, default=256)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=5,
                        help='interleaved timing rounds of the models; 0 '
                        'skips them')
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument(
        '--attn-rounds', type=int, default=0,
        help='also time the attention layers alone over this many rounds')
    parser.add_argument(
        '--clock', choices=['wall', 'cpu'], default='wall',
        help='wall clock, or the CPU time of this process (all threads)')
    parser.add_argument(
        '--stat', choices=['median', 'min'], default='median',
        help='statistic over the rounds (min: the fastest round)')
    parser.add_argument(
        '--variants', nargs='+', default=['timm', 'mmglm'],
        choices=['timm', 'mmglm', 'mmglm-timm-attn', 'mmglm-sdpa'])
    args = parser.parse_args()
    register_all_modules()
    torch.set_num_threads(args.threads)
    global CLOCK, STAT
    CLOCK = time.process_time if args.clock == 'cpu' else time.perf_counter
    STAT = min if args.stat == 'min' else statistics.median
    if not args.rounds:
        measure_attention(args.batch, args.attn_rounds)
        return
    models = build_models(args.img_size, args.variants)
    torch.manual_seed(1)
    x = torch.randn(args.batch, 3, args.img_size, args.img_size)
    # Same weights, same outputs: the variants compute the same function.
    ref_name = args.variants[0]
    with torch.no_grad():
        ref = _logits(ref_name, models[ref_name].eval(), x)
        for name, model in models.items():
            diff = (_logits(name, model.eval(), x) - ref).abs().max().item()
            assert diff < 1e-3, f'{name} differs from {ref_name} by {diff}'
    res = measure(models, x, args.rounds, args.warmup)
    base = res['timm'] if 'timm' in res else next(iter(res.values()))
    print(f'torch {torch.__version__}, timm {timm.__version__}, batch '
          f'{args.batch}, {args.img_size} px, {args.threads} threads, '
          f'{args.stat} of {args.rounds} interleaved rounds, {args.clock} '
          f'clock')
    print('| variant | inference img/s | training img/s | '
          'inference vs timm | training vs timm |')
    print('|---|---:|---:|---:|---:|')
    for name, r in res.items():
        print(f'| {name} | {r["infer"]:.1f} | {r["train"]:.1f} | '
              f'{r["infer"] / base["infer"]:.2f}x | '
              f'{r["train"] / base["train"]:.2f}x |')
    if args.attn_rounds:
        measure_attention(args.batch, args.attn_rounds)


if __name__ == '__main__':
    main()
