"""tools/analysis/benchmark.py: timings, ratios, memory and the table.

Toy models whose forward sleeps a known time give known throughput ratios
(sleep is wall time, robust on a loaded machine); a toy that allocates a
known tensor gives a known peak-memory difference.
"""
import json
import time

import pytest
import torch
import torch.nn as nn

from mmglm.analysis.benchmark import (BenchSettings, cpu_peak_rss_supported,
                                      format_markdown, pair_ratios,
                                      run_benchmark)
from mmglm.analysis.models import ModelSpec, parse_spec
from tests.utils import REPO, load_script

CALLS = []


class Sleeper(nn.Module):
    """Linear classifier whose forward sleeps ``delay`` s and may allocate
    ``alloc_mb`` MB of zeros (touched pages, so RSS grows)."""

    def __init__(self, name, delay, alloc_mb=0, num_classes=4):
        super().__init__()
        self.name, self.delay, self.alloc_mb = name, delay, alloc_mb
        self.fc = nn.Linear(3, num_classes)

    def forward(self, x):
        CALLS.append((self.name, x.shape[0], self.training))
        time.sleep(self.delay)
        if self.alloc_mb:
            big = torch.ones(self.alloc_mb * 2**18)  # float32: MB * 2**20 B
            x = x + big[0]
        return self.fc(x.mean((2, 3)))


def _builder(delays, alloc=None):
    alloc = alloc or {}

    def build(spec, num_classes, input_size):
        return Sleeper(spec.name, delays[spec.name], alloc.get(spec.name, 0),
                       num_classes)

    return build


def _spec(name):
    return ModelSpec(name, 'toy', name)


def _settings(**kw):
    base = dict(batch_size=2, input_size=(8, 8), num_classes=4, rounds=3,
                iters=2, warmup=1, memory=False)
    base.update(kw)
    return BenchSettings(**base)


def test_ratios_follow_known_forward_times():
    delays = dict(a=0.04, b=0.08, ab=0.12)
    specs = [_spec(n) for n in delays]
    settings = _settings(iters=1, warmup=0, train=False)
    entries = run_benchmark(specs, settings, labels=list(delays),
                            progress=False, builder=_builder(delays))
    a, b, ab = entries
    assert not any(e.error for e in entries)
    assert len(a.infer) == len(a.latency) == 3 and not a.train
    # one forward per inference batch: img/s close to batch / delay
    assert a.throughput('infer', 2) == pytest.approx(2 / 0.04, rel=0.3)
    ratios = pair_ratios(entries, {'a': 'b', 'ab': 'a+b'}, 'infer')
    assert ratios['a'][0] == pytest.approx(2.0, rel=0.2)  # a twice as fast
    assert ratios['ab'][0] == pytest.approx(1.0, rel=0.15)  # a+b in a row
    table = format_markdown(entries, settings, {'a': 'b', 'ab': 'a+b'})
    row = next(line for line in table.splitlines() if line.startswith('| a '))
    cells = [c.strip() for c in row.strip('|').split('|')]
    assert cells[-2] == 'b'
    assert float(cells[-1].split()[0]) == pytest.approx(2.0, rel=0.2)
    with pytest.raises(KeyError, match='not one of the models'):
        pair_ratios(entries, {'a': 'c'}, 'infer')


def test_training_step_ratio():
    """Training steps add backward + AdamW, whose (tiny) cost is noisy on a
    loaded machine: the ratio of 0.1 s vs 0.3 s forwards lies below 3."""
    delays = dict(a=0.1, b=0.3)
    entries = run_benchmark([_spec('a'), _spec('b')],
                            _settings(iters=1, warmup=0, latency_batch=None),
                            labels=['a', 'b'], progress=False,
                            builder=_builder(delays))
    ratio = pair_ratios(entries, {'a': 'b'}, 'train')['a'][0]
    assert 1.5 < ratio < 3.3


def test_rounds_are_interleaved_and_modes_and_batches_right():
    CALLS.clear()
    delays = dict(x=0.0, y=0.0)
    run_benchmark([_spec('x'), _spec('y')],
                  _settings(rounds=2, iters=1, warmup=0), progress=False,
                  builder=_builder(delays))
    # after warm-up: round 0 runs x then y, round 1 runs y then x (rotated);
    # per model and round: inference (batch 2, eval mode), latency (batch 1),
    # training (batch 2, train mode), each once untimed and once timed
    rounds = CALLS[-24:]
    assert [c[0] for c in rounds] == \
        ['x'] * 6 + ['y'] * 6 + ['y'] * 6 + ['x'] * 6
    per_model = [(2, False)] * 2 + [(1, False)] * 2 + [(2, True)] * 2
    for k in range(4):
        assert [c[1:] for c in rounds[6 * k:6 * k + 6]] == per_model


