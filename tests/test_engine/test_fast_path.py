"""mmglm.engine.apply_fast_path (--compile / --amp) and AutocastOptimWrapper."""
import pytest
import torch
import torch.nn as nn
from mmengine.config import Config

from mmglm.engine import AutocastOptimWrapper, apply_fast_path


def _cfg():
    return Config(dict(optim_wrapper=dict(
        type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1)),
        custom_hooks=[dict(type='NonFiniteLossHook')]))


def test_amp_picks_bf16_on_cpu_and_fp16_with_scaler_on_cuda():
    cpu = apply_fast_path(_cfg(), amp=True, device='cpu').optim_wrapper
    assert (cpu.type, cpu.dtype) == ('AutocastOptimWrapper', 'bfloat16')
    assert 'loss_scale' not in cpu
    cuda = apply_fast_path(_cfg(), amp=True, device='cuda').optim_wrapper
    assert (cuda.type, cuda.dtype, cuda.loss_scale) == (
        'AmpOptimWrapper', 'float16', 'dynamic')
    bf16 = apply_fast_path(_cfg(), amp='bfloat16',
                           device='cuda').optim_wrapper
    assert (bf16.type, bf16.dtype) == ('AutocastOptimWrapper', 'bfloat16')
    with pytest.raises(ValueError, match='float16 needs CUDA'):
        apply_fast_path(_cfg(), amp='float16', device='cpu')
    assert apply_fast_path(_cfg()).optim_wrapper.type == 'OptimWrapper'


def test_compile_sets_the_runner_key_and_the_hook():
    cfg = apply_fast_path(_cfg(), compile='aot_eager')
    assert cfg.compile == dict(backend='aot_eager')
    assert [h['type'] for h in cfg.custom_hooks] == [
        'NonFiniteLossHook', 'CompiledTrainStepHook']
    assert apply_fast_path(_cfg(), compile=True).compile == {}
    # a config that sets compile=True itself gets the hook once
    cfg = _cfg()
    cfg.compile = True
    apply_fast_path(apply_fast_path(cfg))
    assert [h['type'] for h in cfg.custom_hooks].count(
        'CompiledTrainStepHook') == 1
    assert 'compile' not in apply_fast_path(_cfg())


def test_autocast_optim_wrapper_runs_bf16_and_updates():
    torch.manual_seed(0)
    model = nn.Linear(4, 2)
    wrapper = AutocastOptimWrapper(
        optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    before = model.weight.detach().clone()
    with wrapper.optim_context(model):
        out = model(torch.randn(3, 4))
    assert out.dtype == torch.bfloat16
    wrapper.update_params(out.float().square().mean())
    assert not torch.equal(before, model.weight)
    with pytest.raises(ValueError, match='CPU autocast supports only'):
        with AutocastOptimWrapper(
                dtype='float16', optimizer=torch.optim.SGD(
                    model.parameters(), lr=0.1)).optim_context(model):
            pass
