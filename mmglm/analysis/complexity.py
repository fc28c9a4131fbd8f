# Copyright (c) mmglm contributors. All rights reserved.
"""Parameters and FLOPs of configs and models, comparable with timm's GMACs.

Counting is mmengine's fvcore-style :class:`~mmengine.analysis.FlopAnalyzer`
(one fused multiply-add = one FLOP, the convention of mmpretrain's metafiles
and of timm's "GMACs" column), with handles added for the attention products
mmengine 0.10.7 does not count:

- ``aten::scaled_dot_product_attention`` (``F.scaled_dot_product_attention``,
  used by timm's fused attention and mmpretrain's ``MultiheadAttention`` on
  torch >= 2): ``q @ k^T`` plus ``attn @ v``;
- ``aten::baddbmm`` (relative-position attention in some implementations).

``aten::matmul`` / ``aten::bmm`` / ``aten::einsum`` (explicit attention) are
counted by mmengine already. Elementwise ops (softmax, GELU, residual adds) are
not counted, as in fvcore and timm.

What is counted: a classifier's ``forward(x, mode='tensor')`` (backbone, neck
and head, as timm's ``forward``), or with ``part='extract_feat'`` its
backbone + neck (what mmpretrain's ``get_flops.py`` counts). A detector (mmdet
``BaseDetector``) always counts ``extract_feat`` (backbone + neck, e.g. FPN):
its heads need data samples and post-processing depends on the image content.
Parameters are always those of the whole model.
"""
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmengine.analysis import ActivationAnalyzer, FlopAnalyzer
from mmengine.analysis.jit_handles import get_shape
from mmengine.config import Config

__all__ = [
    'sdpa_flop_jit', 'baddbmm_flop_jit', 'EXTRA_FLOP_HANDLES',
    'TensorForward', 'is_detector', 'count_complexity',
    'build_model_from_config', 'input_size_from_config', 'config_complexity'
]


def sdpa_flop_jit(inputs: List[Any], outputs: List[Any]) -> int:
    """FLOPs (MACs) of ``aten::scaled_dot_product_attention``.

    ``q: (..., L, E)``, ``k: (..., S, E)``, ``v: (..., S, Ev)``: the two
    products ``q @ k^T`` (``L*S*E``) and ``attn @ v`` (``L*S*Ev``) per batch
    and head. The softmax and scaling are elementwise and not counted (as
    fvcore counts an explicit ``matmul`` / ``softmax`` / ``matmul``).
    A causal mask is counted as full attention, like the explicit version.
    """
    q, k, v = (get_shape(x) for x in inputs[:3])
    batch = math.prod(q[:-2])
    length, dim = q[-2], q[-1]
    src_len, v_dim = k[-2], v[-1]
    return batch * length * src_len * (dim + v_dim)


def baddbmm_flop_jit(inputs: List[Any], outputs: List[Any]) -> int:
    """FLOPs of ``aten::baddbmm(input, b1, b2)``: the ``b1 @ b2`` part."""
    b1, b2 = get_shape(inputs[1]), get_shape(inputs[2])
    return b1[0] * b1[1] * b1[2] * b2[2]


#: Handles mmglm adds to mmengine's defaults.
EXTRA_FLOP_HANDLES = {
    'aten::scaled_dot_product_attention': sdpa_flop_jit,
    'aten::baddbmm': baddbmm_flop_jit,
}


def is_detector(model: nn.Module) -> bool:
    """True for mmdet detectors (``mmdet.models.detectors.BaseDetector``)."""
    try:
        from mmdet.models.detectors import BaseDetector
    except ImportError:  # mmdet is optional
        return False
    return isinstance(model, BaseDetector)


class TensorForward(nn.Module):
    """Runs ``model(x, mode='tensor')`` (mmengine models), ``model(x)`` or
    ``model.extract_feat(x)``.

    mmengine/mmpretrain models (``BaseModel``) run backbone + neck + head in
    ``mode='tensor'``, without the data preprocessor: the same part a timm
    model's ``forward`` covers.

    Args:
        model (nn.Module): The model.
        part (str): ``'forward'`` (the above) or ``'extract_feat'``
            (backbone + neck of an mmpretrain classifier or mmdet detector).
    """

    def __init__(self, model: nn.Module, part: str = 'forward'):
        super().__init__()
        if part not in ('forward', 'extract_feat'):
            raise ValueError(f'part must be forward or extract_feat, got '
                             f'{part!r}')
        if part == 'extract_feat' and not hasattr(model, 'extract_feat'):
            raise ValueError(f'{type(model).__name__} has no extract_feat')
        self.model = model
        self.part = part
        from mmengine.model import BaseModel
        self._mm = isinstance(model, BaseModel)

    def forward(self, x: torch.Tensor):
        if self.part == 'extract_feat':
            return self.model.extract_feat(x)
        if self._mm:
            return self.model(x, mode='tensor')
        return self.model(x)


