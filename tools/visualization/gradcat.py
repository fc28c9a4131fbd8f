# Copyright (c) mmglm contributors. All rights reserved.
"""GradCAT tree-traversal explanation of a NesT classifier for one image.

Example (CPU)::

    PYTHONPATH=. python tools/visualization/gradcat.py \
        data/intel_mini/val/sea/12345.jpg \
        configs/nest/nest-mini_1xb32_intel-mini-64px.py \
        work_dirs/nest-mini/epoch_8.pth --topk 2 --out-file gradcat.png

For each of the top-k classes it prints the path from the root block to a
finest-level block with every node's score and the 2x2 child scores of every
decision, and draws the chosen blocks, the path and the last level's
Grad-CAM over the (resized) input image.
"""
import argparse
import json
from pathlib import Path

import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.dataset import Compose, pseudo_collate
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

import mmglm  # noqa: F401
from mmglm.registry import DATASETS, MODELS
from mmglm.visualization import draw_gradcat, format_result, gradcat


def parse_args():
    parser = argparse.ArgumentParser(description='GradCAT for NesT')
    parser.add_argument('img', help='image file')
    parser.add_argument('config', help='model config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--out-file', default='gradcat.png', help='PNG to write')
    parser.add_argument('--out-json', help='also write the paths as JSON')
    parser.add_argument('--topk', type=int, default=3, help='classes')
    parser.add_argument(
        '--target', type=int, nargs='+',
        help='explain these class indices instead of the top-k')
    parser.add_argument(
        '--sign', choices=['pos', 'neg'], default='pos',
        help="score children with the gradient of Y_c ('pos') or -Y_c")
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, key=value')
    return parser.parse_args()


def class_names_of(cfg: Config, checkpoint: dict):
    meta = checkpoint.get('meta', {}) if isinstance(checkpoint, dict) else {}
    classes = meta.get('dataset_meta', {}).get('classes')
    if classes:
        return list(classes)
    try:
        ds_type = cfg.test_dataloader.dataset.type
        return list(DATASETS.get(ds_type).METAINFO['classes'])
    except Exception:  # noqa: BLE001  (names are cosmetic)
        return None


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmglm'))

    model = MODELS.build(cfg.model)
    ckpt = load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.to(args.device).eval()

    # The test pipeline (resize, pack) as in evaluation.
    pipeline = Compose(cfg.test_dataloader.dataset.pipeline)
    data = pipeline(dict(img_path=args.img))
    batch = model.data_preprocessor(pseudo_collate([data]), False)
    inputs = batch['inputs'].to(args.device)
    # Packed inputs are BGR uint8 (C, H, W) at the model's input size.
    image = data['inputs'].flip(0).permute(1, 2, 0).numpy().astype(np.uint8)

    names = class_names_of(cfg, ckpt)
    results = gradcat(
        model, inputs, targets=args.target, topk=args.topk,
        sign=1 if args.sign == 'pos' else -1)
    for res in results:
        print(format_result(res, names))

    Path(args.out_file).parent.mkdir(parents=True, exist_ok=True)
    draw_gradcat(image, results, names, out_file=args.out_file)
    print(f'saved {args.out_file}')
    if args.out_json:
        dump = [
            dict(
                label=r.label,
                name=names[r.label] if names else None,
                logit=r.logit,
                prob=r.prob,
                path=[vars(n) for n in r.path],
                child_scores=[s.tolist() for s in r.child_scores])
            for r in results
        ]
        Path(args.out_json).write_text(json.dumps(dump, indent=2))
        print(f'saved {args.out_json}')


if __name__ == '__main__':
    with torch.no_grad():
        # gradcat() enables gradients itself where it needs them.
        main()
