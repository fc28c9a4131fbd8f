"""The timm -> mmglm converters for GLMNet's branches round-trip."""
import re

import pytest
import timm
import torch

from mmglm.models import GLMNet, PVTv2, ResNeXtFReLU
from tests.utils import PYTHON, run
from tools.model_converters import timm_pvt_v2_to_mmglm as pvt_conv
from tools.model_converters import timm_resnext_to_mmglm as rx_conv


def _equal(a, b):
    return set(a) == set(b) and all(torch.equal(a[k], b[k]) for k in a)


def test_pvt_v2_round_trip():
    torch.manual_seed(0)
    ref = timm.create_model('pvt_v2_b0', pretrained=False)
    src = ref.state_dict()
    converted = pvt_conv.convert_pvt_v2(src)
    assert not any(k.startswith('head.') for k in converted)
    ours = PVTv2('b0')
    ours.load_state_dict(converted, strict=True)
    back = pvt_conv.convert_mmglm_to_timm(ours.state_dict())
    no_head = {k: v for k, v in src.items() if not k.startswith('head.')}
    assert _equal(back, no_head)
    assert 'head.weight' in src  # the input is left untouched


def _to_official(state_dict):
    """timm layout -> official whai362/PVT layout (inverse of timm's
    checkpoint_filter_fn), to test the official-checkpoint path."""
    out = {}
    for k, v in state_dict.items():
        k = k.replace('patch_embed.', 'patch_embed1.')
        k = re.sub(r'^stages\.(\d)\.downsample\.',
                   lambda m: f'patch_embed{int(m.group(1)) + 1}.', k)
        k = re.sub(r'^stages\.(\d)\.blocks\.(\d+)',
                   lambda m: f'block{int(m.group(1)) + 1}.{m.group(2)}', k)
        k = re.sub(r'^stages\.(\d)\.norm',
                   lambda m: f'norm{int(m.group(1)) + 1}', k)
        k = k.replace('mlp.dwconv.', 'mlp.dwconv.dwconv.')
        out[k] = v
    return out


def test_pvt_v2_official_layout():
    src = timm.create_model('pvt_v2_b0', pretrained=False).state_dict()
    official = _to_official(src)
    assert 'block1.0.mlp.dwconv.dwconv.weight' in official
    converted = pvt_conv.convert_pvt_v2(official)
    no_head = {k: v for k, v in src.items() if not k.startswith('head.')}
    assert _equal(converted, no_head)
    with pytest.raises(KeyError, match='not a PVTv2'):
        pvt_conv.convert_pvt_v2({'conv1.weight': torch.zeros(1)})


def test_resnext_round_trip():
    torch.manual_seed(0)
    src = timm.create_model('resnext50_32x4d', pretrained=False).state_dict()
    converted = rx_conv.convert_resnext(src)
    assert not any(k.startswith('fc.') for k in converted)
    ours = ResNeXtFReLU(depth=50)  # FReLU at every site
    result = ours.load_state_dict(converted, strict=False)
    assert not result.unexpected_keys
    assert all('.act' in k or k.startswith('relu.')
               for k in result.missing_keys)
    back = rx_conv.convert_mmglm_to_timm(ours.state_dict())
    no_fc = {k: v for k, v in src.items() if not k.startswith('fc.')}
    assert _equal(back, no_fc)
    with pytest.raises(KeyError, match='unexpected key'):
        rx_conv.convert_resnext({'layer1.0.se.fc1.weight': torch.zeros(1)})


def test_converter_scripts_and_glmnet_init_cfg(tmp_path):
    """The scripts' files load into GLMNet's branches through init_cfg
    (``Pretrained``), and with ``--prefix`` into a whole classifier."""
    torch.manual_seed(0)
    pvt = timm.create_model('pvt_v2_b0', pretrained=False)
    rx = timm.create_model('resnext50_32x4d', pretrained=False)
    torch.save(pvt.state_dict(), tmp_path / 'pvt.pth')
    torch.save({'state_dict': rx.state_dict()}, tmp_path / 'rx.pth')
    run([PYTHON, 'tools/model_converters/timm_pvt_v2_to_mmglm.py',
         str(tmp_path / 'pvt.pth'), str(tmp_path / 'pvt_mmglm.pth')])
    run([PYTHON, 'tools/model_converters/timm_resnext_to_mmglm.py',
         str(tmp_path / 'rx.pth'), str(tmp_path / 'rx_mmglm.pth'),
         '--prefix', 'backbone.local_branch.'])
    saved = torch.load(tmp_path / 'rx_mmglm.pth', weights_only=True)
    assert all(k.startswith('backbone.local_branch.')
               for k in saved['state_dict'])
    model = GLMNet(
        arch=dict(global_arch='b0', local=dict(depth=50)),
        global_cfg=dict(init_cfg=dict(
            type='Pretrained', checkpoint=str(tmp_path / 'pvt_mmglm.pth'))),
        local_cfg=dict(init_cfg=dict(
            type='Pretrained', checkpoint=str(tmp_path / 'rx_mmglm.pth'),
            prefix='backbone.local_branch.')))
    model.init_weights()
    assert torch.equal(model.global_branch.stages[2].blocks[1].mlp.fc2.weight,
                       pvt.stages[2].blocks[1].mlp.fc2.weight)
    assert torch.equal(model.local_branch.layer3[4].conv2.weight,
                       rx.layer3[4].conv2.weight)
    assert torch.equal(model.local_branch.layer4[0].bn3.weight,
                       rx.layer4[0].bn3.weight)  # no zero_init_residual
