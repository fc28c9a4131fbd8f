"""ImageNet weights in one config line (issue 13, point 2).

timm writes a checkpoint here (``timm.create_model(..., pretrained=False)``
with every weight moved off its init, saved as ``.safetensors`` as on the
hub); the mmglm classifier loads it through
``init_cfg=dict(type='Pretrained', checkpoint='timm://FILE')`` and
``init_weights()``, and its logits equal timm's. On main ``timm://`` was not
a checkpoint scheme (the file had to go through a converter script first).
"""
import pytest
import timm
import torch
from mmengine.registry import DefaultScope
from safetensors.torch import save_file

from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

register_all_modules()


def _randomise(model, seed=0):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=g) * 0.05)
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.normal_(0, 0.1, generator=g)
                m.running_var.uniform_(0.5, 1.5, generator=g)
    return model.eval()


def _save(model, tmp_path, name):
    path = tmp_path / f'{name}.safetensors'
    save_file({k: v.contiguous() for k, v in model.state_dict().items()},
              str(path))
    return str(path)


def _build(cfg, checkpoint):
    cfg = dict(type='ImageClassifier',
               init_cfg=dict(type='Pretrained',
                             checkpoint=f'timm://{checkpoint}'), **cfg)
    with DefaultScope.overwrite_default_scope('mmglm'):
        model = MODELS.build(cfg)
        model.init_weights()
    return model.eval()


def _gap_head(backbone, channels, num_classes=1000):
    return dict(backbone=backbone, neck=dict(type='GlobalAveragePooling'),
                head=dict(type='LinearClsHead', num_classes=num_classes,
                          in_channels=channels))


CASES = {
    'pvt_v2': (lambda: timm.create_model('pvt_v2_b0'),
               _gap_head(dict(type='PVTv2', arch='b0', out_indices=(3, )),
                         256), 64),
    'resnext': (lambda: timm.create_model('resnext50_32x4d'),
                _gap_head(dict(type='ResNeXtFReLU', depth=50,
                               frelu_sites='none'), 2048), 64),
    'nest': (lambda: timm.models.nest.Nest(
        img_size=64, num_levels=3, embed_dims=(64, 128, 256),
        num_heads=(2, 4, 8), depths=(1, 1, 1), drop_path_rate=0.,
        pad_type='same'),
             _gap_head(dict(type='NesT', arch=dict(
                 embed_dims=(64, 128, 256), num_heads=(2, 4, 8),
                 depths=(1, 1, 1)), img_size=64), 256), 64),
    'botnet': (lambda: timm.create_model('botnet26t_256'),
               _gap_head(dict(type='BoTNet', arch='botnet26t', img_size=256),
                         2048), 256),
    'swin': (lambda: timm.models.swin_transformer.SwinTransformer(
        img_size=224, window_size=7, embed_dim=16, depths=(2, 2, 2, 2),
        num_heads=(1, 2, 4, 8)),
             _gap_head(dict(type='SwinTransformer', arch=dict(
                 embed_dims=16, depths=[2, 2, 2, 2], num_heads=[1, 2, 4, 8]),
                 img_size=224, window_size=7, out_indices=(3, )), 128), 224),
    'vit': (lambda: timm.create_model('vit_tiny_patch16_224', img_size=64),
            dict(backbone=dict(type='ViT', arch='deit-t', img_size=64,
                               patch_size=16),
                 head=dict(type='VisionTransformerClsHead', num_classes=1000,
                           in_channels=192)), 64),
}


@pytest.mark.parametrize('family', list(CASES))
def test_timm_checkpoint_in_one_init_cfg_line_gives_timm_logits(
        family, tmp_path):
    make_timm, cfg, size = CASES[family]
    torch.manual_seed(0)
    ref = _randomise(make_timm())
    ckpt = _save(ref, tmp_path, family)
    model = _build(cfg, ckpt)
    x = torch.randn(2, 3, size, size)
    with torch.no_grad():
        want = ref(x)
        got = model(x, mode='tensor')
    assert (want[0] - want[1]).abs().max() > 1e-2  # the check can fail
    diff = (got - want).abs().max().item()
    assert diff <= 1e-4, f'{family}: {diff}'


