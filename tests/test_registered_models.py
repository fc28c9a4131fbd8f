"""Generic contracts of every module mmglm registers in ``MODELS``.

Every registered mmglm module (backbones, necks, heads, losses, layers) has a
tiny case in ``tests/tiny_cfgs`` (backbones in ``TINY_CFGS``, the others in
``TINY_MODULES``) and keeps the contracts a user of an OpenMMLab model
relies on:

- backbones return a tuple of finite maps that depend on the input and pass
  gradients to every trainable parameter (timm's ``test_model_backward``);
- ``train()`` / ``eval()`` return the module (``nn.Module``'s contract:
  ``m = MODELS.build(cfg).eval()``) and switch every submodule;
- declared ``out_channels`` / ``num_features`` / ``feat_dim`` /
  ``embed_dims`` / ``num_classes`` match the outputs;
- ``init_weights()`` runs, reaches the own initialisation of every mmglm
  submodule and every nested ``init_cfg``, and changes the weights of a
  module that has an initialisation;
- ``frozen_stages`` / ``norm_eval`` (where offered) freeze what they claim:
  ``requires_grad`` False, frozen parts and BNs in eval mode after
  ``.train()``, no gradient and no BN statistics update in a training
  forward;
- a deep copy and a ``state_dict`` round trip into a freshly built module
  give identical outputs.
"""
import copy
import inspect
from typing import Callable, List, Tuple

import pytest
import torch
import torch.nn as nn
from mmengine.model import BaseModule
from torch.nn.modules.batchnorm import _BatchNorm

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.tiny_cfgs import collect_tiny_cfgs, collect_tiny_modules

register_all_modules()
TINY_CFGS = collect_tiny_cfgs()
TINY_MODULES = collect_tiny_modules()
ALL = sorted(set(TINY_CFGS) | set(TINY_MODULES))


def _mmglm_modules(prefix: str = 'mmglm.') -> List[str]:
    return sorted(
        name for name, cls in MODELS.module_dict.items()
        if inspect.getmodule(cls).__name__.startswith(prefix))


def _case(name: str) -> Tuple[dict, Callable[[], tuple]]:
    """(config, a function giving the forward arguments)."""
    if name in TINY_CFGS:
        case = TINY_CFGS[name]
        return case['cfg'], lambda: (torch.randn(*case['input_shape']), )
    case = TINY_MODULES[name]
    return case['cfg'], case['inputs']


def _build(name: str, seed: int = 0, **overrides) -> nn.Module:
    cfg = dict(copy.deepcopy(_case(name)[0]), **overrides)
    torch.manual_seed(seed)
    return MODELS.build(cfg)


def _inputs(name: str, seed: int = 1) -> tuple:
    torch.manual_seed(seed)
    return _case(name)[1]()


def _flat(out) -> List[torch.Tensor]:
    if isinstance(out, torch.Tensor):
        return [out]
    return [t for o in out for t in _flat(o)]


def _run(model: nn.Module, args: tuple) -> List[torch.Tensor]:
    with torch.no_grad():
        return _flat(model(*args))


def test_every_registered_module_has_a_tiny_config():
    backbones = _mmglm_modules('mmglm.models.backbones')
    missing = [n for n in backbones if n not in TINY_CFGS]
    assert not missing, (
        f'registered backbones without an entry in tests/tiny_cfgs: {missing}')
    missing = [n for n in _mmglm_modules() if n not in ALL]
    assert not missing, (
        f'registered modules without an entry in tests/tiny_cfgs (TINY_CFGS '
        f'for backbones, modules.py TINY_MODULES otherwise): {missing}')


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


@pytest.mark.parametrize('name', ALL)
def test_train_and_eval_return_the_module(name):
    model = _build(name)
    assert model.eval() is model, f'{name}.eval() does not return the module'
    assert not any(m.training for m in model.modules())
    assert model.train() is model, f'{name}.train() does not return the module'
    assert model.training
    assert model.train(False) is model and not model.training


