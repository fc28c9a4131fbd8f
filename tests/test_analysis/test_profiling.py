"""tools/analysis/profile_step.py: op kinds, per-step counts and the table.

A toy model with a known number of convolutions and linear layers gives a
known number of calls per step of each op; the kinds are hand-classified
names from a real GLMNet-tiny profile (eager and inductor).
"""

import pytest
import torch.nn as nn

from mmglm.analysis.benchmark import BenchSettings
from mmglm.analysis.models import ModelSpec
from mmglm.analysis.profiling import (format_profile, op_kind,
                                      profile_train_steps,
                                      set_inductor_options)
from tests.utils import load_script


@pytest.mark.parametrize('name,kind', [
    ('aten::convolution_backward', 'convolution'),
    ('aten::mkldnn_convolution', 'convolution'),
    ('aten::mm', 'matmul'),
    ('aten::addmm', 'matmul'),
    ('aten::_scaled_dot_product_flash_attention_for_cpu_backward',
     'attention'),
    ('aten::native_batch_norm_backward', 'normalisation'),
    ('aten::native_layer_norm', 'normalisation'),
    ('graph_0_cpp_fused_convolution_backward_gelu_gelu_backward',
     'fused inductor kernel'),
    ('Optimizer.step#AdamW.step', 'optimizer'),
    ('aten::_foreach_add_', 'optimizer'),
    ('aten::copy_', 'copies and layout'),
    ('aten::cat', 'copies and layout'),
    ('aten::gelu', 'other'),
    ('aten::gelu_backward', 'other'),
    ('aten::masked_fill_', 'copies and layout'),
])
def test_op_kind(name, kind):
    assert op_kind(name) == kind


class TwoConvOneLinear(nn.Module):

    def __init__(self, num_classes):
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(),
            nn.Conv2d(4, 4, 3, padding=1))
        self.fc = nn.Linear(4, num_classes)

    def forward(self, x):
        return self.fc(self.convs(x).mean((2, 3)))


def test_profile_counts_calls_per_step():
    settings = BenchSettings(batch_size=2, input_size=(8, 8), num_classes=3,
                             compile=True, compile_backend='eager',
                             rounds=1, iters=2, warmup=1, memory=False)
    result = profile_train_steps(
        ModelSpec('toy', 'toy', 'toy'), settings,
        builder=lambda spec, num_classes, input_size: TwoConvOneLinear(
            num_classes))
    for name in ('eager', 'compiled'):
        r = result[name]
        # two convolutions forward and two backward, one linear, per step
        assert r['calls']['aten::convolution'] == 2
        assert r['calls']['aten::convolution_backward'] == 2
        assert r['calls']['aten::addmm'] == 1
        assert r['kinds']['convolution'] > 0 and r['kinds']['matmul'] > 0
        assert r['total'] == pytest.approx(sum(r['kinds'].values()))
        times = [ms for _, ms in r['ops']]
        assert times == sorted(times, reverse=True)
    table = format_profile(result, settings, 'toy', top=3)
    assert '| convolution |' in table and '**total**' in table
    assert table.count('Top 3 ops') == 2
    assert '1 rounds x 2 iters (warm-up 1)' in table


def test_inductor_options():
    import torch._inductor.config as cfg
    old = cfg.layout_optimization, cfg.cpp.enable_kernel_profile
    try:
        set_inductor_options(['layout_optimization=False',
                              'cpp.enable_kernel_profile=True'])
        assert cfg.layout_optimization is False
        assert cfg.cpp.enable_kernel_profile is True
        with pytest.raises(KeyError, match='no_such_knob'):
            set_inductor_options(['no_such_knob=1'])
        with pytest.raises(ValueError, match='KEY=VALUE'):
            set_inductor_options(['layout_optimization'])
    finally:
        cfg.layout_optimization, cfg.cpp.enable_kernel_profile = old


def test_cli_help():
    mod = load_script('tools/analysis/profile_step.py')
    with pytest.raises(SystemExit):
        mod.main(['--help'])
