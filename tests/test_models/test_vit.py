"""ViT: timm logits through the converter, and each pos-embed resize kernel
against its reference implementation."""

import numpy as np
import pytest
import timm
import torch
from mmpretrain.models.utils import resize_pos_embed as mmpretrain_resize
from timm.layers import resample_abs_pos_embed

from mmglm.models.utils import resize_pos_embed
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules
from tests.utils import load_script

register_all_modules()


def _converter():
    return load_script('tools/model_converters/timm_vit_to_mmpretrain.py')


def _vit_s16(backbone_type, num_classes=1000, **kwargs):
    return MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(
                type=backbone_type, arch='deit-s', img_size=224,
                patch_size=16, **kwargs),
            head=dict(
                type='VisionTransformerClsHead', num_classes=num_classes,
                in_channels=384))).eval()


@pytest.fixture(scope='module')
def timm_vit_s16():
    torch.manual_seed(0)
    model = timm.create_model('vit_small_patch16_224', pretrained=False)
    # Move every parameter off its init value (LN 1/0, zero biases, ...).
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.02)
    return model.eval()


@pytest.mark.parametrize('backbone_type', ['ViT', 'VisionTransformer'])
def test_vit_s16_from_timm_equals_timm_logits(timm_vit_s16, backbone_type):
    converted = _converter().convert_timm_vit(timm_vit_s16.state_dict())
    model = _vit_s16(backbone_type)
    model.load_state_dict(converted, strict=True)
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        ref = timm_vit_s16(x)
        ours = model(x, mode='tensor')
    assert ref.abs().max() > 0.1  # not a degenerate comparison
    assert (ours - ref).abs().max().item() <= 1e-4


def test_converter_refuses_unknown_keys():
    with pytest.raises(KeyError):
        _converter().convert_timm_vit({'blocks.0.ls1.gamma': torch.ones(3)})


# ---------------------------------------------------------------------------
# Resize kernels. Grid 14x14 -> 24x24 (224 -> 384 px at /16) and a
# downsizing 14x14 -> 10x10, on a random embedding with a cls token.


@pytest.fixture(scope='module')
def pos_embed():
    torch.manual_seed(0)
    return torch.randn(1, 1 + 14 * 14, 8)


def _bilinear_corners_by_hand(grid, size):
    """scipy.ndimage.zoom(order=1) semantics, written out in numpy.

    Output index i samples input coordinate i * (n_in - 1) / (n_out - 1)
    and interpolates linearly between the two neighbours, per axis.
    """
    def axis_weights(n_in, n_out):
        w = np.zeros((n_out, n_in))
        for i in range(n_out):
            c = i * (n_in - 1) / (n_out - 1)
            lo = min(int(np.floor(c)), n_in - 2)
            w[i, lo] += 1 - (c - lo)
            w[i, lo + 1] += c - lo
        return w

    wh = axis_weights(grid.shape[0], size[0])
    ww = axis_weights(grid.shape[1], size[1])
    return np.einsum('ih,hwc,jw->ijc', wh, grid, ww)


@pytest.mark.parametrize('size', [(24, 24), (10, 10)])
def test_official_kernel_is_scipy_zoom_order1(pos_embed, size):
    """bilinear + align_corners == the official JAX code's scipy zoom."""
    ours = resize_pos_embed(pos_embed, (14, 14), size, mode='bilinear',
                            align_corners=True)
    grid = pos_embed[0, 1:].reshape(14, 14, 8).double().numpy()
    ref = _bilinear_corners_by_hand(grid, size)
    try:
        from scipy import ndimage
        zoomed = ndimage.zoom(grid, (size[0] / 14, size[1] / 14, 1), order=1)
        np.testing.assert_allclose(zoomed, ref, atol=1e-10)
    except ImportError:
        pass  # the numpy transcription above is the reference then
    torch.testing.assert_close(ours[:, :1], pos_embed[:, :1])
    np.testing.assert_allclose(
        ours[0, 1:].reshape(*size, 8).numpy(), ref, atol=1e-5)


@pytest.mark.parametrize('size', [(24, 24), (10, 10)])
def test_timm_and_mmpretrain_kernels(pos_embed, size):
    cases = {
        # timm default (checkpoint_filter_fn): bicubic, antialiased
        'timm': (dict(mode='bicubic', antialias=True),
                 resample_abs_pos_embed(pos_embed, list(size), (14, 14))),
        # timm _load_weights for .npz: bilinear, no antialias
        'timm_npz': (dict(mode='bilinear'),
                     resample_abs_pos_embed(
                         pos_embed, list(size), (14, 14),
                         interpolation='bilinear', antialias=False)),
        # mmpretrain: bicubic, align_corners=False, no antialias
        'mmpretrain': (dict(mode='bicubic'),
                       mmpretrain_resize(pos_embed, (14, 14), size)),
    }
    results = {}
    for name, (kwargs, ref) in cases.items():
        ours = resize_pos_embed(pos_embed, (14, 14), size, **kwargs)
        torch.testing.assert_close(ours, ref, rtol=0, atol=1e-6)
        results[name] = ours
    results['official'] = resize_pos_embed(
        pos_embed, (14, 14), size, mode='bilinear', align_corners=True)
    # The four kernels really differ, so each comparison above is specific.
    names = sorted(results)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert (results[a] - results[b]).abs().max() > 1e-3, (a, b)


def test_vit_loads_and_forwards_with_the_selected_kernel(timm_vit_s16):
    """224-px timm weights into a 288-px ViT: the load hook and the
    on-the-fly forward resize both use the configured kernel."""
    state = _converter().convert_timm_vit(timm_vit_s16.state_dict())
    kernel = dict(interpolate_mode='bilinear', align_corners=True)
    big = MODELS.build(
        dict(
            type='ImageClassifier',
            backbone=dict(type='ViT', arch='deit-s', img_size=288,
                          patch_size=16, **kernel),
            head=dict(type='VisionTransformerClsHead', num_classes=1000,
                      in_channels=384))).eval()
    big.load_state_dict(state, strict=True)
    expected = resize_pos_embed(state['backbone.pos_embed'], (14, 14),
                                (18, 18), mode='bilinear', align_corners=True)
    torch.testing.assert_close(big.backbone.pos_embed.data, expected)
    not_official = resize_pos_embed(state['backbone.pos_embed'], (14, 14),
                                    (18, 18))
    assert (big.backbone.pos_embed.data - not_official).abs().max() > 1e-3

    # Forward at 288 px with the 224-px model == the 288-px model.
    small = _vit_s16('ViT', **kernel)
    small.load_state_dict(state, strict=True)
    x = torch.randn(1, 3, 288, 288)
    with torch.no_grad():
        torch.testing.assert_close(small(x, mode='tensor'),
                                   big(x, mode='tensor'), rtol=0, atol=1e-4)


def test_invalid_kernel_fails_at_build():
    with pytest.raises(ValueError):
        MODELS.build(
            dict(type='ViT', arch='deit-t', interpolate_mode='nearest',
                 antialias=True))
