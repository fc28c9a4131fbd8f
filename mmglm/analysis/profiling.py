# Copyright (c) mmglm contributors. All rights reserved.
"""Where a training step spends its time: ``torch.profiler`` by op kind.

The benchmark (:mod:`mmglm.analysis.benchmark`) says *how fast* a step is;
this says *where* its CPU time goes, for an eager and a compiled copy of one
model under the same settings, so that a missed compile target (issue 16)
can be explained. Self CPU time of every profiled op is summed into kinds
(convolution, matmul, attention, normalisation, fused inductor kernels,
optimizer, copies and layout, other) by op name.
"""
import re
from typing import Callable, Dict, List, Sequence, Tuple

import torch
import torch.nn as nn
from torch.profiler import ProfilerActivity, profile

from .benchmark import BenchSettings, _Runner
from .compiled import allow_recompiles
from .models import ModelSpec, build_spec

__all__ = [
    'OP_KINDS', 'op_kind', 'profile_train_steps', 'format_profile',
    'set_inductor_options'
]

#: (kind, pattern on the lower-cased op name), first match wins.
OP_KINDS: Tuple[Tuple[str, str], ...] = (
    ('optimizer', r'adam|_foreach|optimizer'),
    ('fused inductor kernel', r'cpp_fused|kernel_cpp|triton_'),
    ('convolution', r'conv'),
    ('attention', r'scaled_dot_product|_flash|attention|softmax'),
    ('matmul', r'(^|::|_)(mm|addmm|bmm|baddbmm|matmul|linear)(_|$)'),
    ('normalisation', r'batch_norm|layer_norm|group_norm|_norm'),
    ('copies and layout', r'copy|clone|contiguous|cat$|::cat|permute|'
     r'transpose|reshape|view|as_strided|empty|zero|fill|index|slice|'
     r'select|stack|pad|unfold|split'),
)


def op_kind(name: str) -> str:
    """The kind of a profiled op (``'other'`` when no pattern matches)."""
    low = name.lower()
    for kind, pattern in OP_KINDS:
        if re.search(pattern, low):
            return kind
    return 'other'


def _profile(runner: _Runner, steps: int) -> dict:
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            runner.train_step()
    kinds: Dict[str, float] = {}
    ops: List[Tuple[str, float]] = []
    calls: Dict[str, float] = {}
    for evt in prof.key_averages():
        calls[evt.key] = evt.count / steps
        ms = evt.self_cpu_time_total / 1e3 / steps
        if ms <= 0:
            continue
        kinds[op_kind(evt.key)] = kinds.get(op_kind(evt.key), 0.) + ms
        ops.append((evt.key, ms))
    ops.sort(key=lambda o: -o[1])
    return dict(kinds=kinds, ops=ops, calls=calls, total=sum(kinds.values()))


def profile_train_steps(
        spec: ModelSpec,
        settings: BenchSettings,
        builder: Callable[..., nn.Module] = build_spec) -> Dict[str, dict]:
    """Profile ``settings.iters`` training steps of an eager and a compiled
    copy of ``spec``.

    Both copies start from the same weights and run the benchmark's step
    (forward, loss, backward, AdamW) on a fixed batch after
    ``settings.warmup`` steps (the compiled copy compiles during its
    warm-up).

    Args:
        spec (ModelSpec): The model.
        settings (BenchSettings): Batch, size, threads, compile backend;
            ``iters`` profiled steps after ``warmup`` steps.
        builder (callable): As in :func:`run_benchmark` (tests pass toys).

    Returns:
        dict: ``{'eager'|'compiled': {'kinds': {kind: ms per step},
        'ops': [(op, ms per step), ...] (descending), 'calls': {op: calls
        per step}, 'total': ms per step}}``.
    """
    if settings.threads:
        torch.set_num_threads(settings.threads)
    # Name inductor's C++ kernels in the profile instead of one opaque call.
    import torch._inductor.config as inductor_config
    inductor_config.cpp.enable_kernel_profile = True
    allow_recompiles(2)
    model = builder(spec, num_classes=settings.num_classes,
                       input_size=settings.input_size)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    result = {}
    for name, compiled in (('eager', False), ('compiled', True)):
        model.load_state_dict(state)
        runner = _Runner(model, settings, compiled=compiled)
        for _ in range(settings.warmup):
            runner.train_step()
        result[name] = _profile(runner, settings.iters)
    return result


def format_profile(result: Dict[str, dict], settings: BenchSettings,
                   label: str, top: int = 12) -> str:
    """Markdown: ms per step by kind (eager, compiled, ratio), then the
    top ops of each copy."""
    kinds: Sequence[str] = [k for k, _ in OP_KINDS] + ['other']
    eager, comp = result['eager'], result['compiled']
    lines = [f'### {label}: self CPU time of one training step', '',
             f'Settings: {settings.describe()}.', '',
             '| op kind | eager (ms) | compiled (ms) | compiled / eager |',
             '|:---|---:|---:|---:|']
    for k in kinds + ['total']:
        e = eager['total'] if k == 'total' else eager['kinds'].get(k, 0.)
        c = comp['total'] if k == 'total' else comp['kinds'].get(k, 0.)
        if not (e or c):
            continue
        ratio = f'{c / e:.2f}' if e else '-'
        name = f'**{k}**' if k == 'total' else k
        lines.append(f'| {name} | {e:.1f} | {c:.1f} | {ratio} |')
    for name in ('eager', 'compiled'):
        lines += ['', f'Top {top} ops, {name} (ms per step, self CPU):', '',
                  '| op | kind | ms |', '|:---|:---|---:|']
        for op, ms in result[name]['ops'][:top]:
            lines.append(f'| `{op[:70]}` | {op_kind(op)} | {ms:.1f} |')
    return '\n'.join(lines) + '\n'


def set_inductor_options(options: Sequence[str]) -> None:
    """Set ``torch._inductor.config`` from ``KEY=VALUE`` strings (values
    read as Python literals); an unknown key raises ``KeyError`` naming it.
    """
    import ast

    import torch._inductor.config as inductor_config
    for opt in options:
        key, sep, value = opt.partition('=')
        if not sep:
            raise ValueError(f'inductor option {opt!r}: expected KEY=VALUE')
        *parents, leaf = key.split('.')
        target = inductor_config
        for part in parents:
            target = getattr(target, part)
        if not hasattr(target, leaf):
            raise KeyError(f'torch._inductor.config has no {key!r}')
        setattr(target, leaf, ast.literal_eval(value))
