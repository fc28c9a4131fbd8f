# Copyright (c) mmglm contributors. All rights reserved.
"""Grad-CAM overlays for any mmglm classifier, with the ``grad-cam`` library
(``pytorch_grad_cam``; Selvaraju et al., "Grad-CAM", ICCV 2017).

The target layer is found by running the model once: the last backbone
module (in execution order) whose output is a feature map ``(B, C, h, w)``
or a token sequence ``(B, [k +] h*w, C)`` (ViT-style; ``k`` leading class
tokens are dropped and the rest reshaped to ``h x w``).
"""
import math
from typing import Callable, Optional, Tuple

import numpy as np
import torch
from torch import nn


def _grid(n: int) -> Optional[Tuple[int, int]]:
    side = int(math.isqrt(n))
    return (side, side) if side * side == n and side > 1 else None


def find_cam_layer(model: nn.Module, inputs: torch.Tensor
                   ) -> Tuple[str, nn.Module, Optional[Callable]]:
    """``(name, module, reshape_transform)`` of the Grad-CAM target layer."""
    backbone = model.model.backbone if hasattr(model, 'model') else \
        model.backbone
    seen = []
    hooks = []

    def record(name):

        def hook(module, args, output):
            if not isinstance(output, torch.Tensor):
                return
            if output.ndim == 4 and min(output.shape[-2:]) > 1:
                seen.append((name, module, None))
            elif output.ndim == 3:
                for k in (0, 1, 2):
                    grid = _grid(output.shape[1] - k)
                    if grid:
                        seen.append((name, module, _tokens_to_map(k, grid)))
                        break

        return hook

    for name, module in backbone.named_modules():
        if name and not list(module.children()):  # leaves only
            hooks.append(module.register_forward_hook(record(name)))
    try:
        with torch.no_grad():
            model(inputs[:1])
    finally:
        for h in hooks:
            h.remove()
    if not seen:
        raise RuntimeError('no feature-map or token output in the backbone '
                           'to place Grad-CAM on')
    return seen[-1]


def _tokens_to_map(skip: int, grid: Tuple[int, int]) -> Callable:

    def reshape(tokens: torch.Tensor) -> torch.Tensor:
        x = tokens[:, skip:, :]
        return x.reshape(x.shape[0], grid[0], grid[1],
                         x.shape[2]).permute(0, 3, 1, 2)

    return reshape


def gradcam_overlay(model: nn.Module, inputs: torch.Tensor,
                    image: np.ndarray, target: Optional[int] = None
                    ) -> Tuple[np.ndarray, str]:
    """Grad-CAM of class ``target`` (default: the top class) over ``image``.

    Args:
        model (nn.Module): ``inputs -> class scores``
            (:class:`mmglm.apis.ClassScores`).
        inputs (torch.Tensor): The preprocessed image, (1, 3, H, W).
        image (np.ndarray): RGB uint8 (H, W, 3), the same image at the
            model's input size.
        target (int, optional): The class to explain.

    Returns:
        tuple: The RGB uint8 overlay and the target layer's name.
    """
    from pytorch_grad_cam import GradCAM
    from pytorch_grad_cam.utils.image import show_cam_on_image
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    name, layer, reshape = find_cam_layer(model, inputs)
    targets = None if target is None else [ClassifierOutputTarget(target)]
    with GradCAM(model=model, target_layers=[layer],
                 reshape_transform=reshape) as cam:
        heat = cam(input_tensor=inputs[:1], targets=targets)[0]
    overlay = show_cam_on_image(
        image.astype(np.float32) / 255., heat, use_rgb=True)
    return overlay, name
