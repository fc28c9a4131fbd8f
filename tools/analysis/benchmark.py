# Copyright (c) mmglm contributors. All rights reserved.
"""Inference / training-step speed and peak memory of models, side by side.

Examples::

    # two mmglm configs against their timm peers, fp32 on CPU, 2 threads
    python tools/analysis/benchmark.py \
        configs/nest/nest-tiny_....py timm:nest_tiny_jx \
        configs/vit/vit-small_....py timm:vit_small_patch16_224 \
        --pairs nest-tiny_...=timm:nest_tiny_jx \
                vit-small_...=timm:vit_small_patch16_224 \
        --input-size 224 --batch 16 --threads 2 --rounds 5 \
        --out-md bench.md --out-json bench.json --plot bench.png

    # GPU, AMP, channels_last
    python tools/analysis/benchmark.py CFG timm:x --pairs CFG=timm:x \
        --device cuda --amp --channels-last --batch 128

    # both compiled, plus an eager copy of CFG (one peer per model: the
    # eager row carries the eager / compiled ratio)
    python tools/analysis/benchmark.py CFG timm:x CFG@eager --compile \
        --pairs CFG=timm:x CFG@eager=CFG

Models are config paths, ``timm:<name>`` or ``mmpretrain:<name or
config.py>``, optionally followed by ``,key=value`` overrides (see
``mmglm/analysis/models.py``). ``--pairs MODEL=PEER`` adds throughput ratios
(MODEL / PEER) to the table; ``PEER`` may be ``A+B``: A then B, one after the
other (e.g. the two branches of a hybrid). A model ending in ``@eager`` or
``@compiled`` runs so whatever ``--compile`` says (its label keeps the
suffix), so compiled and eager copies of one model run side by side; compile
time is reported apart from the throughputs, from a fresh inductor cache
(cold start) unless ``TORCHINDUCTOR_CACHE_DIR`` is set. Absolute timings on a
shared machine are noisy: compare the ratios, which are taken per round.
"""
import argparse
import json
import os
import shlex
import sys

# one thread setting for every model, before torch starts its pools
_pre = argparse.ArgumentParser(add_help=False)
_pre.add_argument('--threads', type=int)
_pre.add_argument('--compile', action='store_true')
_pre_args = _pre.parse_known_args()[0]
if _pre_args.threads:
    os.environ.setdefault('OMP_NUM_THREADS', str(_pre_args.threads))
# cold-start compile times: a fresh inductor cache, set before torch (or
# mmcv) is imported, since importing them sets TORCHINDUCTOR_CACHE_DIR
_CACHE = None
if (_pre_args.compile or any(a.endswith('@compiled') for a in sys.argv)) \
        and not os.environ.get('TORCHINDUCTOR_CACHE_DIR'):
    import tempfile
    _CACHE = tempfile.mkdtemp(prefix='mmglm-inductor-')
    os.environ['TORCHINDUCTOR_CACHE_DIR'] = _CACHE

import torch  # noqa: E402

from mmglm.analysis.benchmark import (BenchSettings, format_markdown,  # noqa
                                      run_benchmark)
from mmglm.analysis.models import (parse_spec, spec_input_size,  # noqa: E402
                                   spec_num_classes)


def split_pair(text, names):
    """``MODEL=PEER`` -> (MODEL, PEER), at the ``=`` where both sides name
    models (specs may hold ``=`` in their ``,key=value`` overrides)."""
    for i, char in enumerate(text):
        if char == '=' and text[:i] in names and all(
                part in names for part in text[i + 1:].split('+')):
            return text[:i], text[i + 1:]
    raise SystemExit(f'--pairs {text!r}: expected MODEL=PEER (or '
                     f'MODEL=A+B) with models among {sorted(names)}')


COMPILE_SUFFIXES = {'@eager': False, '@compiled': True}


