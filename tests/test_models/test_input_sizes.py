"""Every registered backbone either takes any input size or, at a size it
cannot take, raises ``check_input_size``'s error before any compute.

The error must name the model, the size and a valid size, and that size must
really work. Backbones without a size rule must run at an odd size.
"""
import copy
import re

import pytest
import torch

from mmglm.models.utils import InputSizeError
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.tiny_cfgs import collect_tiny_cfgs

register_all_modules()
TINY = collect_tiny_cfgs()

# name -> (overrides of the tiny config, a size it cannot take, words the
# message must hold), or None with what the backbone does at any size.
RULES = {
    # size_divisor=32: 4x4 stems, then three stride-2 stages, concatenated
    'GLMNet': (dict(), (48, 64), ['multiples of 32']),
    # 4x4 patches, 3 levels of 2x2 blocks: multiples of 16
    'NesT': (dict(), (72, 64), ['multiples of 16']),
    # relative position tables for 64x64, no dynamic_size
    'BoTNet': (dict(), (96, 96), ['img_size=64x64', 'dynamic_size=True']),
    # FSM: the last stage (1/32) must be one 2x2 window -> 64x64
    'SwinFCBackbone': (dict(), (96, 96), ['window_size=2', 'exactly 64x64']),
    'PVTv2': None,  # overlapping patch embeddings round up (ceil)
    'ResNeXtFReLU': None,  # convolutions round up
    'T2TViT': None,  # soft splits round down, position table resized
    'ViT': None,  # patches padded to the patch size, pos_embed resized
}
ODD = (2, 3, 61, 47)


def _build(name, overrides):
    cfg = dict(copy.deepcopy(TINY[name]['cfg']), **overrides)
    torch.manual_seed(0)
    return MODELS.build(cfg).eval()


def test_every_backbone_has_a_size_rule():
    assert set(TINY) == set(RULES), (
        'update RULES for: ' + str(sorted(set(TINY) ^ set(RULES))))


@pytest.mark.parametrize('name', sorted(RULES))
def test_bad_input_size_names_model_size_and_a_valid_size(name):
    rule = RULES[name]
    if rule is None:
        model = _build(name, {})
        with torch.no_grad():
            outs = model(torch.randn(*ODD))
        assert all(torch.isfinite(o).all() for o in outs)
        return
    overrides, (h, w), words = rule
    model = _build(name, overrides)
    with pytest.raises(InputSizeError) as err, torch.no_grad():
        model(torch.randn(1, 3, h, w))
    msg = str(err.value)
    assert msg.startswith(f'{name} cannot take a {h}x{w} input'), msg
    for word in words:
        assert word in msg, (word, msg)
    valid = re.search(r'Use e\.g\. (\d+)x(\d+)', msg)
    assert valid, msg
    vh, vw = int(valid.group(1)), int(valid.group(2))
    with torch.no_grad():
        outs = model(torch.randn(1, 3, vh, vw))  # the suggestion works
    assert all(torch.isfinite(o).all() for o in outs)


def test_swinfc_without_fsm_needs_one_window_in_the_last_stage():
    model = _build('SwinFCBackbone', dict(with_fsm=False, window_size=4))
    with torch.no_grad():
        assert len(model(torch.randn(1, 3, 100, 120))) == 3  # padded
    with pytest.raises(InputSizeError) as err:
        model(torch.randn(1, 3, 96, 64))  # last stage 3x2 < window 4
    msg = str(err.value)
    assert 'SwinFCBackbone cannot take a 96x64 input' in msg
    assert 'at least 128x128' in msg and 'window_size=4' in msg
    assert 'pad_small_map=True' in msg
