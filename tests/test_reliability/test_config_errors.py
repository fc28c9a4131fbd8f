"""Configs naming unregistered modules, and inputs of sizes a model can't
take, fail early with the problem and the fix."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import Config

from mmglm.engine import UnregisteredTypeError, check_config_types
from mmglm.models.utils import (InputSizeError, check_input_size,
                                nearest_valid_sizes)
from tests.utils import REPO

RESNET_CFG = REPO / 'configs/resnet/resnet18_1xb32_intel-mini-64px.py'


def test_valid_config_passes():
    check_config_types(Config.fromfile(str(RESNET_CFG)))


def test_unregistered_types_are_listed_with_suggestions_and_fix():
    cfg = Config.fromfile(str(RESNET_CFG))
    cfg.model.backbone.type = 'ResNett'
    cfg.model.head.loss.type = 'crossentropyloss'
    cfg.optim_wrapper.optimizer.type = 'AdamW2'
    cfg.custom_hooks = [dict(type='NonFiniteLossHook'),
                        dict(type='NonFiniteLosHook')]
    with pytest.raises(UnregisteredTypeError) as err:
        check_config_types(cfg)
    msg = str(err.value)
    assert str(RESNET_CFG) in msg and "default_scope 'mmglm'" in msg
    assert "model.backbone = 'ResNett' is not registered. Did you mean " \
        "'ResNet'" in msg
    # case-insensitive match first
    assert "model.head.loss = 'crossentropyloss' is not registered. Did " \
        "you mean 'CrossEntropyLoss'" in msg
    assert "optim_wrapper.optimizer = 'AdamW2'" in msg and "'AdamW'" in msg
    assert "custom_hooks[1] = 'NonFiniteLosHook' is not registered. Did " \
        "you mean 'NonFiniteLossHook'" in msg
    assert 'custom_hooks[0]' not in msg  # mmglm's hook is registered
    assert "custom_imports = dict(imports=['my_package.my_module']" in msg
    assert 'import mmglm' in msg


def test_scoped_and_non_string_types():
    cfg = Config(dict(
        model=dict(type='mmpretrain.ResNet', depth=18),
        neck=dict(type=nn.Identity),  # lazy-config style: a class
        other=dict(type='notascope.Anything'),  # unknown scope: mmengine's
        bad=dict(type='mmpretrain.ResNeet')))
    with pytest.raises(UnregisteredTypeError) as err:
        check_config_types(cfg, filename='x.py')
    msg = str(err.value)
    assert msg.count('is not registered') == 1
    assert "bad = 'mmpretrain.ResNeet' is not registered. Did you mean " \
        "'ResNet'" in msg


class ToyWindowNet(nn.Module):
    """4x4 patches, then two levels of 2x2 windows: H, W % 16 == 0."""

    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, 8, 4, 4)

    def forward(self, x):
        check_input_size(x, divisor=16, min_size=32, model='ToyWindowNet',
                         reason='4x4 patches, then 2 levels of 2x2 windows')
        x = self.patch(x)
        for _ in range(2):  # blockify into 2x2 windows
            b, c, h, w = x.shape
            x = x.view(b, c, h // 2, 2, w // 2, 2).mean((3, 5))
        return x


def test_input_size_check_names_size_rule_and_fix():
    net = ToyWindowNet()
    x = torch.randn(1, 3, 48, 64)
    out = net(x)
    # hand computation: mean over 16x16 tiles of the patch-conv output
    expected = F.avg_pool2d(net.patch(x), 4)
    assert torch.allclose(out, expected, atol=1e-6)
    with pytest.raises(InputSizeError) as err:
        net(torch.randn(1, 3, 50, 64))
    msg = str(err.value)
    assert msg.startswith('ToyWindowNet cannot take a 50x64 input: it needs '
                          'height and width multiples of 16, at least 32x32 '
                          '(4x4 patches, then 2 levels of 2x2 windows). Use '
                          'e.g. 48x64 or 64x64')
    assert 'Resize `scale`' in msg
    # without the check the failure is an opaque reshape error
    with pytest.raises(RuntimeError, match='invalid for input of size'):
        x = net.patch(torch.randn(1, 3, 52, 64))  # 13x16 patches
        x.view(1, 8, 13 // 2, 2, 16 // 2, 2)
    with pytest.raises(InputSizeError, match='at least 32x32'):
        net(torch.randn(1, 3, 16, 16))
    with pytest.raises(InputSizeError, match='needs exactly 224x224'):
        check_input_size((2, 3, 112, 112), fixed=(224, 224))
    check_input_size((2, 3, 224, 224), fixed=(224, 224))
    assert nearest_valid_sizes(100, 32, 64) == (96, 128)
    assert nearest_valid_sizes(20, 32, 64) == (64, )
    assert nearest_valid_sizes(96, 32, 64) == (96, )


def test_input_size_check_traces():
    """The check is plain integer logic: torch.jit.trace keeps working."""
    net = ToyWindowNet().eval()
    traced = torch.jit.trace(net, torch.randn(1, 3, 32, 32))
    x = torch.randn(1, 3, 32, 32)
    assert torch.allclose(traced(x), net(x))


def test_detection_nms_op_names_are_not_flagged():
    # mmdet's `nms=dict(type='nms')` names an mmcv op, not a registry entry
    from mmengine.config import Config

    from mmglm.engine import check_config_types
    cfg = Config(dict(default_scope='mmglm', model=dict(
        type='ImageClassifier', test_cfg=dict(nms=dict(type='nms')),
        backbone=dict(type='ResNet', depth=18))))
    check_config_types(cfg)  # no error
    cfg.model.backbone.type = 'ResNot'
    with pytest.raises(Exception, match="model.backbone = 'ResNot'"):
        check_config_types(cfg)
