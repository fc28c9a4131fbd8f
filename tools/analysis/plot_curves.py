# Copyright (c) mmglm contributors. All rights reserved.
"""Draw training curves of one or more work dirs into a PNG.

Reads ``<work_dir>/<timestamp>/vis_data/scalars.json`` (mmengine's
LocalVisBackend; resumed runs are joined). Keys are glob patterns.

Examples::

    python tools/analysis/plot_curves.py work_dirs/glmnet work_dirs/resnet18 \
        --keys 'loss*' accuracy/top1 lr 'gamma/*' --out curves.png
    # a benchmark.py --out-json file as a bar chart
    python tools/analysis/plot_curves.py --benchmark bench.json --out b.png
"""
import argparse
import json


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('work_dirs', nargs='*', help='work dirs or scalars.json')
    p.add_argument('--keys', nargs='+', help='scalar keys / glob patterns '
                   "(default: 'loss*' 'accuracy/*' lr 'gamma/*')")
    p.add_argument('--labels', nargs='+', help='legend names of the runs')
    p.add_argument('--benchmark', help='benchmark.py --out-json file to draw '
                   'as bars instead of curves')
    p.add_argument('--ncols', type=int, default=3)
    p.add_argument('--title')
    p.add_argument('--out', required=True, help='PNG file')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmglm.analysis.plotting import plot_benchmark, plot_curves
    if args.benchmark:
        with open(args.benchmark) as f:
            data = json.load(f)
        fig = plot_benchmark(data['results'], args.out,
                             title=args.title or data.get('settings'))
    else:
        if not args.work_dirs:
            raise SystemExit('give work dirs (or --benchmark FILE)')
        fig = plot_curves(args.work_dirs, args.keys, args.labels, args.out,
                          ncols=args.ncols, title=args.title)
    print(f'saved {args.out}')
    return fig


if __name__ == '__main__':
    main()
