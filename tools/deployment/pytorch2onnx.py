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
the graph, so the batch size stays free (:func:`trace_rewrites` lists the
two functions rewritten during the export).
"""
import argparse
import contextlib
import glob
import os.path as osp
import sys
from typing import List, Sequence, Tuple

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import mmglm  # noqa: E402,F401
from mmglm.apis import ClassScores, build_model, preprocess  # noqa: E402

DEFAULT_IMAGES = osp.join(REPO, '..', 'shared', 'data', 'intel_mini', 'val')


def _window_reverse(windows, H, W, window_size):
    """mmpretrain's ``ShiftWindowMSA.window_reverse`` without its
    ``B = int(windows.shape[0] / ...)``, which the tracer records as a
    constant (the graph would only take the export's batch size)."""
    C = windows.shape[-1]
    x = windows.view(-1, H // window_size, W // window_size, window_size,
                     window_size, C)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, H, W, C)


_TAKE_ALONG_DIM = torch.take_along_dim


def _take_along_dim(input, indices, dim=None):
    """``torch.take_along_dim`` (no ONNX symbolic in torch 2.14) as
    ``gather`` with the index broadcast spelled out (BoTNet's MHSA)."""
    if dim is None or indices.dim() != input.dim():
        return _TAKE_ALONG_DIM(input, indices, dim)
    dim = dim % input.dim()
    sizes = [
        -1 if a == dim or indices.shape[a] != 1 else input.shape[a]
        for a in range(input.dim())
    ]
    return torch.gather(input, dim, indices.expand(*sizes))


@contextlib.contextmanager
def trace_rewrites():
    """Export-time rewrites (as mmdeploy's function rewriters) of code the
    exporter cannot take as it is; the model's numbers are unchanged.

    - mmpretrain's Swin ``window_reverse`` computes the batch with ``int()``,
      which the tracer records as a constant;
    - ``torch.take_along_dim`` (BoTNet's relative logits) has no ONNX
      symbolic: it becomes ``gather``.
    """
    from mmpretrain.models.utils.attention import ShiftWindowMSA
    original = ShiftWindowMSA.__dict__['window_reverse']
    ShiftWindowMSA.window_reverse = staticmethod(_window_reverse)
    torch.take_along_dim = _take_along_dim
    try:
        yield
    finally:
        ShiftWindowMSA.window_reverse = original
        torch.take_along_dim = _TAKE_ALONG_DIM


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
    with trace_rewrites():
        torch.onnx.export(
            wrapper, (inputs[:1], ), output, input_names=['input'],
            output_names=names, dynamic_axes=dynamic, opset_version=opset,
            dynamo=False)
    return names


def check(model: torch.nn.Module, inputs: torch.Tensor, output: str,
          backbone: bool = False) -> Tuple[float, float]:
    """``(max |onnxruntime - PyTorch|, max |PyTorch|)`` over the outputs."""
    import onnxruntime as ort
    session = ort.InferenceSession(
        output, providers=['CPUExecutionProvider'])
    got = session.run(None, {'input': inputs.numpy()})
    with torch.no_grad():
        ref = ClassScores(model, backbone).eval()(inputs)
    ref = list(ref) if isinstance(ref, tuple) else [ref]
    diff = max(float(np.abs(g - r.numpy()).max()) for g, r in zip(got, ref))
    return diff, max(float(r.abs().max()) for r in ref)


def export_and_check(config: str, checkpoint: str, output: str,
                     images: Sequence[str] = (), backbone: bool = False,
                     opset: int = 17) -> Tuple[float, float]:
    """Export and check; returns ``check``'s ``(difference, scale)``."""
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
    diff, scale = export_and_check(args.config, args.checkpoint, output,
                                   args.images, args.backbone, args.opset)
    print(f'{output}: max abs difference onnxruntime vs PyTorch = '
          f'{diff:.3e} (atol {args.atol:g}; outputs up to {scale:.3g})')
    if not diff <= args.atol:
        sys.exit(f'error: {output} differs from PyTorch by {diff:.3e} > '
                 f'{args.atol:g}')


if __name__ == '__main__':
    main()
