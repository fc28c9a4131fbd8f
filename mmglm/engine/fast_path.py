# Copyright (c) mmglm contributors. All rights reserved.
"""The fast path of training: ``torch.compile`` and mixed precision.

``tools/train.py --compile [BACKEND]`` and ``--amp [DTYPE]`` call
:func:`apply_fast_path`, which only sets config keys:

- ``compile``: mmengine's Runner reads ``cfg.compile`` (``True`` or a dict of
  :func:`torch.compile` kwargs) and compiles the model's ``train_step`` as a
  function attribute. The module is not wrapped (no ``OptimizedModule``), so
  checkpoints keep their plain keys (no ``_orig_mod.``) and load into an
  eager model, and ``--resume`` works as without compile. Validation and
  testing run eager. A ``CompiledTrainStepHook`` is added to
  ``custom_hooks`` (whenever ``cfg.compile`` is set, by ``--compile`` or in
  the config): dynamo then traces preprocessing, forward and loss, and the
  backward and optimizer step run eagerly (see
  ``mmglm/engine/hooks/compiled_train_step.py``).
- ``optim_wrapper``: fp16 with a dynamic loss scaler on CUDA (mmengine's
  ``AmpOptimWrapper``, ``dtype='float16'``); bf16 on a CPU, or when asked for
  on CUDA, through :class:`AutocastOptimWrapper` (autocast only: bf16 has
  fp32's exponent range and needs no loss scaling). mmengine's
  ``AmpOptimWrapper`` refuses to start without an accelerator.
"""
from contextlib import contextmanager
from typing import Optional, Union

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.optim import OptimWrapper

from mmglm.registry import OPTIM_WRAPPERS

__all__ = ['AutocastOptimWrapper', 'apply_fast_path', 'amp_dtype_for']

AMP_DTYPES = ('float16', 'bfloat16')


@OPTIM_WRAPPERS.register_module()
class AutocastOptimWrapper(OptimWrapper):
    """``OptimWrapper`` whose forward runs under :func:`torch.autocast`, on the
    device of the model's parameters, without loss scaling.

    For bf16 (CPU autocast supports only bf16; on GPUs bf16 needs no loss
    scaler either). Use mmengine's ``AmpOptimWrapper`` for fp16.

    Args:
        dtype (str | torch.dtype): Autocast dtype. Defaults to
            ``'bfloat16'``.
        **kwargs: Passed to :class:`mmengine.optim.OptimWrapper`
            (``optimizer``, ``clip_grad``, ``accumulative_counts``).
    """

    def __init__(self, dtype: Union[str, torch.dtype] = 'bfloat16',
                 **kwargs):
        super().__init__(**kwargs)
        if isinstance(dtype, str):
            if dtype not in AMP_DTYPES:
                raise ValueError(f'AutocastOptimWrapper: dtype must be one '
                                 f'of {AMP_DTYPES}, got {dtype!r}')
            dtype = getattr(torch, dtype)
        self.cast_dtype = dtype

    @contextmanager
    def optim_context(self, model: nn.Module):
        param = next(model.parameters(), None)
        device_type = 'cpu' if param is None else param.device.type
        if device_type == 'cpu' and self.cast_dtype != torch.bfloat16:
            raise ValueError('CPU autocast supports only bfloat16, got '
                             f'{self.cast_dtype}: use --amp bfloat16 (or '
                             'train on CUDA for float16).')
        with super().optim_context(model), torch.autocast(
                device_type=device_type, dtype=self.cast_dtype):
            yield


def amp_dtype_for(device: str, dtype: Optional[str] = None) -> str:
    """The autocast dtype of ``--amp``: ``dtype`` if given, else fp16 on
    CUDA and bf16 elsewhere (CPU autocast has bf16 only)."""
    if dtype in (None, 'auto'):
        return 'float16' if device.startswith('cuda') else 'bfloat16'
    if dtype not in AMP_DTYPES:
        raise ValueError(f'--amp {dtype!r}: expected one of {AMP_DTYPES}')
    if dtype == 'float16' and not device.startswith('cuda'):
        raise ValueError('--amp float16 needs CUDA (CPU autocast supports '
                         'only bfloat16): use --amp or --amp bfloat16.')
    return dtype


def apply_fast_path(cfg: Config,
                    compile: Union[None, bool, str, dict] = None,
                    amp: Union[None, bool, str] = None,
                    device: Optional[str] = None) -> Config:
    """Set ``cfg.compile`` and ``cfg.optim_wrapper`` for compile and AMP.

    Args:
        cfg (Config): The merged config (changed in place and returned).
        compile (bool | str | dict, optional): ``True`` (inductor), a
            backend name (``'inductor'``, ``'aot_eager'``, ...) or a dict of
            :func:`torch.compile` kwargs. None / False: leave the config as
            it is.
        amp (bool | str, optional): ``True`` / ``'auto'`` (fp16 + loss
            scaler on CUDA, bf16 on CPU), ``'float16'`` or ``'bfloat16'``.
            None / False: leave the config as it is.
        device (str, optional): Where training runs; defaults to ``'cuda'``
            when CUDA is available, else ``'cpu'``.
    """
    if compile:
        if compile is True:
            compile = dict()
        elif isinstance(compile, str):
            compile = dict(backend=compile)
        cfg.compile = dict(compile)
    if cfg.get('compile'):
        hooks = list(cfg.get('custom_hooks', None) or [])
        if not any(h.get('type') == 'CompiledTrainStepHook' for h in hooks):
            hooks.append(dict(type='CompiledTrainStepHook'))
        cfg.custom_hooks = hooks
    if amp:
        device = device or ('cuda' if torch.cuda.is_available() else 'cpu')
        dtype = amp_dtype_for(device, None if amp is True else amp)
        wrapper = cfg.optim_wrapper
        for key in ('loss_scale', 'dtype', 'use_fsdp'):
            wrapper.pop(key, None)
        if dtype == 'float16':
            wrapper.type = 'AmpOptimWrapper'
            wrapper.loss_scale = 'dynamic'
        else:
            wrapper.type = 'AutocastOptimWrapper'
        wrapper.dtype = dtype
    return cfg
