# Copyright (c) mmglm contributors. All rights reserved.
"""Loading helpers of mmglm's tools (ONNX export, the Gradio demo) on top of
``mmpretrain.apis``, with errors that name the model, file or key."""
from .model import (ClassScores, build_model, load_checkpoint_strict,
                    preprocess, read_image)

__all__ = [
    'ClassScores', 'build_model', 'load_checkpoint_strict', 'preprocess',
    'read_image'
]
