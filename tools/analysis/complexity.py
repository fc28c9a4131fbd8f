# Copyright (c) mmglm contributors. All rights reserved.
"""Params and FLOPs of configs, folders of configs, or timm/mmpretrain models.

FLOPs are fvcore-style multiply-adds (mmengine's FlopAnalyzer, the
convention of mmpretrain's metafiles and timm's GMACs) including attention
matrix products (see ``mmglm/analysis/complexity.py``).

Examples::

    python tools/analysis/complexity.py configs/resnet
    python tools/analysis/complexity.py configs/resnet --update-metafile \
        --update-readme        # writes configs/resnet/{metafile.yml,README.md}
    python tools/analysis/complexity.py timm:vit_small_patch16_224 \
        --input-size 224 --num-classes 1000
"""
import argparse
import json
import os
import os.path as osp
import shlex
import sys
from glob import glob
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('targets', nargs='+', help='config files, folders of '
                   'configs, timm:<name> or mmpretrain:<name>')
    p.add_argument('--input-size', type=int, nargs='+',
                   help='H [W]; default: each config\'s test size (224 for '
                   'timm models)')
    p.add_argument('--num-classes', type=int, help='head width override')
    p.add_argument('--update-metafile', action='store_true',
                   help='write FLOPs/Parameters into <folder>/metafile.yml')
    p.add_argument('--update-readme', action='store_true',
                   help='write the table between the complexity markers of '
                   '<folder>/README.md')
    p.add_argument('--json', help='write the results here')
    return p.parse_args(argv)


def _expand(targets):
    """(spec text, folder or None) per model; folders give their configs."""
    out = []
    for t in targets:
        if osp.isdir(t):
            for f in sorted(glob(osp.join(t, '*.py'))):
                out.append((f, t))
        else:
            out.append((t, osp.dirname(t) if osp.isfile(t) else None))
    return out


def _rel(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(REPO).as_posix()
    except ValueError:
        return Path(path).as_posix()


def main(argv=None):
    args = parse_args(argv)
    from mmglm.analysis.models import parse_spec
    size = None
    if args.input_size:
        size = tuple(args.input_size) * (2 // len(args.input_size))
    results, failed = [], []
    for text, folder in _expand(args.targets):
        try:
            res = _measure(text, size, args.num_classes)
        except Exception as e:  # report it, measure the others
            print(f'{text}: FAILED ({type(e).__name__}: {e})', flush=True)
            failed.append(text)
            continue
        spec = parse_spec(text)
        res['config'] = _rel(text) if spec.kind == 'config' else text
        res['folder'] = folder
        results.append(res)
        extra = {k: v for k, v in res['unsupported'].items()
                 if not k.startswith(('aten::add', 'aten::mul', 'aten::div',
                                      'aten::sub'))}
        print(f'{res["config"]}: input {res["input_size"][0]}x'
              f'{res["input_size"][1]}, params {res["params"] / 1e6:.3f} M, '
              f'FLOPs {res["flops"] / 1e9:.4f} G (MACs); by op: ' +
              ', '.join(f'{k} {v / 1e9:.3f}G'
                        for k, v in sorted(res['by_operator'].items())),
              flush=True)
        if extra:
            print(f'  not counted (no handle): {extra}')

    argv = sys.argv[1:] if argv is None else argv
    command = 'python tools/analysis/complexity.py ' + shlex.join(
        [_rel(a) if osp.exists(a) else a for a in argv])
    if args.update_metafile or args.update_readme:
        from mmglm.analysis.metafile import (register_in_model_index,
                                             render_table, update_metafile,
                                             update_readme)
        folders = {}
        for res in results:
            if res['folder'] is not None and res['config'].endswith('.py'):
                folders.setdefault(res['folder'], []).append(res)
        for folder, rows in folders.items():
            if args.update_metafile:
                metafile = Path(folder) / 'metafile.yml'
                update_metafile(metafile, rows)
                print(f'updated {metafile}')
                rel = _rel(str(metafile))
                if not osp.isabs(rel) and register_in_model_index(
                        REPO / 'model-index.yml', rel):
                    print(f'added {rel} to model-index.yml')
            if args.update_readme:
                update_readme(Path(folder) / 'README.md',
                              render_table(rows, command))
                print(f'updated {osp.join(folder, "README.md")}')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1, default=str)
    if failed:
        raise SystemExit(f'{len(failed)} model(s) failed: {failed}')
    return results


def _measure(text, size, num_classes):
    """Complexity of one model spec (a config at its test size by
    default)."""
    from mmglm.analysis.complexity import (config_complexity,
                                           count_complexity)
    from mmglm.analysis.models import build_spec, parse_spec
    spec = parse_spec(text)
    if spec.kind == 'config' and not spec.overrides:
        opts = None
        if num_classes:
            opts = {'model.head.num_classes': num_classes}
        return config_complexity(text, size, opts)
    sz = size or (224, 224)
    model = build_spec(spec, num_classes=num_classes, input_size=sz)
    res = count_complexity(model, (3, *sz))
    res['input_size'] = sz
    return res


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    main()
