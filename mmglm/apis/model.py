# Copyright (c) mmglm contributors. All rights reserved.
"""Build a model by name or config through ``mmpretrain.get_model`` and load
a checkpoint strictly."""
import os.path as osp
from pathlib import Path
from typing import Optional, Union

import numpy as np
import torch
from mmengine.config import Config


def build_model(model: Union[str, Config],
                checkpoint: Optional[str] = None,
                device: str = 'cpu',
                **kwargs) -> torch.nn.Module:
    """``mmpretrain.get_model`` plus a strict checkpoint load.

    Args:
        model (str | Config): A model name of ``mmpretrain.list_models()``
            (mmglm's included), a config path or a Config.
        checkpoint (str, optional): An mmengine checkpoint; every key must
            match the model (:func:`load_checkpoint_strict`).
        device (str): Defaults to ``'cpu'``.
        **kwargs: Overrides of the config's ``model`` (as ``get_model``).

    Raises:
        ValueError: An unknown model name, with the closest names.
        FileNotFoundError: A config or checkpoint file that does not exist.
    """
    from mmpretrain.apis import ModelHub, get_model

    from mmglm.utils.model_hub import close_model_names
    if isinstance(model, (str, Path)):
        model = str(model)
        if model.endswith('.py'):
            if not osp.isfile(model):
                raise FileNotFoundError(f'config {model} does not exist')
        else:
            ModelHub._register_mmpretrain_models()
            if not ModelHub.has(model.lower()):
                close = close_model_names(model)
                raise ValueError(
                    f'unknown model name {model!r}; closest names: '
                    f'{", ".join(close) or "none"} (all: '
                    'mmpretrain.list_models(), or give a config path)')
    net = get_model(model, pretrained=False, device=device, **kwargs)
    if checkpoint:
        meta = load_checkpoint_strict(net, checkpoint)
        if 'dataset_meta' in meta:
            net._dataset_meta = meta['dataset_meta']
    return net.eval()


def load_checkpoint_strict(model: torch.nn.Module, filename: str) -> dict:
    """Load an mmengine checkpoint; any key that does not match is an error.

    Returns:
        dict: The checkpoint's ``meta`` (empty when absent).

    Raises:
        FileNotFoundError: ``filename`` does not exist.
        KeyError: a missing or unexpected key (the first one is named, with
            the file): most likely a checkpoint of another architecture.
        RuntimeError: a shape mismatch, naming the file and the key.
    """
    from mmengine.runner.checkpoint import _load_checkpoint

    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} does not exist')
    ckpt = _load_checkpoint(filename, map_location='cpu')
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else ckpt
    if not isinstance(state, dict):
        raise TypeError(f'{filename} holds no state dict')
    state = {k[len('module.'):] if k.startswith('module.') else k: v
             for k, v in state.items()}
    own = model.state_dict()
    name = type(model.backbone if hasattr(model, 'backbone') else model)
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    if missing or unexpected:
        key, where = (missing[0], 'missing from the checkpoint') if missing \
            else (unexpected[0], f'not in the model ({name.__name__})')
        raise KeyError(
            f'{filename} does not match the model: key {key!r} is {where} '
            f'({len(missing)} missing, {len(unexpected)} unexpected keys). '
            'Is it a checkpoint of another architecture or config?')
    for key, value in state.items():
        if tuple(value.shape) != tuple(own[key].shape):
            raise RuntimeError(
                f'{filename} does not match the model: {key} has shape '
                f'{tuple(value.shape)} in the checkpoint, '
                f'{tuple(own[key].shape)} in the model (another size or '
                'number of classes?)')
    model.load_state_dict(state, strict=True)
    return ckpt.get('meta', {}) or {}


def read_image(path: str) -> np.ndarray:
    """Read an image (BGR, as mmcv), naming the file when that fails."""
    import mmcv
    if not osp.isfile(path):
        raise FileNotFoundError(f'image {path} does not exist')
    try:
        img = mmcv.imread(path)
    except Exception as e:  # noqa: BLE001
        raise ValueError(f'cannot read image {path}: {e}') from None
    if img is None:
        raise ValueError(f'cannot read image {path}: not an image file '
                         'OpenCV can decode (JPEG, PNG, BMP, ...)')
    return img


class ClassScores(torch.nn.Module):
    """A classifier as ``inputs -> class scores`` (or backbone features).

    The scores are the logits the classifier predicts from: its head's
    output, summed over SwinFC's staged heads as its ``predict`` does.
    ``backbone=True`` returns the backbone's feature maps instead.
    """

    def __init__(self, model: torch.nn.Module, backbone: bool = False):
        super().__init__()
        self.model = model
        self.backbone = backbone

    def forward(self, x: torch.Tensor):
        if self.backbone:
            feats = self.model.extract_feat(x, stage='backbone')
            return tuple(feats) if isinstance(feats, (tuple, list)) else feats
        head = self.model.head
        scores = head(self.model.extract_feat(x))
        if isinstance(scores, (tuple, list)):  # SwinFC's staged head
            mode = getattr(head, 'predict_mode', 'sum')
            scores = scores[0] if mode == 'backbone' else sum(scores)
        return scores


def preprocess(model: torch.nn.Module, images) -> tuple:
    """The config's test pipeline and data preprocessor on image files.

    Returns:
        tuple: ``(inputs, shown)``: the batch (N, 3, H, W) the model takes
        and the RGB uint8 images at that size (for overlays).
    """
    from mmengine.dataset import default_collate
    from mmpretrain.apis import ImageClassificationInferencer

    pipeline = ImageClassificationInferencer(model, device='cpu').pipeline
    samples = []
    for path in images:
        img = read_image(path)
        samples.append(
            pipeline(
                dict(img=img, img_shape=img.shape[:2],
                     ori_shape=img.shape[:2])))
    batch = default_collate(samples)
    shown = [s['inputs'].flip(0).permute(1, 2, 0).numpy().astype(np.uint8)
             for s in samples]  # packed inputs are BGR (C, H, W)
    device = next(model.parameters()).device
    inputs = model.data_preprocessor(batch, False)['inputs'].to(device)
    return inputs, shown
