"""torch.compile on every registered backbone (tiny configs of tests/tiny_cfgs).

Every backbone, compiled with ``fullgraph=True`` (no graph break allowed)
unless ``KNOWN_BREAKS`` lists its breaks, must give the eager outputs (eval)
and the eager outputs and parameter gradients (train) within 1e-5 relative
(fp32). A break makes ``fullgraph=True`` fail; the failure then counts the
breaks with ``torch._dynamo.explain`` and lists their reasons. Models with
known breaks are compiled without ``fullgraph`` and their count is checked
with ``torch._dynamo.explain``, so that gaining (or losing) one fails too.
The README's Performance section names each known break.

The ``aot_eager`` backend runs dynamo and AOTAutograd (the traced forward
and the derived backward graph) with eager kernels: the capture is what
breaks models, and it costs seconds. In CI: eval mode for every backbone,
train mode for one per family; the rest, and inductor for one model per
family, are ``@pytest.mark.slow``.
"""
import copy

import pytest
import torch

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.tiny_cfgs import collect_tiny_cfgs

register_all_modules()
TINY_CFGS = collect_tiny_cfgs()

# name -> {mode: number of graph breaks}; every model not listed: 0.
KNOWN_BREAKS = {}

# one model per family: train mode in CI, inductor (slow)
FAMILY_CASES = ['GLMNet', 'SwinFCBackbone', 'BoTNet', 'T2TViT', 'NesT', 'ViT']

RTOL = 1e-5


def _build(name, train):
    case = TINY_CFGS[name]
    torch.manual_seed(0)
    model = MODELS.build(copy.deepcopy(case['cfg']))
    if hasattr(model, 'init_weights'):
        model.init_weights()
    model.train(train)
    torch.manual_seed(1)
    return model, torch.randn(*case['input_shape'])


def _breaks(name, mode):
    return KNOWN_BREAKS.get(name, {}).get(mode, 0)


def _rel_err(a, b):
    """max |a - b| / max |b| (0 when both are 0)."""
    scale = b.abs().max().clamp_min(1e-12)
    return float((a - b).abs().max() / scale)


def _assert_close(got, ref, what):
    err = _rel_err(got, ref)
    assert err <= RTOL, f'{what}: relative error {err:.2e} > {RTOL:g}'


def _explain(model, x):
    torch._dynamo.reset()
    explanation = torch._dynamo.explain(model)(x)
    torch._dynamo.reset()
    return explanation.graph_break_count, [
        str(b.reason).split('\n')[0] for b in explanation.break_reasons]


def _projection(outs):
    """A loss with non-degenerate gradients: fixed random weights times
    every output (a plain mean of squares of a LayerNorm output is constant
    and its gradient is rounding noise)."""
    gen = torch.Generator().manual_seed(3)
    return sum((o.float() * torch.randn(o.shape, generator=gen)).sum()
               for o in outs)


def _outputs_and_grads(fn, model, x):
    torch.manual_seed(2)  # the same dropout masks in both runs
    outs = fn(x)
    _projection(outs).backward()
    grads = {n: p.grad.detach().clone()
             for n, p in model.named_parameters() if p.grad is not None}
    return [o.detach() for o in outs], grads


def _check_compiled(name, backend, train):
    mode = 'train' if train else 'eval'
    model, x = _build(name, train=train)
    if backend == 'aot_eager':
        # Dropout layers as identity: under aot_eager, torch's eager
        # native_dropout_backward returns other strides than its meta
        # function promises and the traced backward's view fails (T2T-ViT's
        # Performer dropout). Inductor decomposes dropout: its test keeps
        # them on.
        for m in model.modules():
            if isinstance(m, torch.nn.Dropout):
                m.eval()
    compiled_model = copy.deepcopy(model)  # same weights, own grads/stats
    expected = _breaks(name, mode)
    if expected:
        count, reasons = _explain(copy.deepcopy(model), x)
        assert count == expected, (
            f'{name} ({mode}): {count} graph breaks, KNOWN_BREAKS says '
            f'{expected}; reasons: {reasons}')
    torch._dynamo.reset()
    compiled = torch.compile(compiled_model, backend=backend,
                             fullgraph=expected == 0)
    try:
        _compare(name, model, compiled, compiled_model, x, train)
    except torch._dynamo.exc.Unsupported:
        count, reasons = _explain(copy.deepcopy(model), x)
        pytest.fail(f'{name} ({mode}): {count} graph breaks (KNOWN_BREAKS: '
                    f'none): {reasons}')
    finally:
        torch._dynamo.reset()


def _compare(name, model, compiled, compiled_model, x, train):
    if not train:
        with torch.no_grad():
            ref, got = model(x), compiled(x)
        assert len(ref) == len(got)
        for i, (g, r) in enumerate(zip(got, ref)):
            _assert_close(g, r, f'{name} eval output {i}')
        return
    ref, ref_grads = _outputs_and_grads(model, model, x)
    got, got_grads = _outputs_and_grads(compiled, compiled_model, x)
    assert len(ref) == len(got)
    for i, (g, r) in enumerate(zip(got, ref)):
        _assert_close(g, r, f'{name} train output {i}')
    assert ref_grads.keys() == got_grads.keys()
    assert ref_grads, f'{name}: no gradients'
    for n in ref_grads:
        _assert_close(got_grads[n], ref_grads[n], f'{name} grad of {n}')


@pytest.mark.parametrize('name', sorted(TINY_CFGS))
def test_compiled_equals_eager_eval(name):
    _check_compiled(name, 'aot_eager', train=False)


@pytest.mark.parametrize('name', [
    n if n in FAMILY_CASES else pytest.param(n, marks=pytest.mark.slow)
    for n in sorted(TINY_CFGS)
])
def test_compiled_equals_eager_train(name):
    _check_compiled(name, 'aot_eager', train=True)


def test_every_family_is_covered():
    missing = [n for n in FAMILY_CASES if n not in TINY_CFGS]
    assert not missing, f'FAMILY_CASES names unknown backbones: {missing}'


@pytest.mark.slow
@pytest.mark.parametrize('mode', ['eval', 'train'])
@pytest.mark.parametrize('name', FAMILY_CASES)
def test_inductor_equals_eager(name, mode):
    # inductor draws dropout masks with its own RNG unless told otherwise
    import torch._inductor.config as inductor_config
    with inductor_config.patch(fallback_random=True):
        _check_compiled(name, 'inductor', train=mode == 'train')
