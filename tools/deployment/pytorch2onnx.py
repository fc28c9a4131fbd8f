# Copyright (c) mmglm contributors. All rights reserved.
"""Export an mmglm classifier (or its backbone) to ONNX and check it.

    python tools/deployment/pytorch2onnx.py CONFIG CHECKPOINT \
        [--output model.onnx] [--backbone] [--images IMG ...] [--atol 1e-4]

``CONFIG`` is a config path or a model name of ``mmpretrain.list_models()``.
The graph takes the preprocessed batch ``(N, 3, H, W)`` (the config's test
pipeline and data preprocessor: resize, crop, normalisation) and returns the
class scores the model predicts with (``--backbone``: the backbone's feature
maps), with a dynamic batch axis. The export is then checked: real images
(default: 4 from ``../shared/data/intel_mini/val``) go through the test
pipeline, onnxruntime (CPU) and PyTorch run the same batch, and the largest
absolute difference of the outputs is printed; above ``--atol`` the tool
exits with an error.

The exporter is torch's TorchScript-based one (``dynamo=False``, opset 17):
it needs no onnxscript and traces the models' Python shape arithmetic into
the graph, so the batch size stays free.
"""
import argparse
import glob
import os.path as osp
import sys
from typing import List, Sequence

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import mmglm  # noqa: E402,F401
from mmglm.apis import ClassScores, build_model, preprocess  # noqa: E402

DEFAULT_IMAGES = osp.join(REPO, '..', 'shared', 'data', 'intel_mini', 'val')


def default_images(count: int = 4) -> List[str]:
    paths = sorted(glob.glob(osp.join(DEFAULT_IMAGES, '*', '*.jpg')))
    if not paths:
        raise FileNotFoundError(
            f'no images under {DEFAULT_IMAGES}; pass --images')
    step = max(1, len(paths) // count)
    return paths[::step][:count]


def export(model: torch.nn.Module, inputs: torch.Tensor, output: str,
           backbone: bool = False, opset: int = 17) -> List[str]:
    """Write the ONNX graph (dynamic batch axis); returns the output names."""
    wrapper = ClassScores(model, backbone).eval()
    with torch.no_grad():
        out = wrapper(inputs[:1])
    n_out = len(out) if isinstance(out, tuple) else 1
    names = ['scores'] if not backbone else [f'feat{i}' for i in range(n_out)]
    dynamic = {name: {0: 'batch'} for name in ['input'] + names}
    torch.onnx.export(
        wrapper, (inputs[:1], ), output, input_names=['input'],
        output_names=names, dynamic_axes=dynamic, opset_version=opset,
        dynamo=False)
    return names


def check(model: torch.nn.Module, inputs: torch.Tensor, output: str,
          backbone: bool = False) -> float:
    """Max |onnxruntime - PyTorch| over the outputs, on ``inputs``."""
    import onnxruntime as ort
    session = ort.InferenceSession(
        output, providers=['CPUExecutionProvider'])
    got = session.run(None, {'input': inputs.numpy()})
    with torch.no_grad():
        ref = ClassScores(model, backbone).eval()(inputs)
    ref = list(ref) if isinstance(ref, tuple) else [ref]
    return max(
        float(np.abs(g - r.numpy()).max()) for g, r in zip(got, ref))


def export_and_check(config: str, checkpoint: str, output: str,
                     images: Sequence[str] = (), backbone: bool = False,
                     opset: int = 17) -> float:
    model = build_model(config, checkpoint)
    inputs, _ = preprocess(model, list(images) or default_images())
    export(model, inputs, output, backbone, opset)
    return check(model, inputs, output, backbone)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config path or model name')
    parser.add_argument('checkpoint', help='mmengine checkpoint (.pth)')
    parser.add_argument('--output', default=None,
                        help='ONNX file (default: CHECKPOINT with .onnx)')
    parser.add_argument('--backbone', action='store_true',
                        help='export the backbone (feature maps) only')
    parser.add_argument('--images', nargs='+', default=[],
                        help='images for the check (default: 4 intel_mini '
                        'val images)')
    parser.add_argument('--opset', type=int, default=17)
    parser.add_argument('--atol', type=float, default=1e-4,
                        help='largest allowed |onnxruntime - PyTorch|')
    return parser.parse_args()


def main():
    args = parse_args()
    output = args.output or osp.splitext(args.checkpoint)[0] + (
        '_backbone' if args.backbone else '') + '.onnx'
    diff = export_and_check(args.config, args.checkpoint, output, args.images,
                            args.backbone, args.opset)
    print(f'{output}: max abs difference onnxruntime vs PyTorch = '
          f'{diff:.3e} (atol {args.atol:g})')
    if not diff <= args.atol:
        sys.exit(f'error: {output} differs from PyTorch by {diff:.3e} > '
                 f'{args.atol:g}')


if __name__ == '__main__':
    main()