def test_backbone_level_init_loads_a_glmnet_branch(tmp_path):
    """``global_cfg=dict(init_cfg=...)``: the PVTv2 branch equals timm's
    features with no prefix; the FReLU funnels of the local branch keep
    their init (no ImageNet counterpart)."""
    torch.manual_seed(0)
    pvt = _randomise(timm.create_model('pvt_v2_b0'))
    ckpt = _save(pvt, tmp_path, 'pvt')
    with DefaultScope.overwrite_default_scope('mmglm'):
        branch = MODELS.build(dict(
            type='PVTv2', arch='b0', init_cfg=dict(
                type='Pretrained', checkpoint=f'timm://{ckpt}')))
        branch.init_weights()
    x = torch.randn(1, 3, 64, 64)
    branch.eval()
    with torch.no_grad():
        want = pvt.forward_features(x)
        got = branch(x)[-1]
    assert (got - want).abs().max() <= 1e-5


def test_swinfc_backbone_loads_timm_swin(tmp_path):
    """SwinFC's backbone is mmpretrain's Swin: the same file loads into it
    (backbone level), stage outputs as timm's."""
    torch.manual_seed(0)
    make_timm, _, _ = CASES['swin']
    ref = _randomise(make_timm())
    ckpt = _save(ref, tmp_path, 'swin')
    with DefaultScope.overwrite_default_scope('mmglm'):
        backbone = MODELS.build(dict(
            type='SwinFCBackbone', arch=dict(embed_dims=16, depths=[2] * 4,
                                             num_heads=[1, 2, 4, 8]),
            img_size=224, window_size=7, with_fsm=False, out_indices=(3, ),
            init_cfg=dict(type='Pretrained', checkpoint=f'timm://{ckpt}')))
        backbone.init_weights()
    x = torch.randn(1, 3, 224, 224)
    backbone.eval()
    with torch.no_grad():
        got = backbone(x)[-1]
        want = ref.forward_features(x).permute(0, 3, 1, 2)
    assert (got - want).abs().max() <= 1e-4


def test_wrong_architecture_names_the_key_and_the_file(tmp_path):
    torch.manual_seed(0)
    ckpt = _save(timm.create_model('pvt_v2_b1'), tmp_path, 'b1')
    with pytest.raises(RuntimeError, match=r'b1\.safetensors does not fit '
                       r'ImageClassifier: backbone\.patch_embed\.proj\.weight '
                       r'has shape \(64, 3, 7, 7\) in the file'):
        _build(CASES['pvt_v2'][1], ckpt)
    # a ResNeXt checkpoint for a PVTv2 model: the first foreign key
    rx = _save(timm.create_model('resnext50_32x4d'), tmp_path, 'rx')
    with pytest.raises(KeyError, match=r"rx\.safetensors: key "
                       r"'backbone\.(conv1|bn1)\.\w+' \(after conversion\) "
                       r"is not in ImageClassifier"):
        _build(CASES['pvt_v2'][1], rx)
    bad = tmp_path / 'other.safetensors'
    save_file({'foo.weight': torch.zeros(1)}, str(bad))
    with pytest.raises(KeyError, match=r"other\.safetensors: not a timm "
                       r"checkpoint.*'foo\.weight'"):
        _build(CASES['pvt_v2'][1], str(bad))


def test_converter_scripts_use_the_same_mapping():
    from mmglm.models.utils import converters
    from tools.model_converters import (timm_pvt_v2_to_mmglm,
                                        timm_resnext_to_mmglm)
    assert timm_pvt_v2_to_mmglm.convert_pvt_v2 is converters.convert_pvt_v2
    assert timm_resnext_to_mmglm.convert_resnext is \
        converters.convert_resnext