def count_complexity(model: nn.Module,
                     input_shape: Sequence[int] = (3, 224, 224),
                     activations: bool = False,
                     part: Optional[str] = None) -> Dict[str, Any]:
    """Parameters and FLOPs of ``model`` on one ``input_shape`` image.

    Args:
        model (nn.Module): An mmengine model (run with ``mode='tensor'``) or
            any ``nn.Module`` taking an image batch.
        input_shape (Sequence[int]): ``(C, H, W)`` of one image.
        activations (bool): Also count activations (slower: a second trace).
        part (str, optional): ``'forward'`` or ``'extract_feat'`` (backbone +
            neck). Default: ``'extract_feat'`` for mmdet detectors, else
            ``'forward'``.

    Returns:
        dict: ``flops`` (int, MACs of ``part``), ``params`` (int, trainable
        and frozen parameters of the whole model, data preprocessor excluded
        - it has none), ``part`` (what the FLOPs cover), ``backbone_params``
        (int, or None without a ``backbone`` attribute), ``buffers`` (int,
        elements of the model's buffers: BN statistics, fixed tables; not in
        ``params``), ``by_operator`` (dict op -> flops), ``unsupported``
        (dict op -> count of ops without a handle: elementwise ops are
        expected there), and ``activations`` if asked.
    """
    if part is None:
        part = 'extract_feat' if is_detector(model) else 'forward'
    wrapped = TensorForward(model, part).eval()
    device = next(model.parameters()).device
    inputs = (torch.randn(1, *input_shape, device=device), )
    with torch.no_grad():
        analyzer = FlopAnalyzer(wrapped, inputs)
        analyzer.set_op_handle(**EXTRA_FLOP_HANDLES)
        analyzer.unsupported_ops_warnings(False)
        analyzer.uncalled_modules_warnings(False)
        flops = analyzer.total()
        backbone = getattr(model, 'backbone', None)
        result = dict(
            flops=int(flops),
            params=int(sum(p.numel() for p in model.parameters())),
            part=part,
            backbone_params=int(sum(
                p.numel() for p in backbone.parameters())) if isinstance(
                    backbone, nn.Module) else None,
            buffers=int(sum(b.numel() for b in model.buffers())),
            by_operator=dict(analyzer.by_operator()),
            unsupported=dict(analyzer.unsupported_ops()),
            input_shape=tuple(input_shape))
        if activations:
            act = ActivationAnalyzer(wrapped, inputs)
            act.unsupported_ops_warnings(False)
            act.uncalled_modules_warnings(False)
            result['activations'] = int(act.total())
    return result


def _load_config(config: Union[str, Config],
                 cfg_options: Optional[dict] = None) -> Config:
    if isinstance(config, Config):
        cfg = config.copy()
    elif str(config).startswith('mmpretrain::'):
        from mmengine.hub import get_config
        cfg = get_config(str(config))
    else:
        cfg = Config.fromfile(str(config))
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    return cfg


def build_model_from_config(config: Union[str, Config],
                            cfg_options: Optional[dict] = None) -> nn.Module:
    """Build ``cfg.model`` in the config's default scope (mmglm by default).

    Args:
        config (str | Config): Config path (``mmpretrain::`` paths allowed)
            or a loaded config.
        cfg_options (dict, optional): Overrides merged into the config.
    """
    import mmglm  # noqa: F401  (registers mmglm types)
    from mmengine.registry import MODELS, DefaultScope, init_default_scope
    from mmpretrain.utils import register_all_modules
    register_all_modules(init_default_scope=False)  # mmpretrain's types
    cfg = _load_config(config, cfg_options)
    scope = cfg.get('default_scope', 'mmglm')
    # The scope is set for this build only: a global default scope left at
    # e.g. 'mmdet' would redirect the caller's later builds.
    with DefaultScope.overwrite_default_scope(scope):
        init_default_scope(scope)
        model = MODELS.build(cfg.model)
    return model