def _declared_channels(name: str, model: nn.Module,
                       outs: List[torch.Tensor]) -> List[tuple]:
    """(attribute, declared, real) for every channel-style attribute."""
    pairs = []
    maps = [o for o in outs if o.dim() == 4]
    out_indices = list(getattr(model, 'out_indices', []) or [])
    stage_maps = maps[:len(out_indices)] if out_indices else maps
    for attr in ('out_channels', 'num_features', 'feat_dim', 'embed_dims'):
        value = getattr(model, attr, None)
        if value is None or isinstance(value, torch.Tensor):
            continue
        if isinstance(value, (list, tuple)):
            value = list(value)
            if len(value) == len(stage_maps):  # one per output
                declared = value
            else:  # one per stage: indexed by out_indices
                assert out_indices and max(out_indices) < len(value), (
                    f'{name}.{attr} = {value} describes neither the '
                    f'{len(stage_maps)} outputs nor the stages')
                declared = [value[i] for i in out_indices]
            pairs += [(attr, d, m.shape[1])
                      for d, m in zip(declared, stage_maps)]
        elif attr == 'out_channels':  # necks: every (selected) output
            sel = (TINY_MODULES.get(name, {}).get('channel_outputs')
                   or slice(None))
            pairs += [(attr, value, m.shape[1]) for m in maps[sel]]
        elif attr == 'embed_dims':
            # isotropic (ViT-like): every map has that width; hierarchical
            # models (Swin) declare their widths in num_features
            if not isinstance(getattr(model, 'num_features', None),
                              (list, tuple)):
                pairs += [(attr, value, m.shape[1]) for m in stage_maps]
        else:  # the width of the last stage, where it is returned
            num_stages = getattr(model, 'num_stages', None) or len(
                getattr(model, 'stages', getattr(model, 'levels', [])))
            if out_indices and max(out_indices) == num_stages - 1:
                pairs.append((attr, value, stage_maps[-1].shape[1]))
    num_classes = getattr(model, 'num_classes', None)
    if isinstance(num_classes, int):
        pairs += [('num_classes', num_classes, o.shape[-1]) for o in outs]
    return pairs


@pytest.mark.parametrize('name', ALL)
def test_declared_channels_match_the_outputs(name):
    model = _build(name).eval()
    outs = _run(model, _inputs(name))
    pairs = _declared_channels(name, model, outs)
    wrong = [p for p in pairs if p[1] != p[2]]
    assert not wrong, f'{name}: (attribute, declared, real): {wrong}'
    if name in TINY_CFGS or 'Neck' in name or 'Head' in name:
        assert pairs, f'{name} declares no output width (out_channels ...)'


def _own_init_methods(module: nn.Module) -> List[str]:
    """Initialisation methods an mmglm class of ``module`` defines."""
    names = []
    for cls in type(module).__mro__:
        if not cls.__module__.startswith('mmglm.'):
            continue
        for meth in ('init_weights', 'reset_parameters'):
            if meth in vars(cls) and meth not in names:
                names.append(meth)
    return names


def _has_init(model: nn.Module) -> bool:
    return any(
        _own_init_methods(m) or getattr(m, 'init_cfg', None)
        for m in model.modules())


@pytest.mark.parametrize('name', ALL)
def test_init_weights_reaches_every_own_init(name):
    """``model.init_weights()`` calls the own init of every mmglm submodule
    (e.g. GlobalLocalExchange's ``local_identity_init``) and applies every
    nested ``init_cfg``: mmengine only walks into children that have
    ``init_weights``, so a plain ``nn.ModuleList`` hides them."""
    model = _build(name)
    called, expected = set(), {}
    for path, m in model.named_modules():
        for meth in _own_init_methods(m):
            expected[(id(m), meth)] = f'{path or name}.{meth}'

            def spy(*args, _orig=getattr(m, meth), _key=(id(m), meth),
                    **kwargs):
                called.add(_key)
                return _orig(*args, **kwargs)

            object.__setattr__(m, meth, spy)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    if hasattr(model, 'init_weights'):
        model.init_weights()
    missed = [v for k, v in expected.items() if k not in called]
    assert not missed, f'init_weights() never reaches {missed}'
    not_init = [
        path for path, m in model.named_modules()
        if isinstance(m, BaseModule) and m.init_cfg and not m.is_init
    ]
    assert not not_init, f'init_cfg never applied: {not_init}'
    if _has_init(model):
        after = model.state_dict()
        assert any(not torch.equal(before[k], after[k]) for k in before), \
            f'{name}.init_weights() changed no weight'


