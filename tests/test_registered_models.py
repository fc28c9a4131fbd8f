"""One generic test that every registered mmglm backbone passes.

For each backbone class that mmglm registers, a tiny config from
``tests/tiny_cfgs`` must exist; the built model must return a tuple of finite
feature maps, respond to its input (different images give different
features) and pass gradients to every trainable parameter (as timm's
``test_model_backward``).
"""
import inspect

import pytest
import torch

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.tiny_cfgs import collect_tiny_cfgs

register_all_modules()
TINY_CFGS = collect_tiny_cfgs()


def _mmglm_backbones():
    names = []
    for name, cls in MODELS.module_dict.items():
        if inspect.getmodule(cls).__name__.startswith(
                'mmglm.models.backbones'):
            names.append(name)
    return sorted(names)


def test_every_backbone_has_a_tiny_config():
    missing = [n for n in _mmglm_backbones() if n not in TINY_CFGS]
    assert not missing, (
        f'registered backbones without an entry in tests/tiny_cfgs: {missing}')


@pytest.mark.parametrize('name', sorted(TINY_CFGS))
def test_forward_backward(name):
    case = TINY_CFGS[name]
    torch.manual_seed(0)
    model = MODELS.build(case['cfg'])
    if hasattr(model, 'init_weights'):
        model.init_weights()
    model.train()
    x = torch.randn(*case['input_shape'])
    outs = model(x)
    assert isinstance(outs, tuple) and len(outs) > 0
    for out in outs:
        assert torch.isfinite(out).all(), name
    # The features depend on the input: a model that ignores it fails.
    model.eval()
    with torch.no_grad():
        a = model(x)[-1]
        b = model(torch.randn_like(x))[-1]
    assert not torch.allclose(a, b), f'{name} output does not depend on input'
    model.train()
    loss = sum(o.float().mean() for o in model(x))
    loss.backward()
    no_grad = [
        n for n, p in model.named_parameters()
        if p.requires_grad and (p.grad is None or not p.grad.abs().sum() > 0)
    ]
    # Parameters gated by zero-initialised scalars get their gradient through
    # the gate only; models list such names in `zero_grad_at_init`.
    allowed = set(case.get('zero_grad_at_init', ()))
    no_grad = [n for n in no_grad if not any(a in n for a in allowed)]
    assert not no_grad, f'{name}: parameters without gradient: {no_grad}'
