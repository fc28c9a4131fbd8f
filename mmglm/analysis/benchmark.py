# Copyright (c) mmglm contributors. All rights reserved.
"""Side-by-side speed and memory of several models in one process.

Every model gets the same input size, batch, dtype, memory format and thread
count. Rounds are interleaved (round ``r`` times every model once, in an
order rotated by ``r``), so slow drifts of the machine (other jobs, thermal
throttling) hit all models alike; medians over rounds and the per-round
paired ratios are reported. Timed: the model forward only (backbone + neck +
head, ``mode='tensor'``, no data preprocessor and no data loading) and a
training step (forward, cross-entropy loss, backward, optimizer step). The
same AdamW optimizer is used for every model.

With ``compile`` every step is compiled (``torch.compile``, static shapes;
see ``mmglm/analysis/compiled.py``), and a model can be compiled or eager on
its own (``run_benchmark(compiled=...)``), so compiled and eager copies run
side by side. The first call of each step (compile + run) is timed apart:
compile time is that first call minus the steady-state step time, reported
separately from the throughputs.

Peak memory is measured once per model and mode, outside the timed loops:
on GPU ``torch.cuda.max_memory_allocated`` above the memory in use before
the step; on CPU the growth of the process' peak RSS (``VmHWM``, reset
through ``/proc/self/clear_refs``) during the step, after ``malloc_trim``.
Both are reported with the model's own static tensors (parameters, buffers,
and for training gradients and optimizer state) added.
"""
import ctypes
import gc
import statistics
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from .compiled import allow_recompiles, compile_step
from .models import ModelSpec, build_spec, is_mm_model

__all__ = [
    'BenchSettings', 'BenchEntry', 'run_benchmark', 'pair_ratios',
    'format_markdown', 'cpu_peak_rss_supported'
]


@dataclass
class BenchSettings:
    """What every model is run with (one value for all models)."""
    batch_size: int = 32
    input_size: Tuple[int, int] = (224, 224)
    num_classes: int = 1000
    device: str = 'cpu'
    threads: Optional[int] = None
    amp: bool = False
    amp_dtype: Optional[str] = None  # default: float16 on cuda, bf16 on cpu
    channels_last: bool = False
    compile: bool = False
    compile_backend: str = 'inductor'
    compile_mode: Optional[str] = None
    rounds: int = 5
    iters: int = 10
    warmup: int = 3
    latency_batch: Optional[int] = 1  # None: no latency measurement
    train: bool = True
    memory: bool = True
    lr: float = 1e-4

    @property
    def autocast_dtype(self) -> torch.dtype:
        if self.amp_dtype:
            return getattr(torch, self.amp_dtype)
        return torch.float16 if self.device.startswith('cuda') \
            else torch.bfloat16

    def describe(self) -> str:
        threads = torch.get_num_threads()
        dev = self.device
        if dev.startswith('cuda'):
            dev += f' ({torch.cuda.get_device_name(dev)})'
        amp = f'AMP {str(self.autocast_dtype).split(".")[-1]}' \
            if self.amp else 'fp32'
        h, w = self.input_size
        return (f'device {dev}, torch {torch.__version__}, {threads} '
                f'threads, batch {self.batch_size}, input {h}x{w}, {amp}, '
                f'{"channels_last" if self.channels_last else "NCHW"}, '
                f'{self._compile_text()}, '
                f'{self.num_classes} classes, {self.rounds} rounds x '
                f'{self.iters} iters (warm-up {self.warmup})')

    def _compile_text(self) -> str:
        if not self.compile:
            return 'eager'
        extra = [self.compile_backend] + (
            [self.compile_mode] if self.compile_mode else [])
        return f'torch.compile ({", ".join(extra)})'


