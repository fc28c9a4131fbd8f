"""Tiny constructor configs of every registered mmglm backbone.

One file per model family (``tests/tiny_cfgs/<family>.py``) defines
``TINY_CFGS = {'<registered name>': dict(cfg=dict(type=..., ...),
input_shape=(2, 3, H, W)), ...}``. ``tests/test_registered_models.py`` fails
for any backbone registered by mmglm without an entry here, and runs every
entry through forward and backward.
"""
import importlib
import pkgutil


def collect_tiny_cfgs() -> dict:
    cfgs = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f'{__name__}.{info.name}')
        for name, case in getattr(module, 'TINY_CFGS', {}).items():
            assert name not in cfgs, f'{name} has two tiny configs'
            cfgs[name] = case
    return cfgs
