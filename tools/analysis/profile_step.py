# Copyright (c) mmglm contributors. All rights reserved.
"""Where one training step's CPU time goes, eager against compiled.

Profiles a model spec (a config, ``backbone:TYPE,...`` or ``timm:NAME``, as
in ``tools/analysis/benchmark.py``) with ``torch.profiler``: the same
weights and fixed batch, a few warm-up steps, then ``--steps`` profiled
training steps (forward, loss, backward, AdamW) of an eager and of a
compiled (inductor) copy, and writes self CPU time per op kind and the top
ops of each::

    python tools/analysis/profile_step.py configs/glmnet/glmnet-tiny_8xb32_intel.py \
        --batch 8 --input-size 224 --threads 2 --out-md work_dirs/profile/glmnet.md
"""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))))

import mmglm  # noqa: E402,F401
from mmglm.analysis.benchmark import BenchSettings  # noqa: E402
from mmglm.analysis.models import parse_spec  # noqa: E402
from mmglm.analysis.profiling import (format_profile,  # noqa: E402
                                      profile_train_steps,
                                      set_inductor_options)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('model', help='config path or model spec')
    p.add_argument('--label', default=None)
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--input-size', type=int, default=224)
    p.add_argument('--num-classes', type=int, default=1000)
    p.add_argument('--threads', type=int, default=None)
    p.add_argument('--steps', type=int, default=3)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--top', type=int, default=12)
    p.add_argument('--out-md', default=None)
    p.add_argument('--inductor', nargs='+', default=[], metavar='KEY=VALUE',
                   help='torch._inductor.config settings to try, e.g. '
                   'layout_optimization=False')
    args = p.parse_args(argv)
    set_inductor_options(args.inductor)
    settings = BenchSettings(
        batch_size=args.batch, input_size=(args.input_size, ) * 2,
        num_classes=args.num_classes, threads=args.threads, compile=True,
        rounds=1, iters=args.steps, warmup=args.warmup)
    result = profile_train_steps(parse_spec(args.model), settings)
    text = format_profile(result, settings,
                          args.label or osp.basename(args.model), args.top)
    print(text)
    if args.out_md:
        import os
        os.makedirs(osp.dirname(osp.abspath(args.out_md)), exist_ok=True)
        with open(args.out_md, 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
