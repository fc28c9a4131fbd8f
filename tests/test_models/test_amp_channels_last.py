"""bf16 autocast (CPU) and channels_last against fp32 for every backbone.

Every registered backbone (tiny configs of tests/tiny_cfgs), eval mode:

- ``torch.autocast('cpu', torch.bfloat16)``: each output within
  ``BF16_TOL`` relative L2 error (``||out - ref|| / ||ref||``) of the fp32
  outputs, and not equal to them (autocast did run in bf16);
- ``channels_last`` weights and input: each output within ``CL_TOL``
  relative (max-abs) of the NCHW fp32 outputs; same precision, only the
  kernels' summation order changes.

The tolerances are the ones the README's Performance section states.
"""
import copy

import pytest
import torch

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.tiny_cfgs import collect_tiny_cfgs

register_all_modules()
TINY_CFGS = collect_tiny_cfgs()

BF16_TOL = 0.03  # relative L2 error, bf16 autocast vs fp32 (seen: <= 0.01)
CL_TOL = 1e-5  # relative max-abs error, channels_last vs NCHW (fp32)


def _model_and_input(name):
    case = TINY_CFGS[name]
    torch.manual_seed(0)
    model = MODELS.build(copy.deepcopy(case['cfg']))
    if hasattr(model, 'init_weights'):
        model.init_weights()
    model.eval()
    torch.manual_seed(1)
    return model, torch.randn(*case['input_shape'])


@pytest.mark.parametrize('name', sorted(TINY_CFGS))
def test_bf16_autocast_close_to_fp32(name):
    model, x = _model_and_input(name)
    with torch.no_grad():
        ref = model(x)
        with torch.autocast('cpu', dtype=torch.bfloat16):
            got = model(x)
    assert len(got) == len(ref)
    for i, (g, r) in enumerate(zip(got, ref)):
        g = g.float()
        assert torch.isfinite(g).all(), f'{name} output {i}: not finite'
        assert not torch.equal(g, r), f'{name} output {i}: bf16 not used'
        err = float((g - r).norm() / r.norm())
        assert err <= BF16_TOL, (
            f'{name} output {i}: bf16 relative L2 error {err:.3g} > '
            f'{BF16_TOL}')


@pytest.mark.parametrize('name', sorted(TINY_CFGS))
def test_channels_last_equals_nchw(name):
    model, x = _model_and_input(name)
    cl_model = copy.deepcopy(model).to(memory_format=torch.channels_last)
    x_cl = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        ref = model(x)
        got = cl_model(x_cl)
    for i, (g, r) in enumerate(zip(got, ref)):
        err = float((g - r).abs().max() / r.abs().max())
        assert err <= CL_TOL, (
            f'{name} output {i}: channels_last relative error {err:.2e} > '
            f'{CL_TOL:g}')