def _frozen_units(model: nn.Module) -> List[Tuple[str, nn.Module]]:
    """Largest submodules whose parameters are all frozen."""

    def frozen(m):
        params = list(m.parameters())
        return params and not any(p.requires_grad for p in params)

    units = []
    for path, m in model.named_modules():
        if not path or not frozen(m):
            continue
        parent = model.get_submodule(path.rpartition('.')[0])
        if parent is model or not frozen(parent):
            units.append((path, m))
    return units


# Single layers without a train/eval difference may be frozen through
# requires_grad only (mmpretrain's ResNet stem conv, Swin's LayerNorms).
_MODE_FREE = (nn.LayerNorm, nn.GroupNorm, nn.Linear, nn.modules.conv._ConvNd)


def _frozen_cases():
    cases = []
    for name in sorted(TINY_CFGS):
        model = _build(name)
        for attr in ('frozen_stages', 'norm_eval'):
            if hasattr(model, attr):
                cases.append((name, attr))
    return cases


@pytest.mark.parametrize('name,attr', _frozen_cases())
def test_frozen_stages_and_norm_eval_freeze_what_they_claim(name, attr):
    model = _build(name, **{attr: 1 if attr == 'frozen_stages' else True})
    if attr == 'norm_eval' and not any(
            isinstance(m, _BatchNorm) for m in model.modules()):
        pytest.skip(f'{name} has no BatchNorm: norm_eval has nothing to do')
    model.init_weights()
    assert model.train() is model
    bns = [(p, m) for p, m in model.named_modules()
           if isinstance(m, _BatchNorm)]
    if attr == 'frozen_stages':
        units = _frozen_units(model)
        frozen = {
            n for n, p in model.named_parameters() if not p.requires_grad}
        assert units and frozen, f'{name}: frozen_stages=1 froze nothing'
        assert len(frozen) < len(list(model.parameters())), 'all frozen'
        awake = [f'{path}.{sub}' for path, unit in units
                 if not isinstance(unit, _MODE_FREE)
                 for sub, m in unit.named_modules() if m.training]
        assert not awake, f'{name}: frozen parts in train mode: {awake}'
        stats = [(p, m) for p, m in bns if any(
            p == u or p.startswith(u + '.') for u, _ in units)]
    else:
        awake = [p for p, m in bns if m.training]
        assert not awake, f'{name}: norm_eval=True, BNs in train mode: {awake}'
        stats = bns
    before = {p: (m.running_mean.clone(), m.running_var.clone())
              for p, m in stats}
    outs = model(*_inputs(name))
    sum(o.float().square().mean() for o in outs).backward()
    for p, m in stats:
        assert torch.equal(m.running_mean, before[p][0]), f'{p} stats moved'
        assert torch.equal(m.running_var, before[p][1]), f'{p} stats moved'
    if attr == 'frozen_stages':
        got_grad = [n for n, p in model.named_parameters()
                    if n in frozen and p.grad is not None]
        assert not got_grad, f'{name}: frozen parameters got gradients'
        # a second .train() (as the runner calls it) keeps them frozen
        model.train()
        assert frozen == {
            n for n, p in model.named_parameters() if not p.requires_grad}


@pytest.mark.parametrize('name', ALL)
def test_deepcopy_and_state_dict_round_trip_give_the_same_outputs(name):
    model = _build(name)
    if hasattr(model, 'init_weights'):
        model.init_weights()
    args = _inputs(name)
    # one training forward: BN statistics move away from their init values,
    # so a round trip that lost them would show
    model.train()
    with torch.no_grad():
        model(*args)
    model.eval()
    ref = _run(model, args)
    twin = copy.deepcopy(model)
    for a, b in zip(ref, _run(twin, args)):
        assert torch.equal(a, b), f'{name}: deepcopy changes the outputs'
    fresh = _build(name, seed=123)
    fresh.load_state_dict(model.state_dict(), strict=True)
    fresh.eval()
    outs = _run(fresh, args)
    assert len(outs) == len(ref)
    for a, b in zip(ref, outs):
        assert torch.equal(a, b), f'{name}: state_dict round trip differs'
    # the original is untouched by its copy's forward
    for a, b in zip(ref, _run(model, args)):
        assert torch.equal(a, b)