def test_failed_model_is_reported_and_others_still_run():
    def build(spec, num_classes, input_size):
        if spec.name == 'bad':
            raise RuntimeError('cannot build')
        return Sleeper(spec.name, 0.0, num_classes=num_classes)

    entries = run_benchmark([_spec('good'), _spec('bad')], _settings(),
                            labels=['good', 'bad'], progress=False,
                            builder=build)
    assert entries[0].infer and entries[1].error == \
        'RuntimeError: cannot build'
    assert '| bad | failed: RuntimeError: cannot build |' in \
        format_markdown(entries, _settings())


@pytest.mark.skipif(not cpu_peak_rss_supported(),
                    reason='needs /proc/self/clear_refs (Linux)')
def test_cpu_peak_memory_sees_a_known_allocation():
    delays = dict(small=0.0, big=0.0)
    entries = run_benchmark(
        [_spec('small'), _spec('big')], _settings(memory=True, rounds=1),
        progress=False, builder=_builder(delays, dict(big=96)))
    small, big = entries
    extra = (big.mem_infer - small.mem_infer) / 2**20
    assert extra == pytest.approx(96, abs=12)
    assert (big.mem_train - small.mem_train) / 2**20 == \
        pytest.approx(96, abs=12)


def test_parse_spec():
    s = parse_spec('timm:vit_small_patch16_224,img_size=64,drop_rate=0.1')
    assert (s.kind, s.name, s.overrides) == (
        'timm', 'vit_small_patch16_224', dict(img_size=64, drop_rate=0.1))
    assert s.label == 'timm:vit_small_patch16_224,img_size=64,drop_rate=0.1'
    cfg = parse_spec(str(REPO / 'configs/resnet/'
                         'resnet18_1xb32_intel-mini-64px.py'))
    assert cfg.kind == 'config'
    assert cfg.label == 'resnet18_1xb32_intel-mini-64px'
    with pytest.raises(FileNotFoundError, match='neither a config'):
        parse_spec('nonexistent.py')


@pytest.mark.slow
def test_benchmark_tool_config_vs_timm_peer(tmp_path):
    """The CLI on the ResNet-18 config and timm's resnet18 (same network):
    table with the ratio, JSON, and a bar chart of the JSON values."""
    tool = load_script('tools/analysis/benchmark.py')
    cfg = 'configs/resnet/resnet18_1xb32_intel-mini-64px.py'
    out_json, png, md = (tmp_path / n for n in ('b.json', 'b.png', 'b.md'))
    entries = tool.main([
        str(REPO / cfg), 'timm:resnet18', '--pairs',
        f'resnet18_1xb32_intel-mini-64px=timm:resnet18', '--batch', '4',
        '--input-size', '32', '--rounds', '2', '--iters', '1', '--warmup',
        '1', '--threads', '1', '--out-json', str(out_json), '--plot',
        str(png), '--out-md', str(md), '--no-progress'
    ])
    data = json.loads(out_json.read_text())
    rows = data['results']
    assert [r['label'] for r in rows] == [
        'resnet18_1xb32_intel-mini-64px', 'timm:resnet18']
    assert rows[0]['params'] == rows[1]['params'] == 11179590  # 6 classes
    assert all(r['infer_img_s'] > 0 and r['train_img_s'] > 0 for r in rows)
    assert 'input 32x32' in data['settings'] and '6 classes' in \
        data['settings']
    # the table's ratios are the medians of the per-round paired ratios of
    # the JSON timings (peer time / model time), recomputed here
    row = next(line for line in md.read_text().splitlines()
               if line.startswith('| resnet18_1xb32_intel-mini-64px '))
    cells = [c.strip() for c in row.strip('|').split('|')]
    assert cells[-3] == 'timm:resnet18'
    for cell, key in zip(cells[-2:], ('infer_s', 'train_s')):
        ratios = [p / m for p, m in zip(rows[1][key], rows[0][key])]
        assert len(ratios) == 2
        median = sorted(ratios)[0] / 2 + sorted(ratios)[1] / 2
        spread = max(ratios) - min(ratios)
        assert cell == f'{median:.2f} (±{spread / 2:.2f})', (cell, ratios)
    assert entries[0].error is None and entries[1].error is None
    import matplotlib.image
    assert matplotlib.image.imread(str(png)).shape[0] > 100
    from mmglm.analysis.plotting import plot_benchmark
    fig = plot_benchmark(rows)
    heights = [[p.get_height() for p in ax.patches] for ax in fig.axes]
    assert heights == [[r['infer_img_s'] for r in rows],
                       [r['train_img_s'] for r in rows]]