@dataclass
class BenchEntry:
    """One model under test and its measurements (seconds per batch)."""
    spec: ModelSpec
    label: str
    params: int = 0
    infer: List[float] = field(default_factory=list)
    latency: List[float] = field(default_factory=list)
    train: List[float] = field(default_factory=list)
    mem_infer: Optional[float] = None  # bytes
    mem_train: Optional[float] = None  # bytes
    error: Optional[str] = None
    compiled: bool = False
    # first call minus steady-state step time, per kind (compiled only)
    compile_s: Dict[str, float] = field(default_factory=dict)
    first_call: Dict[str, float] = field(default_factory=dict)

    def throughput(self, kind: str, batch: int) -> Optional[float]:
        times = getattr(self, kind)
        return batch / statistics.median(times) if times else None

    def spread(self, kind: str) -> Optional[float]:
        """(max - min) / median of the per-round times, in percent."""
        times = getattr(self, kind)
        if len(times) < 2:
            return None
        return 100.0 * (max(times) - min(times)) / statistics.median(times)

    def to_dict(self, batch: int) -> dict:
        return dict(
            label=self.label, spec=self.spec.text, params=self.params,
            infer_s=self.infer, latency_s=self.latency, train_s=self.train,
            infer_img_s=self.throughput('infer', batch),
            train_img_s=self.throughput('train', batch),
            latency_ms=(1000 * statistics.median(self.latency)
                        if self.latency else None),
            mem_infer_mb=_mb(self.mem_infer), mem_train_mb=_mb(self.mem_train),
            compiled=self.compiled, compile_s=self.compile_s,
            error=self.error)

    def settle_compile_times(self) -> None:
        """``compile_s`` = first call - median steady-state step."""
        for kind, first in self.first_call.items():
            times = getattr(self, kind)
            steady = statistics.median(times) if times else 0.0
            self.compile_s[kind] = max(first - steady, 0.0)


def _mb(value: Optional[float]) -> Optional[float]:
    return None if value is None else value / 2**20


