"""What mmdet needs from each registered mmglm backbone (issue 7, item 1).

For every registered backbone (tiny configs), with the settings a detector
would use:

- multi-scale: ``out_indices`` gives NCHW maps at increasing strides
  (4/8/16/32 or a prefix of it) on a padded, non-square input of a size the
  backbone was not built for (96x160); the plain ViTs (ViT, T2T-ViT: one
  stride) through the neck a detector gives them, mmglm's
  ``SimpleFeaturePyramid``;
- ``frozen_stages=1``: the stem and the first stage keep their weights (and
  BN statistics) through a training step, the rest trains;
- ``norm_eval=True``: BN running statistics stay fixed in train mode.

Backbones without BatchNorm need no ``norm_eval`` (marked ``'no BN'``). Gaps
are xfails with the reason, so they show in the test report; each first
asserts that the gap is still there, so closing it in the model files turns
the test into a failure that asks to update this table.
"""
import copy

import pytest
import torch
from mmengine.registry import DefaultScope
from torch.nn.modules.batchnorm import _BatchNorm

import mmglm  # noqa: F401
from mmglm.registry import MODELS
from tests.tiny_cfgs import collect_tiny_cfgs

TINY = collect_tiny_cfgs()
INPUT = (2, 3, 96, 160)  # padded to /32, not square, not the build size

# name -> detection overrides of the tiny config, expected strides, gaps
DET = {
    'GLMNet': dict(extra=dict(out_indices=(0, 1, 2, 3)),
                   strides=(4, 8, 16, 32)),
    'PVTv2': dict(extra=dict(out_indices=(0, 1, 2, 3)),
                  strides=(4, 8, 16, 32), norm_eval='no BN'),
    'ResNeXtFReLU': dict(extra=dict(out_indices=(0, 1, 2, 3)),
                         strides=(4, 8, 16, 32)),
    # relative position tables interpolated per input size
    'BoTNet': dict(extra=dict(out_indices=(0, 1, 2, 3), dynamic_size=True),
                   strides=(4, 8, 16, 32)),
    'NesT': dict(extra=dict(out_indices=(0, 1, 2)), strides=(4, 8, 16),
                 norm_eval='no BN'),
    # plain mmpretrain Swin: the FSM feature needs one window per image
    'SwinFCBackbone': dict(
        extra=dict(out_indices=(0, 1, 2, 3), with_fsm=False),
        strides=(4, 8, 16, 32), norm_eval='no BN'),
    # plain ViTs give one stride; mmglm's SimpleFeaturePyramid (ViTDet)
    # turns their last map into strides 4-32
    'T2TViT': dict(
        extra=dict(out_indices=(0, 1)), strides=(4, 8, 16, 32),
        norm_eval='no BN',
        neck=dict(type='SimpleFeaturePyramid', in_channels=32,
                  out_channels=16, scale_factors=(4, 2, 1, 0.5))),
    'ViT': dict(
        extra=dict(out_indices=(0, 1)), strides=(4, 8, 16, 32),
        norm_eval='no BN',
        neck=dict(type='SimpleFeaturePyramid', in_channels=32,
                  out_channels=16, scale_factors=(2, 1, 0.5, 0.25))),
}


def test_every_registered_backbone_has_a_detection_entry():
    assert set(TINY) <= set(DET), sorted(set(TINY) - set(DET))


def _build(name, **kwargs):
    cfg = dict(copy.deepcopy(TINY[name]['cfg']), **DET[name]['extra'],
               **kwargs)
    with DefaultScope.overwrite_default_scope('mmglm'):
        return MODELS.build(cfg)


def _skip_without_bn(name):
    if DET[name].get('norm_eval') == 'no BN':
        pytest.skip(f'{name} has no BatchNorm')


@pytest.mark.parametrize('name', sorted(TINY))
def test_multiscale_maps_on_padded_input(name):
    torch.manual_seed(0)
    model = _build(name)
    model.eval()
    with torch.no_grad():
        outs = model(torch.rand(*INPUT))
        if 'neck' in DET[name]:
            with DefaultScope.overwrite_default_scope('mmglm'):
                outs = MODELS.build(DET[name]['neck'])(outs)
    strides = tuple(INPUT[2] // o.shape[2] for o in outs)
    assert all(o.dim() == 4 for o in outs)
    assert all(INPUT[3] // o.shape[3] == s for o, s in zip(outs, strides))
    assert strides == DET[name]['strides']
    multiscale = len(set(strides)) == len(strides) >= 3
    gap = DET[name].get('multiscale')
    if gap:
        assert not multiscale, f'{name} is multi-scale now: update DET'
        pytest.xfail(gap)
    assert multiscale, strides


@pytest.mark.parametrize('name', sorted(TINY))
def test_frozen_stages_keep_stem_and_first_stage(name):
    gap = DET[name].get('frozen_stages')
    if gap:
        with pytest.raises(TypeError, match='frozen_stages'):
            _build(name, frozen_stages=1)  # fails once it exists: update DET
        pytest.xfail(gap)
    torch.manual_seed(0)
    model = _build(name, frozen_stages=1)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    frozen = {n for n, p in model.named_parameters() if not p.requires_grad}
    assert frozen, 'nothing frozen'
    opt = torch.optim.SGD(
        [p for p in model.parameters() if p.requires_grad], lr=0.1)
    outs = model(torch.rand(*INPUT))
    sum(o.float().square().mean() for o in outs).backward()
    opt.step()
    after = model.state_dict()
    for key in before:
        param = key in dict(model.named_parameters())
        if param and key in frozen or (not param and _in_frozen(key, frozen)):
            assert torch.equal(before[key], after[key]), f'{key} changed'
    trained = [k for k, _ in model.named_parameters()
               if k not in frozen and not torch.equal(before[k], after[k])]
    assert trained, 'nothing trained'


def _in_frozen(buffer_key, frozen):
    """A buffer (BN statistics) of a module whose parameters are frozen."""
    module = buffer_key.rsplit('.', 1)[0] + '.'
    return any(p.startswith(module) for p in frozen)


@pytest.mark.parametrize('name', sorted(TINY))
def test_norm_eval_keeps_bn_statistics(name):
    _skip_without_bn(name)
    torch.manual_seed(0)
    model = _build(name, norm_eval=True)
    model.train()
    bns = {n: (m.running_mean.clone(), m.running_var.clone())
           for n, m in model.named_modules() if isinstance(m, _BatchNorm)}
    assert bns and model.training
    model(torch.rand(*INPUT))
    for n, m in model.named_modules():
        if n in bns:
            assert not m.training, n
            assert torch.equal(m.running_mean, bns[n][0]), n
            assert torch.equal(m.running_var, bns[n][1]), n