def test_backbone_spec_builds_a_classifier_like_the_config():
    """``backbone:ResNet,depth=18`` = the ResNet-18 config's network."""
    from mmglm.analysis.complexity import build_model_from_config
    from mmglm.analysis.models import build_spec
    spec = parse_spec('backbone:ResNet,depth=18')
    assert (spec.kind, spec.name, spec.overrides) == ('backbone', 'ResNet',
                                                      dict(depth=18))
    model = build_spec(spec, num_classes=6, input_size=(32, 32))
    ref = build_model_from_config(
        str(REPO / 'configs/resnet/resnet18_1xb32_intel-mini-64px.py'))
    assert {k: v.shape for k, v in model.state_dict().items()} == \
        {k: v.shape for k, v in ref.state_dict().items()}
    model.load_state_dict(ref.state_dict())
    model.eval()
    ref.eval()
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        assert torch.equal(model(x, mode='tensor'), ref(x, mode='tensor'))


class FormatProbe(nn.Module):
    """Records the memory format and autocast state its forward sees."""

    def __init__(self, num_classes=4):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, num_classes)
        self.seen = []

    def forward(self, x):
        self.seen.append((x.is_contiguous(memory_format=torch.channels_last),
                          torch.is_autocast_enabled('cpu'),
                          self.conv.weight.is_contiguous(
                              memory_format=torch.channels_last)))
        y = self.conv(x)
        self.seen[-1] += (y.dtype, )
        return self.fc(y.mean((2, 3)))


@pytest.mark.parametrize('amp,channels_last', [(False, False),
                                               (True, True)])
def test_amp_and_channels_last_reach_the_model(amp, channels_last):
    models = []

    def build(spec, num_classes, input_size):
        models.append(FormatProbe(num_classes))
        return models[-1]

    settings = _settings(amp=amp, channels_last=channels_last, rounds=1,
                         iters=1, warmup=1, latency_batch=None)
    entries = run_benchmark([_spec('p')], settings, progress=False,
                            builder=build)
    assert entries[0].error is None and entries[0].train
    dtype = torch.bfloat16 if amp else torch.float32
    assert set(models[0].seen) == {(channels_last, amp, channels_last,
                                    dtype)}
    assert ('AMP bfloat16' if amp else 'fp32') in settings.describe()


def test_pairs_split_where_both_sides_name_models():
    tool = load_script('tools/analysis/benchmark.py')
    names = {'cfg,backbone.img_size=64', 'timm:vit', 'a', 'b'}
    assert tool.split_pair('cfg,backbone.img_size=64=timm:vit', names) == \
        ('cfg,backbone.img_size=64', 'timm:vit')
    assert tool.split_pair('a=cfg,backbone.img_size=64+b', names) == \
        ('a', 'cfg,backbone.img_size=64+b')
    with pytest.raises(SystemExit, match='expected MODEL=PEER'):
        tool.split_pair('a=c', names)


class Tiny(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, num_classes)

    def forward(self, x):
        return self.fc(self.conv(x).relu().mean((2, 3)))


def test_compiled_and_eager_copies_side_by_side():
    """--compile path: per-model compile flag, compile time apart, same
    outputs (eager backend: dynamo capture without inductor's cost)."""
    import torch._dynamo
    torch._dynamo.reset()
    built = {}

    def build(spec, num_classes, input_size):
        torch.manual_seed(0)
        built[spec.name] = Tiny(num_classes)
        return built[spec.name]

    settings = _settings(compile=True, compile_backend='eager', rounds=1,
                         iters=1)
    entries = run_benchmark([_spec('c'), _spec('e')], settings,
                            labels=['c', 'e@eager'], progress=False,
                            builder=build, compiled=[True, False])
    c, e = entries
    assert not c.error and not e.error, (c.error, e.error)
    assert c.compiled and not e.compiled
    assert set(c.compile_s) == {'infer', 'latency', 'train'}
    assert not e.compile_s and c.infer and c.train
    table = format_markdown(entries, settings, {'c': 'e@eager'})
    assert 'compile infer (s)' in table and 'torch.compile (eager)' in table
    row = next(line for line in table.splitlines() if line.startswith('| e'))
    assert '| - | - |' in row  # the eager copy has no compile time
    torch._dynamo.reset()