# ---------------------------------------------------------------- memory --
def _proc_status_kb(key: str) -> Optional[int]:
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(key + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def _malloc_trim() -> None:
    try:
        ctypes.CDLL('libc.so.6').malloc_trim(0)
    except (OSError, AttributeError):
        pass


def cpu_peak_rss_supported() -> bool:
    """Whether peak RSS can be reset here (Linux: /proc/self/clear_refs)."""
    return _proc_status_kb('VmHWM') is not None and _reset_peak_rss()


def _measure_peak(fn: Callable[[], None], device: str) -> Optional[float]:
    """Peak bytes allocated during ``fn`` above what was in use before."""
    gc.collect()
    if device.startswith('cuda'):
        torch.cuda.synchronize(device)
        torch.cuda.empty_cache()
        base = torch.cuda.memory_allocated(device)
        torch.cuda.reset_peak_memory_stats(device)
        fn()
        torch.cuda.synchronize(device)
        return float(torch.cuda.max_memory_allocated(device) - base)
    _malloc_trim()
    base = _proc_status_kb('VmRSS')
    if base is None or not _reset_peak_rss():
        return None
    fn()
    peak = _proc_status_kb('VmHWM')
    return float(max(peak - base, 0) * 1024)


def _tensor_bytes(tensors) -> int:
    return sum(t.numel() * t.element_size() for t in tensors)


# ------------------------------------------------------------ model steps --
class _Runner:
    """Callables for one model: inference, latency and a training step."""

    def __init__(self, model: nn.Module, s: BenchSettings,
                 compiled: bool = False):
        self.s = s
        self.model = model.to(s.device)
        self.mm = is_mm_model(model)
        fmt = torch.channels_last if s.channels_last else \
            torch.contiguous_format
        if s.channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
        h, w = s.input_size
        gen = torch.Generator().manual_seed(0)
        self.x = torch.randn(s.batch_size, 3, h, w, generator=gen).to(
            s.device).contiguous(memory_format=fmt)
        self.x1 = self.x[:s.latency_batch or 1].clone().contiguous(
            memory_format=fmt)
        self.y = torch.randint(0, s.num_classes, (s.batch_size, ),
                               generator=gen).to(s.device)
        self.data_samples = None
        if self.mm:
            from mmpretrain.structures import DataSample
            self.data_samples = [  # (BaseDataElement.to is not in place)
                DataSample().set_gt_label(int(v)).to(s.device)
                for v in self.y.cpu()
            ]
        self.optimizer = torch.optim.AdamW(
            [p for p in self.model.parameters() if p.requires_grad], lr=s.lr)
        self.scaler = torch.amp.GradScaler('cuda') if (
            s.amp and s.device.startswith('cuda')
            and s.autocast_dtype == torch.float16) else None
        self.fwd = self._forward
        self.loss_fn = self._loss
        if compiled:
            self.fwd = compile_step(self._forward, s.compile_backend,
                                    s.compile_mode)
            self.loss_fn = compile_step(self._loss, s.compile_backend,
                                        s.compile_mode)

    def _autocast(self):
        if not self.s.amp:
            return nullcontext()
        return torch.autocast(
            device_type='cuda' if self.s.device.startswith('cuda') else 'cpu',
            dtype=self.s.autocast_dtype)

    def _forward(self, x):
        return self.model(x, mode='tensor') if self.mm else self.model(x)

    def _loss(self, x):
        if self.mm:
            losses = self.model(x, self.data_samples, mode='loss')
            return sum(v for k, v in losses.items() if 'loss' in k)
        out = self.model(x)
        return F.cross_entropy(out, self.y)

    def infer_step(self, x=None) -> None:
        with torch.no_grad(), self._autocast():
            self.fwd(self.x if x is None else x)

    def latency_step(self) -> None:
        self.infer_step(self.x1)

    def train_step(self) -> None:
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            loss = self.loss_fn(self.x)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            loss.backward()
            self.optimizer.step()

    def static_bytes(self, train: bool) -> int:
        params = [p for p in self.model.parameters()]
        total = _tensor_bytes(params) + _tensor_bytes(self.model.buffers())
        if train:
            total += _tensor_bytes(p for p in params if p.requires_grad)
            for state in self.optimizer.state.values():
                total += _tensor_bytes(
                    v for v in state.values() if torch.is_tensor(v))
        return total


def _sync(device: str) -> None:
    if device.startswith('cuda'):
        torch.cuda.synchronize(device)


def _time(fn: Callable[[], None], iters: int, device: str) -> float:
    _sync(device)
    start = time.perf_counter()
    for _ in range(iters):
        fn()
    _sync(device)
    return (time.perf_counter() - start) / iters


def run_benchmark(specs: Sequence[ModelSpec],
                  settings: BenchSettings,
                  labels: Optional[Sequence[str]] = None,
                  progress: bool = True,
                  builder: Callable[..., nn.Module] = build_spec,
                  compiled: Optional[Sequence[bool]] = None
                  ) -> List[BenchEntry]:
    """Measure every spec with ``settings``, interleaved over rounds.

    Args:
        specs (Sequence[ModelSpec]): Models to compare.
        settings (BenchSettings): Shared settings.
        labels (Sequence[str], optional): Names for the table (defaults to
            each spec's label).
        progress (bool): Show an mmengine progress bar.
        builder (callable): ``builder(spec, num_classes=, input_size=)``
            returning the model (tests pass toy models).
        compiled (Sequence[bool], optional): Per spec, whether to compile
            it; defaults to ``settings.compile`` for every spec.

    Returns:
        list[BenchEntry]: One entry per spec, in the given order. A model
        that fails to build or run keeps its ``error`` and no timings.
    """
    s = settings
    if s.threads:
        torch.set_num_threads(s.threads)
    labels = list(labels or [sp.label for sp in specs])
    compiled = list(compiled) if compiled is not None else \
        [s.compile] * len(specs)
    entries = [BenchEntry(sp, lb, compiled=c)
               for sp, lb, c in zip(specs, labels, compiled)]
    if any(compiled):
        allow_recompiles(len(specs))
    runners: Dict[int, _Runner] = {}
    for i, entry in enumerate(entries):
        try:
            torch.manual_seed(0)
            model = builder(entry.spec, num_classes=s.num_classes,
                            input_size=s.input_size)
            entry.params = sum(p.numel() for p in model.parameters())
            runners[i] = _Runner(model, s, entry.compiled)
        except Exception as e:  # reported in the table, others still run
            entry.error = f'{type(e).__name__}: {e}'

    kinds = ['infer'] + (['latency'] if s.latency_batch else []) + \
        (['train'] if s.train else [])
    steps = {'infer': 'infer_step', 'latency': 'latency_step',
             'train': 'train_step'}
    bar = None
    if progress:
        from mmengine.utils import ProgressBar
        bar = ProgressBar(s.rounds * len(runners) * len(kinds) +
                          (len(runners) * 2 if s.memory else 0))

    # warm-up (and torch.compile) once per model and kind, then memory
    for i, r in runners.items():
        for kind in kinds:
            fn = getattr(r, steps[kind])
            r.model.train(kind == 'train')
            try:
                if entries[i].compiled:  # compile + first run, timed apart
                    entries[i].first_call[kind] = _time(fn, 1, s.device)
                for _ in range(s.warmup + (1 if entries[i].compiled else 0)):
                    fn()
            except Exception as e:
                entries[i].error = f'{kind}: {type(e).__name__}: {e}'
        if s.memory and entries[i].error is None:
            r.model.eval()
            peak = _measure_peak(r.infer_step, s.device)
            entries[i].mem_infer = None if peak is None else \
                peak + r.static_bytes(False)
            if bar:
                bar.update()
            if s.train:
                r.model.train()
                peak = _measure_peak(r.train_step, s.device)
                entries[i].mem_train = None if peak is None else \
                    peak + r.static_bytes(True)
            if bar:
                bar.update()
    ok = [i for i in runners if entries[i].error is None]
    for rnd in range(s.rounds):
        order = ok[rnd % len(ok):] + ok[:rnd % len(ok)] if ok else []
        for i in order:
            r = runners[i]
            for kind in kinds:
                r.model.train(kind == 'train')
                fn = getattr(r, steps[kind])
                fn()  # one untimed step: caches after the other models ran
                getattr(entries[i], kind).append(_time(fn, s.iters, s.device))
                if bar:
                    bar.update()
    if bar:
        print()
    for entry in entries:
        entry.settle_compile_times()
    return entries


def pair_ratios(entries: Sequence[BenchEntry], pairs: Dict[str, str],
                kind: str) -> Dict[str, Tuple[float, float, str]]:
    """Throughput ratios of models against their peers.

    ``pairs`` maps a model (label or spec text) to its peer; a peer written
    ``A+B`` is the two models run one after the other (their times added).
    The ratio is taken per round (paired, so drift cancels) and the median
    over rounds is reported with the (max - min) spread of the per-round
    ratios.

    Returns:
        dict: label -> (median ratio, spread, peer text); ratio > 1 means the
        model is faster than its peer.
    """
    by_name = {}
    for e in entries:
        by_name[e.label] = e
        by_name[e.spec.text] = e
    out = {}
    for model, peer in pairs.items():
        if model not in by_name:
            raise KeyError(f'--pairs names {model!r}, which is not one of the '
                           f'models: {sorted(by_name)}')
        parts = [p for p in peer.split('+')]
        missing = [p for p in parts if p not in by_name]
        if missing:
            raise KeyError(f'--pairs peer {missing} is not one of the '
                           f'models: {sorted(by_name)}')
        e = by_name[model]
        peers = [by_name[p] for p in parts]
        times = getattr(e, kind)
        peer_times = [getattr(p, kind) for p in peers]
        if not times or any(not t for t in peer_times):
            continue
        ratios = [
            sum(pt[r] for pt in peer_times) / times[r]
            for r in range(min(len(times), *(len(t) for t in peer_times)))
        ]
        out[e.label] = (statistics.median(ratios),
                        max(ratios) - min(ratios), peer)
    return out


def _fmt(value: Optional[float], digits: int = 1) -> str:
    return '-' if value is None else f'{value:.{digits}f}'


def format_markdown(entries: Sequence[BenchEntry], settings: BenchSettings,
                    pairs: Optional[Dict[str, str]] = None,
                    command: Optional[str] = None) -> str:
    """The results as a Markdown table (plus settings and command)."""
    b = settings.batch_size
    pairs = pairs or {}
    ratios = {k: pair_ratios(entries, pairs, k) for k in ('infer', 'train')}
    lat = f'latency bs{settings.latency_batch} (ms)' \
        if settings.latency_batch else None
    header = ['model', 'params (M)', 'infer img/s', 'spread %']
    if lat:
        header.append(lat)
    if settings.train:
        header += ['train img/s', 'spread %']
    if settings.memory:
        header += ['peak mem infer (MB)'] + \
            (['peak mem train (MB)'] if settings.train else [])
    with_compile = any(e.compiled for e in entries)
    if with_compile:
        header += ['compile infer (s)'] + \
            (['compile train (s)'] if settings.train else [])
    if pairs:
        header += ['peer', 'infer ratio'] + \
            (['train ratio'] if settings.train else [])
    lines = ['| ' + ' | '.join(header) + ' |',
             '|' + '|'.join([':---'] + ['---:'] * (len(header) - 1)) + '|']
    for e in entries:
        if e.error:
            lines.append(f'| {e.label} | failed: {e.error} |' +
                         ' |' * (len(header) - 2))
            continue
        row = [e.label, f'{e.params / 1e6:.2f}',
               _fmt(e.throughput('infer', b)), _fmt(e.spread('infer'))]
        if lat:
            row.append(_fmt(1000 * statistics.median(e.latency), 2)
                       if e.latency else '-')
        if settings.train:
            row += [_fmt(e.throughput('train', b)), _fmt(e.spread('train'))]
        if settings.memory:
            row.append(_fmt(_mb(e.mem_infer)))
            if settings.train:
                row.append(_fmt(_mb(e.mem_train)))
        if with_compile:
            infer = [e.compile_s[k] for k in ('infer', 'latency')
                     if k in e.compile_s]
            row.append(_fmt(sum(infer)) if infer else '-')
            if settings.train:
                row.append(_fmt(e.compile_s.get('train')))
        if pairs:
            peer = ratios['infer'].get(e.label, (None, None, '-'))[2]
            row.append(peer)
            for kind in ('infer', 'train') if settings.train else ('infer', ):
                r = ratios[kind].get(e.label)
                row.append('-' if r is None else
                           f'{r[0]:.2f} (±{r[1] / 2:.2f})')
        lines.append('| ' + ' | '.join(row) + ' |')
    notes = [
        '',
        f'Settings: {settings.describe()}. Throughput is the median over '
        'interleaved rounds; spread is (max - min) / median of the '
        'per-round times. Ratios are model throughput / peer throughput '
        '(median of per-round paired ratios, ± half their range); a peer '
        '`A+B` is A and B run one after the other. Peak memory: '
        + ('torch.cuda.max_memory_allocated' if settings.device.startswith(
            'cuda') else 'growth of peak RSS during one step') +
        ', plus the static tensors (weights, grads, optimizer state).',
    ]
    if with_compile:
        notes[-1] += (
            ' Compiled models (`torch.compile`, static shapes; `@eager` '
            'marks an eager copy): compile time is the first call of a step '
            'minus its steady-state time (infer: the batch and the latency '
            'batch-1 graphs), not included in the throughputs.')
    if command:
        notes += ['', '```shell', command, '```']
    return '\n'.join(lines + notes)
