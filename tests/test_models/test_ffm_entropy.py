"""FFM fusion attention sharpness (issue 14, item 7): the statistics against
a hand computation, the paper's raw dot product against FBSD's cosine form,
and FFMEntropyHook putting them into the logs."""
import math
from types import SimpleNamespace
from unittest import mock

import pytest
import torch
from mmengine.logging import MessageHub

from mmglm.engine.hooks import FFMEntropyHook
from mmglm.models import FFMNeck, fusion_attention_stats
from mmglm.registry import HOOKS


def _softmax(xs):
    m = max(xs)
    e = [math.exp(x - m) for x in xs]
    return [v / sum(e) for v in e]


def _hand_stats(feats, normalize):
    """Every column of softmax_{N_i}(-M) and softmax_{N_j}(-M^T), by loops."""
    seqs = []
    for f in feats:
        s = f[0].flatten(1).tolist()  # C x N
        if normalize:
            for n in range(len(s[0])):
                norm = math.sqrt(sum(s[c][n]**2 for c in range(len(s))))
                for c in range(len(s)):
                    s[c][n] /= max(norm, 1e-12)
        seqs.append(s)
    C = len(seqs[0])
    dists = []
    for i in range(len(seqs)):
        for j in range(i + 1, len(seqs)):
            for src, dst in ((i, j), (j, i)):
                ns, nd = len(seqs[src][0]), len(seqs[dst][0])
                for q in range(nd):
                    dists.append(_softmax([
                        -sum(seqs[src][c][p] * seqs[dst][c][q]
                             for c in range(C)) for p in range(ns)
                    ]))
    ents = [-sum(p * math.log(p) for p in d) for d in dists]
    norm_ents = [e / math.log(len(d)) for e, d in zip(ents, dists)]
    maxes = sorted(max(d) for d in dists)
    return dict(
        entropy=sum(ents) / len(ents),
        norm_entropy=sum(norm_ents) / len(norm_ents),
        max_weight=sum(maxes) / len(maxes),
        median_max_weight=maxes[(len(maxes) - 1) // 2])  # torch's median


@pytest.mark.parametrize('normalize', [False, True])
def test_stats_equal_hand_computation(normalize):
    torch.manual_seed(0)
    feats = [torch.randn(1, 3, h, w) * 2 for h, w in ((2, 2), (1, 3), (2, 1))]
    stats = fusion_attention_stats(feats, normalize=normalize)
    expected = _hand_stats(feats, normalize)
    assert stats == pytest.approx(expected, abs=1e-5)


def test_uniform_and_one_hot_limits():
    # zero features: every logit 0, uniform weights
    feats = [torch.zeros(2, 4, 3, 3), torch.zeros(2, 4, 2, 2)]
    stats = fusion_attention_stats(feats)
    assert stats['norm_entropy'] == pytest.approx(1.0)
    # 9 + 4 positions: max weight 1/4 for the 9 columns over 4 sources, ...
    assert stats['max_weight'] == pytest.approx((9 / 4 + 4 / 9) / 13)
    # large features: the raw dot product is one-hot, the cosine is not
    torch.manual_seed(0)
    feats = [torch.randn(1, 64, 6, 6) * 10, torch.randn(1, 64, 3, 3) * 10]
    raw = fusion_attention_stats(feats)
    cos = fusion_attention_stats(feats, normalize=True)
    assert raw['norm_entropy'] < 0.05 and raw['max_weight'] > 0.95
    assert cos['norm_entropy'] > 0.95


def test_paper_form_is_sharp_at_init_fbsd_form_is_flat():
    """Unit-variance maps at Swin-B's widths and 384 px branch sizes (the
    aligned 1024 channels at 48x48, 24x24, 12x12): the paper's raw product
    gives near one-hot weights, FBSD's cosine near uniform ones."""
    torch.manual_seed(0)
    feats = [torch.randn(1, 1024, s, s) for s in (48, 24, 12)]
    raw = fusion_attention_stats(feats)
    cos = fusion_attention_stats(feats, normalize=True)
    # measured: median 0.999, mean 0.93, entropy / log N 0.03
    assert raw['median_max_weight'] > 0.95 and raw['norm_entropy'] < 0.1, raw
    assert cos['norm_entropy'] > 0.99 and cos['max_weight'] < 0.05, cos


def test_neck_records_stats_only_when_asked():
    torch.manual_seed(0)
    neck = FFMNeck(in_channels=(4, 8), out_channels=6,
                   attn_cfg=dict(type='EACA', memory_size=3))
    x = (torch.randn(2, 4, 4, 4), torch.randn(2, 8, 2, 2))
    neck(x)
    assert neck.attn_stats is None
    neck.record_attn_stats = True
    with torch.no_grad():
        neck(x)
        branches = [p(a(t)) for t, a, p in zip(x, neck.attns, neck.projs)]
    assert neck.attn_stats == fusion_attention_stats(branches)


def _runner(model, it=0):
    return SimpleNamespace(
        model=model, iter=it, logger=mock.MagicMock(),
        message_hub=MessageHub.get_instance(f'test_ffm_entropy_{id(model)}'))


def test_hook_logs_the_stats_of_the_logged_iterations():
    torch.manual_seed(0)
    model = torch.nn.Module()
    model.neck = FFMNeck(in_channels=(4, 8), out_channels=6,
                         attn_cfg=dict(type='EACA', memory_size=3))
    x = (torch.randn(2, 4, 4, 4), torch.randn(2, 8, 2, 2))
    hook = HOOKS.build(dict(type='FFMEntropyHook', interval=2))
    assert isinstance(hook, FFMEntropyHook)
    runner = _runner(model)
    hook.before_train(runner)
    logged = []
    for it in range(4):  # records on iterations 1 and 3 (0-based)
        runner.iter = it
        model.neck(x)
        hook.after_train_iter(runner, batch_idx=it)
        hist = runner.message_hub.log_scalars.get('train/ffm_entropy')
        logged.append(0 if hist is None else len(hist.data[0]))
    assert logged == [0, 1, 1, 2]
    scalars = runner.message_hub.log_scalars
    with torch.no_grad():
        branches = [p(a(t)) for t, a, p in
                    zip(x, model.neck.attns, model.neck.projs)]
    expected = fusion_attention_stats(branches)
    for key in ('entropy', 'norm_entropy', 'max_weight'):
        assert scalars[f'train/ffm_{key}'].current() == pytest.approx(
            expected[key])
    hook.after_train(runner)
    assert not model.neck.record_attn_stats  # off again after training


def test_hook_without_ffm_warns():
    runner = _runner(torch.nn.Linear(2, 2))
    hook = FFMEntropyHook()
    hook.before_train(runner)
    hook.after_train_iter(runner, batch_idx=0)
    assert runner.logger.warning.call_count == 1
    assert 'train/ffm_entropy' not in runner.message_hub.log_scalars