def split_compile_suffix(text, default):
    """``SPEC@eager`` / ``SPEC@compiled`` -> (SPEC, compiled?, suffix)."""
    for suffix, flag in COMPILE_SUFFIXES.items():
        if text.endswith(suffix):
            return text[:-len(suffix)], flag, suffix
    return text, default, ''


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('models', nargs='+', help='config paths / timm:<name> / '
                   'mmpretrain:<name>, with optional ,key=value overrides')
    p.add_argument('--labels', nargs='+', help='table names of the models')
    p.add_argument('--pairs', nargs='+', default=[], metavar='MODEL=PEER',
                   help='ratio rows: MODEL / PEER (labels or specs; '
                   'PEER may be A+B)')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--input-size', type=int, nargs='+',
                   help='H [W]; default: the first config\'s test size, '
                   'else 224')
    p.add_argument('--num-classes', type=int,
                   help='classifier width for all models; default: the '
                   'first config\'s head, else 1000')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available()
                   else 'cpu')
    p.add_argument('--threads', type=int, help='torch CPU threads')
    p.add_argument('--amp', action='store_true', help='autocast (fp16 on '
                   'cuda with a GradScaler, bf16 on cpu)')
    p.add_argument('--amp-dtype', choices=['float16', 'bfloat16'])
    p.add_argument('--channels-last', action='store_true')
    p.add_argument('--compile', action='store_true', help='torch.compile '
                   'every model (static shapes) but those ending in @eager')
    p.add_argument('--compile-backend', default='inductor')
    p.add_argument('--compile-mode', help='torch.compile mode (e.g. '
                   'max-autotune); default: torch\'s')
    p.add_argument('--rounds', type=int, default=5,
                   help='interleaved repetitions (median and spread)')
    p.add_argument('--iters', type=int, default=10,
                   help='timed batches per model, kind and round')
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--latency-batch', type=int, default=1,
                   help='batch of the latency measurement (0: skip)')
    p.add_argument('--no-train', action='store_true',
                   help='inference only')
    p.add_argument('--no-memory', action='store_true')
    p.add_argument('--out-md', help='write the Markdown table here')
    p.add_argument('--out-json', help='write all timings here')
    p.add_argument('--plot', help='bar chart PNG of the throughputs')
    p.add_argument('--no-progress', action='store_true')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    split = [split_compile_suffix(m, args.compile) for m in args.models]
    specs = [parse_spec(text) for text, _, _ in split]
    compiled = [flag for _, flag, _ in split]
    for spec, (_, _, suffix) in zip(specs, split):
        spec.text += suffix  # the name --pairs and the table use
    labels = args.labels or [
        sp.label + suffix for sp, (_, _, suffix) in zip(specs, split)]
    if _CACHE and any(compiled):
        print(f'inductor cache: {_CACHE} (fresh: cold-start compile times)')
    configs = [s for s in specs if s.kind != 'timm']
    if args.input_size:
        size = tuple(args.input_size) * (2 // len(args.input_size))
    else:
        size = next((sz for sz in map(spec_input_size, configs) if sz),
                    (224, 224))
    num_classes = args.num_classes or next(
        (n for n in map(spec_num_classes, configs) if n), 1000)
    names = {s.text for s in specs} | set(labels)
    pairs = dict(split_pair(p, names) for p in args.pairs)
    settings = BenchSettings(
        batch_size=args.batch, input_size=size, num_classes=num_classes,
        device=args.device, threads=args.threads, amp=args.amp,
        amp_dtype=args.amp_dtype, channels_last=args.channels_last,
        compile=any(compiled), compile_backend=args.compile_backend,
        compile_mode=args.compile_mode, rounds=args.rounds, iters=args.iters,
        warmup=args.warmup, latency_batch=args.latency_batch or None,
        train=not args.no_train, memory=not args.no_memory)
    print(settings.describe(), flush=True)
    entries = run_benchmark(specs, settings, labels=labels,
                            progress=not args.no_progress, compiled=compiled)
    argv = sys.argv[1:] if argv is None else argv
    command = 'python tools/analysis/benchmark.py ' + shlex.join(argv)
    table = format_markdown(entries, settings, pairs, command)
    print(table)
    if args.out_md:
        with open(args.out_md, 'w') as f:
            f.write(table + '\n')
    rows = [e.to_dict(settings.batch_size) for e in entries]
    if args.out_json:
        with open(args.out_json, 'w') as f:
            json.dump(dict(settings=settings.describe(), command=command,
                           pairs=pairs, results=rows), f, indent=1)
    if args.plot:
        from mmglm.analysis.plotting import plot_benchmark
        plot_benchmark(rows, args.plot, title=settings.describe())
    return entries


if __name__ == '__main__':
    main()
