"""Tiny constructor configs of every registered mmglm backbone.

One file per model family (``tests/tiny_cfgs/<family>.py``) defines
``TINY_CFGS = {'<registered name>': dict(cfg=dict(type=..., ...),
input_shape=(2, 3, H, W)), ...}``. ``tests/test_registered_models.py`` fails
for any backbone registered by mmglm without an entry here, and runs every
entry through forward and backward. Registered modules that are not
backbones (necks, heads, losses, layers) have their entries in
``tests/tiny_cfgs/modules.py`` (``TINY_MODULES``, see
:func:`collect_tiny_modules`).
"""
import importlib
import pkgutil


def _collect(attr: str) -> dict:
    cfgs = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f'{__name__}.{info.name}')
        for name, case in getattr(module, attr, {}).items():
            assert name not in cfgs, f'{name} has two tiny configs'
            cfgs[name] = case
    return cfgs


def collect_tiny_cfgs() -> dict:
    """Backbones: ``{name: dict(cfg, input_shape[, zero_grad_at_init])}``."""
    return _collect('TINY_CFGS')


def collect_tiny_modules() -> dict:
    """Other registered modules: ``{name: dict(cfg, inputs[, ...])}``."""
    return _collect('TINY_MODULES')
