# Copyright (c) mmglm contributors. All rights reserved.
"""Build the models the analysis tools compare, from one string each.

A *model spec* is one of:

- a config path, ``configs/glmnet/glmnet-tiny_....py`` (built in the config's
  ``default_scope``, mmglm by default);
- ``timm:<model name>``, e.g. ``timm:vit_small_patch16_224``;
- ``mmpretrain:<model name>`` (a name of ``mmpretrain.list_models()``) or
  ``mmpretrain:<folder>/<config>.py`` (a config shipped with mmpretrain);
- ``backbone:<registered type>`` (an mmglm/mmpretrain backbone alone, with
  global average pooling and a linear head sized from its last output),
  e.g. ``backbone:ResNet,depth=18`` or one branch of a hybrid.

Any spec may end with ``,key=value`` overrides (values are Python literals):
for timm they are ``timm.create_model`` kwargs
(``timm:vit_small_patch16_224,img_size=64``), for ``backbone:`` the
backbone's arguments; for configs and mmpretrain
models they are merged into ``cfg.model`` with dotted keys
(``mmpretrain:vit-base-p16_32xb128-mae_in1k,backbone.arch=deit-small``).
"""
import ast
import os.path as osp
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

import torch.nn as nn
from mmengine.config import Config

__all__ = [
    'ModelSpec', 'parse_spec', 'build_spec', 'spec_input_size',
    'spec_num_classes', 'is_mm_model'
]


@dataclass
class ModelSpec:
    """A parsed model spec (see the module docstring)."""
    text: str
    kind: str  # 'config' | 'timm' | 'mmpretrain' | 'backbone'
    name: str
    overrides: Dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Short name for tables: the config's stem or ``timm:<name>``."""
        if self.kind == 'config':
            base = osp.splitext(osp.basename(self.name))[0]
        else:
            base = f'{self.kind}:{self.name}'
        if self.overrides:
            base += ',' + ','.join(f'{k}={v}'
                                   for k, v in self.overrides.items())
        return base


def _literal(value: str) -> Any:
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def parse_spec(text: str) -> ModelSpec:
    """Split ``kind:name,key=value,...`` (see the module docstring)."""
    head, *pairs = text.split(',')
    overrides = {}
    for pair in pairs:
        if '=' not in pair:
            raise ValueError(f'Model spec {text!r}: expected key=value after '
                             f'a comma, got {pair!r}.')
        key, value = pair.split('=', 1)
        overrides[key.strip()] = _literal(value.strip())
    for kind in ('timm', 'mmpretrain', 'backbone'):
        if head.startswith(kind + ':'):
            return ModelSpec(text, kind, head[len(kind) + 1:], overrides)
    if not osp.isfile(head):
        raise FileNotFoundError(
            f'Model spec {text!r} is neither a config file nor '
            "'timm:<name>' / 'mmpretrain:<name or config>' / "
            "'backbone:<registered type>'.")
    return ModelSpec(text, 'config', head, overrides)


def _spec_config(spec: ModelSpec) -> Config:
    if spec.kind == 'config':
        return Config.fromfile(spec.name)
    if spec.name.endswith('.py'):
        from mmengine.hub import get_config
        return get_config('mmpretrain::' + spec.name)
    from mmpretrain.apis import ModelHub
    return ModelHub.get(spec.name).config.copy()


def _set_num_classes(model_cfg: Config, num_classes: int) -> None:
    head = model_cfg.get('head')
    if isinstance(head, dict) and 'num_classes' in head:
        head['num_classes'] = num_classes


def spec_input_size(spec: ModelSpec) -> Optional[Tuple[int, int]]:
    """The (H, W) a config-based spec tests at (None for timm specs)."""
    if spec.kind in ('timm', 'backbone'):
        return None
    from .complexity import input_size_from_config
    return input_size_from_config(_spec_config(spec), default=None)


def build_spec(spec: ModelSpec,
               num_classes: Optional[int] = None,
               input_size: Optional[Tuple[int, int]] = None) -> nn.Module:
    """Build the model of ``spec`` (random weights, CPU, train mode).

    Args:
        spec (ModelSpec): The parsed spec.
        num_classes (int, optional): Classifier width to set (so that peers
            built for ImageNet have the same head as an intel_mini config).
        input_size (tuple, optional): (H, W) passed to timm models that take
            ``img_size`` (ViTs with a fixed position embedding), unless the
            spec sets ``img_size`` itself.
    """
    if spec.kind == 'timm':
        import timm
        kwargs = dict(spec.overrides)
        if num_classes is not None:
            kwargs.setdefault('num_classes', num_classes)
        if input_size is not None and 'img_size' not in kwargs:
            try:
                return timm.create_model(
                    spec.name, pretrained=False, img_size=tuple(input_size),
                    **kwargs)
            except TypeError:  # the model has no img_size argument
                pass
        return timm.create_model(spec.name, pretrained=False, **kwargs)

    if spec.kind == 'backbone':
        return _backbone_classifier(spec, num_classes or 1000,
                                    input_size or (224, 224))
    from .complexity import build_model_from_config
    cfg = _spec_config(spec)
    if num_classes is not None:
        _set_num_classes(cfg.model, num_classes)
    options = {f'model.{k}': v for k, v in spec.overrides.items()}
    return build_model_from_config(cfg, options)


def _backbone_classifier(spec: ModelSpec, num_classes: int,
                         input_size: Tuple[int, int]) -> nn.Module:
    """``ImageClassifier`` around a registered backbone: GAP + linear head,
    the head's width read from the backbone's last output."""
    import torch
    from mmengine.config import Config
    from .complexity import build_model_from_config
    backbone = dict(type=spec.name, **spec.overrides)
    probe = build_model_from_config(
        Config(dict(model=backbone, default_scope='mmglm')))
    probe.eval()  # (mmpretrain's ResNet.train() does not return self)
    with torch.no_grad():
        out = probe(torch.zeros(1, 3, *input_size))
    last = out[-1] if isinstance(out, (tuple, list)) else out
    if isinstance(last, (tuple, list)):  # e.g. (patch tokens, cls token)
        last = last[-1]
    neck = dict(type='GlobalAveragePooling') if last.dim() == 4 else None
    model = dict(type='ImageClassifier', backbone=backbone, neck=neck,
                 head=dict(type='LinearClsHead', num_classes=num_classes,
                           in_channels=int(last.shape[1])))
    return build_model_from_config(
        Config(dict(model=model, default_scope='mmglm')))


def spec_num_classes(spec: ModelSpec) -> Optional[int]:
    """``model.head.num_classes`` of a config-based spec, if any."""
    if spec.kind in ('timm', 'backbone'):
        return None
    cfg = _spec_config(spec)
    head = cfg.model.get('head')
    if isinstance(head, dict):
        return head.get('num_classes')
    return None


def is_mm_model(model: nn.Module) -> bool:
    """True for mmengine ``BaseModel`` s (run with ``mode='tensor'``)."""
    from mmengine.model import BaseModel
    return isinstance(model, BaseModel)
