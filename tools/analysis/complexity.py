# Copyright (c) mmglm contributors. All rights reserved.
"""Params and FLOPs of configs, folders of configs, or timm/mmpretrain models.

FLOPs are fvcore-style multiply-adds (mmengine's FlopAnalyzer, the
convention of mmpretrain's metafiles and timm's GMACs) including attention
matrix products (see ``mmglm/analysis/complexity.py``). Classifiers are
counted whole (backbone, neck, head: what timm's figures cover); detectors
(mmdet configs) on ``extract_feat`` (backbone + neck), with the parameters of
the whole detector. Each config is measured at its test-pipeline size
(padded to ``pad_size_divisor`` for detectors) unless ``--input-size`` is
given. The by-operator split printed per model gives the attention products
apart (``scaled_dot_product_attention``, ``matmul``, ``baddbmm``, ...).

Examples::

    python tools/analysis/complexity.py configs/resnet
    python tools/analysis/complexity.py configs/resnet --update-metafile \
        --update-readme        # writes configs/resnet/{metafile.yml,README.md}
    python tools/analysis/complexity.py configs/det --update-metafile \
        --update-readme        # detectors at their test Resize scale
    python tools/analysis/complexity.py \
        configs/vit/vit-small-p16_1xb32_intel-224px.py \
        timm:vit_small_patch16_224 --num-classes 1000
    python tools/analysis/complexity.py \
        configs/botnet/botnet26t_8xb32_intel-224px.py,backbone.img_size=256 \
        timm:botnet26t_256 --input-size 256 --num-classes 1000

A config may end with ``,key=value`` overrides of ``cfg.model`` (as above).
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
    p.add_argument('--num-classes', type=int,
                   help='head width override (e.g. 1000 to compare with '
                   'ImageNet figures)')
    p.add_argument('--extract-feat', action='store_true',
                   help='count backbone + neck only (extract_feat), as '
                   'mmpretrain\'s get_flops.py; detectors always are')
    p.add_argument('--update-metafile', action='store_true',
                   help='write FLOPs/Parameters into <folder>/metafile.yml')
    p.add_argument('--update-readme', action='store_true',
                   help='write the table between the complexity markers of '
                   '<folder>/README.md (targets: whole folders)')
    p.add_argument('--json', help='write the results here')
    args = p.parse_args(argv)
    if args.update_metafile or args.update_readme:
        if args.num_classes or args.extract_feat:
            p.error('--update-metafile/--update-readme record the configs '
                    'as they are: not with --num-classes or --extract-feat')
    if args.update_readme:
        loose = [t for t in args.targets if not osp.isdir(t)]
        if loose:
            p.error('--update-readme rewrites the whole table of a folder: '
                    f'pass folders, not {loose}')
    return args


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


def _report(res):
    h, w = res['input_size']
    line = (f'{res["config"]}: input {h}x{w}, params '
            f'{res["params"] / 1e6:.3f} M')
    if res.get('part') == 'extract_feat':
        if res.get('backbone_params') is not None:
            line += f' (backbone {res["backbone_params"] / 1e6:.3f} M)'
        line += ', backbone + neck FLOPs'
    else:
        line += ', FLOPs'
    line += f' {res["flops"] / 1e9:.4f} G (MACs)'
    if res.get('buffers'):
        line += f'; buffers {res["buffers"] / 1e6:.3f} M (not in params)'
    line += '; by op: ' + ', '.join(
        f'{k} {v / 1e9:.3f}G' for k, v in sorted(res['by_operator'].items()))
    print(line, flush=True)
    extra = {k: v for k, v in res['unsupported'].items()
             if not k.startswith(('aten::add', 'aten::mul', 'aten::div',
                                  'aten::sub'))}
    if extra:
        print(f'  not counted (no handle): {extra}')


def main(argv=None):
    args = parse_args(argv)
    from mmglm.analysis.models import parse_spec
    size = None
    if args.input_size:
        size = tuple(args.input_size) * (2 // len(args.input_size))
    part = 'extract_feat' if args.extract_feat else None
    results, failed = [], []
    for text, folder in _expand(args.targets):
        try:
            res = _measure(text, size, args.num_classes, part)
        except Exception as e:  # report it, measure the others
            print(f'{text}: FAILED ({type(e).__name__}: {e})', flush=True)
            failed.append(text)
            continue
        spec = parse_spec(text)
        res['config'] = _rel(text) if spec.kind == 'config' else text
        res['folder'] = folder
        results.append(res)
        _report(res)

    argv = sys.argv[1:] if argv is None else argv
    command = 'python tools/analysis/complexity.py ' + shlex.join(
        [_rel(a) if osp.exists(a) else a for a in argv])
    if (args.update_metafile or args.update_readme) and failed:
        raise SystemExit(f'{len(failed)} model(s) failed, nothing written: '
                         f'{failed}')
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


def _measure(text, size, num_classes, part=None):
    """Complexity of one model spec (a config at its test size by
    default)."""
    from mmglm.analysis.complexity import (config_complexity,
                                           count_complexity)
    from mmglm.analysis.models import build_spec, parse_spec
    spec = parse_spec(text)
    if spec.kind == 'config':
        opts = {f'model.{k}': v for k, v in spec.overrides.items()}
        if num_classes:
            from mmengine.config import Config
            head = Config.fromfile(spec.name).model.get('head')
            if not isinstance(head, dict) or 'num_classes' not in head:
                raise ValueError('--num-classes: the config has no '
                                 'model.head.num_classes')
            opts['model.head.num_classes'] = num_classes
        return config_complexity(spec.name, size, opts or None, part)
    sz = size or (224, 224)
    model = build_spec(spec, num_classes=num_classes, input_size=sz)
    res = count_complexity(model, (3, *sz), part=part)
    res['input_size'] = sz
    return res


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    main()
