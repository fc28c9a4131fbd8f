"""StageFusionNeck and SEClsHead against hand computations / timm SE."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from timm.layers import SEModule

from mmglm.models import SEClsHead, StageFusionNeck
from mmglm.models.utils import FReLU


def _bn_eval(x, bn):
    shape = (1, -1, 1, 1)
    return ((x - bn.running_mean.view(shape)) /
            torch.sqrt(bn.running_var.view(shape) + bn.eps) *
            bn.weight.view(shape) + bn.bias.view(shape))


def test_stage_fusion_neck_formula():
    torch.manual_seed(0)
    neck = StageFusionNeck(in_channels=[3, 5], out_channels=4,
                           in_indices=(-2, -1)).eval()
    with torch.no_grad():
        neck.fuse.bn.running_mean.normal_()
        neck.fuse.bn.running_var.uniform_(0.5, 2)
        neck.fuse.bn.bias.normal_()
    g, l = torch.randn(2, 3, 4, 4), torch.randn(2, 5, 4, 4)
    extra = torch.randn(2, 7, 8, 8)
    with torch.no_grad():
        out, = neck((extra, g, l))
    u = torch.cat([g, l], 1)
    ref = F.relu(_bn_eval(F.conv2d(u, neck.fuse.conv.weight), neck.fuse.bn))
    assert neck.fuse.conv.bias is None
    assert (out - ref).abs().max() < 1e-5
    assert (ref == 0).any() and (ref > 0).any()
    with pytest.raises(ValueError, match='same length'):
        StageFusionNeck(in_channels=[3, 5], in_indices=(-1, ))


def test_stage_fusion_neck_frelu_act():
    neck = StageFusionNeck(768, 512, act_cfg=dict(type='FReLU'))
    assert isinstance(neck.act, FReLU) and neck.act.in_channels == 512
    out, = neck(torch.randn(2, 768, 2, 2))
    assert out.shape == (2, 512, 2, 2)


@pytest.mark.parametrize('channels', [64, 2048])
def test_se_head_equals_timm_se_plus_linear(channels):
    torch.manual_seed(0)
    head = SEClsHead(num_classes=6, in_channels=channels, dropout=0.5)
    head.init_weights()
    head.eval()
    # mmpretrain's SELayer has timm SEModule's layout and width
    # (make_divisible(C / 16, 8)): copy the weights across.
    se = SEModule(channels, rd_ratio=1 / 16).eval()
    assert se.fc1.out_channels == head.se.conv1.conv.out_channels
    with torch.no_grad():
        se.fc1.weight.copy_(head.se.conv1.conv.weight)
        se.fc1.bias.copy_(head.se.conv1.conv.bias)
        se.fc2.weight.copy_(head.se.conv2.conv.weight)
        se.fc2.bias.copy_(head.se.conv2.conv.bias)
    x = torch.randn(3, channels, 5, 5)
    with torch.no_grad():
        logits = head((torch.randn(1), x))
        ref = F.linear(se(x).mean((2, 3)), head.fc.weight, head.fc.bias)
    assert logits.shape == (3, 6)
    assert (logits - ref).abs().max() < 1e-5
    # The SE gate matters: without it the logits differ.
    plain = F.linear(x.mean((2, 3)), head.fc.weight, head.fc.bias)
    assert (plain - ref).abs().max() > 1e-4
    assert isinstance(head.dropout, nn.Dropout) and head.dropout.p == 0.5