def _size_of(value: Union[int, Sequence[int]]) -> Tuple[int, int]:
    """(H, W) from an mmpretrain ``scale`` / ``crop_size`` (int or (w, h))."""
    if isinstance(value, int):
        return value, value
    w, h = value
    return int(h), int(w)


def _pipeline(loader: dict) -> list:
    """The pipeline of a dataloader's dataset (through dataset wrappers)."""
    dataset = loader.get('dataset') or {}
    while isinstance(dataset, dict):
        if dataset.get('pipeline'):
            return list(dataset['pipeline'])
        dataset = dataset.get('dataset')
    return []


def _pad_size_divisor(cfg: Config) -> int:
    """``pad_size_divisor`` of the model's (or config's) data preprocessor,
    1 if none (mmdet's ``DetDataPreprocessor`` pads batches to it)."""
    model = cfg.get('model') or {}
    for preproc in (model.get('data_preprocessor'),
                    cfg.get('data_preprocessor')):
        if isinstance(preproc, dict) and preproc.get('pad_size_divisor'):
            return int(preproc['pad_size_divisor'])
    return 1


def _pipeline_size(pipeline: list) -> Optional[Tuple[int, int]]:
    """The size the last size-setting transform of ``pipeline`` gives."""
    size = None
    for t in pipeline:
        kind = t.get('type') if isinstance(t, dict) else None
        if kind in ('CenterCrop', 'RandomCrop') and \
                t.get('crop_size') is not None:
            size = _size_of(t['crop_size'])
        elif kind in ('Resize', 'RandomResizedCrop') and \
                t.get('scale') is not None:
            size = _size_of(t['scale'])
        elif kind == 'ResizeEdge' and t.get('scale') is not None:
            size = (int(t['scale']), int(t['scale']))
    return size


def input_size_from_config(cfg: Config,
                           default: Tuple[int, int] = (224, 224)
                           ) -> Tuple[int, int]:
    """The (H, W) the config tests at, read from its test (or val) pipeline.

    The last size-setting transform wins: ``CenterCrop(crop_size)``,
    ``Resize(scale)``, ``RandomResizedCrop(scale)``, ``ResizeEdge(scale)``
    (square), ``RandomCrop(crop_size)``. Without one in the test and val
    pipelines (e.g. CIFAR, whose images have the model's size already), the
    backbone's ``img_size``, then the train pipeline's size, then
    ``default``. The size is rounded up to the data preprocessor's
    ``pad_size_divisor`` (mmdet: 32), so a detection config's
    ``Resize(scale=(1333, 800), keep_ratio=True)`` gives 800x1344, the
    largest padded image it tests on.
    """
    sizes = [_pipeline_size(_pipeline(cfg.get(key) or {}))
             for key in ('test_dataloader', 'val_dataloader')]
    backbone = (cfg.get('model') or {}).get('backbone')
    if isinstance(backbone, dict) and backbone.get('img_size'):
        img_size = backbone['img_size']  # int or (H, W)
        sizes.append((img_size, img_size) if isinstance(img_size, int) else
                     tuple(int(v) for v in img_size))
    sizes.append(_pipeline_size(_pipeline(cfg.get('train_dataloader') or {})))
    size = next((s for s in sizes if s is not None), None)
    if size is None:
        return default
    div = _pad_size_divisor(cfg)
    return tuple(-(-s // div) * div for s in size)


def config_complexity(config: Union[str, Config],
                      input_size: Optional[Tuple[int, int]] = None,
                      cfg_options: Optional[dict] = None,
                      part: Optional[str] = None) -> Dict[str, Any]:
    """:func:`count_complexity` of a config's model at its test size.

    Args:
        config (str | Config): Config path or loaded config.
        input_size (tuple, optional): (H, W); default
            :func:`input_size_from_config`.
        cfg_options (dict, optional): Overrides merged into the config.
        part (str, optional): See :func:`count_complexity` (detectors:
            ``extract_feat``, classifiers: the whole ``forward``).
    """
    cfg = _load_config(config, cfg_options)
    size = tuple(input_size) if input_size else input_size_from_config(cfg)
    model = build_model_from_config(cfg)
    result = count_complexity(model, (3, *size), part=part)
    result['input_size'] = size
    return result
