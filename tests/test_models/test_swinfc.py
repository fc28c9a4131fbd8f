# Copyright (c) mmglm contributors. All rights reserved.
"""SwinFC: EACA, FFM, FSM, contrastive loss, staged head, configs.

Every module is compared with a hand computation on a small tensor (loops in
float64, independent of the vectorised code) or with the reference code the
spec names (FBSD ``FDM``, TransFG ``con_loss``), transcribed below.
"""
import math
import os
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.model import BaseModel
from mmengine.optim import build_optim_wrapper
from mmpretrain.structures import DataSample

from mmglm.models.backbones import SwinFCBackbone
from mmglm.models.heads import SwinFCHead
from mmglm.models.losses import TransFGContrastiveLoss
from mmglm.models.necks import FFMNeck, feature_diversification
from mmglm.models.utils import (EACA, CrossSpatialAttention,
                                ExternalAttention1d, FeatureSelectionModule)
from mmglm.registry import MODELS
from mmglm.utils import register_all_modules

register_all_modules()
REPO = Path(__file__).resolve().parents[2]
CFG_DIR = REPO / 'configs' / 'swinfc'


def _softmax(values):
    exps = [math.exp(v - max(values)) for v in values]
    return [e / sum(exps) for e in exps]


# ----------------------------------------------------------------- EACA ----
def _hand_ea(x, ea, norm):
    """External attention written out token by token (float64 lists)."""
    B, C, H, W = x.shape
    N = H * W
    M = ea.memory_read.weight.shape[0]
    w1 = ea.memory_read.weight  # (M, C, 3)
    w2 = ea.memory_write.weight  # (C, M, 1)
    out = []
    for b in range(B):
        seq = x[b].reshape(C, N).tolist()
        # memory read: 1-D conv over the raster token order, zero padding 1
        a = [[
            sum(w1[m, c, k].item() * seq[c][n + k - 1] for c in range(C)
                for k in range(3) if 0 <= n + k - 1 < N) for n in range(N)
        ] for m in range(M)]
        a = [_softmax(row) for row in a]  # over the N tokens
        if norm == 'double':  # then over the M memory units
            col = [sum(a[m][n] for m in range(M)) for n in range(N)]
            a = [[a[m][n] / (1e-9 + col[n]) for n in range(N)]
                 for m in range(M)]
        out.append([[
            seq[c][n] + sum(w2[c, m, 0].item() * a[m][n] for m in range(M))
            for n in range(N)
        ] for c in range(C)])
    return torch.tensor(out, dtype=torch.float64).view(B, C, H, W)


def _hand_ca(x, ca):
    """Cross-spatial attention written out position by position."""
    B, C, H, W = x.shape
    wh = ca.conv_h.weight  # (C, C, 3, 1)
    ww = ca.conv_w.weight  # (C, C, 1, 3)

    def conv1d(seq, weight, length):  # weight(o, i, k) with "same" padding
        return [[
            sum(
                weight(o, i, k) * seq[i][p + k - 1] for i in range(C)
                for k in range(3) if 0 <= p + k - 1 < length)
            for p in range(length)
        ] for o in range(C)]

    out = []
    for b in range(B):
        xh = [[sum(x[b, c, h, w].item() for w in range(W)) / W
               for h in range(H)] for c in range(C)]
        xw = [[sum(x[b, c, h, w].item() for h in range(H)) / H
               for w in range(W)] for c in range(C)]
        ah = [
            _softmax(r)
            for r in conv1d(xh, lambda o, i, k: wh[o, i, k, 0].item(), H)
        ]
        aw = [
            _softmax(r)
            for r in conv1d(xw, lambda o, i, k: ww[o, i, 0, k].item(), W)
        ]
        out.append([[[x[b, c, h, w].item() * (ah[c][h] + aw[c][w])
                      for w in range(W)] for h in range(H)]
                    for c in range(C)])
    return torch.tensor(out, dtype=torch.float64)


@pytest.mark.parametrize('norm', ['double', 'softmax'])
def test_external_attention_matches_hand_computation(norm):
    torch.manual_seed(0)
    ea = ExternalAttention1d(2, memory_size=3, norm=norm).double()
    x = torch.randn(1, 2, 2, 2, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(ea(x), _hand_ea(x, ea, norm), atol=1e-12)


def test_cross_spatial_attention_matches_hand_computation():
    torch.manual_seed(0)
    ca = CrossSpatialAttention(2).double()
    x = torch.randn(1, 2, 3, 4, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(ca(x), _hand_ca(x, ca), atol=1e-12)


@pytest.mark.parametrize('mode', ['eaca', 'ea', 'ca'])
def test_eaca_modes(mode):
    """EACA = EA + CA (Fig. 2), each part by hand from the weights."""
    torch.manual_seed(0)
    eaca = MODELS.build(
        dict(type='EACA', in_channels=4, mode=mode, memory_size=3)).double()
    x = torch.randn(2, 4, 3, 5, dtype=torch.float64)
    expected = 0
    if mode != 'ca':
        expected = expected + _hand_ea(x, eaca.ea, 'double')
    if mode != 'ea':
        expected = expected + _hand_ca(x, eaca.ca)
    with torch.no_grad():
        assert torch.allclose(eaca(x), expected, atol=1e-12)
    assert (eaca.ea is None) == (mode == 'ca')
    assert (eaca.ca is None) == (mode == 'ea')


# ------------------------------------------------------------------ FFM ----
def test_ffm_matches_hand_computation():
    torch.manual_seed(0)
    C = 2
    shapes = [(2, 2), (1, 3), (1, 1)]
    feats = [torch.randn(1, C, h, w, dtype=torch.float64) for h, w in shapes]
    seqs = [f.view(C, -1).tolist() for f in feats]  # C x N_i
    scale = 0.5

    def resample(src, dst):
        """X_{src->dst}: src features over softmax_{N_src}(-X_src^T X_dst)."""
        ns, nd = len(seqs[src][0]), len(seqs[dst][0])
        out = [[0.0] * nd for _ in range(C)]
        for q in range(nd):
            neg = [
                -sum(seqs[src][c][p] * seqs[dst][c][q] for c in range(C))
                for p in range(ns)
            ]
            w = _softmax(neg)
            for c in range(C):
                out[c][q] = sum(seqs[src][c][p] * w[p] for p in range(ns))
        return out

    outs = feature_diversification(feats, normalize=False, scale=scale)
    for i, f in enumerate(feats):
        expected = [row[:] for row in seqs[i]]
        for j in range(len(feats)):
            if j != i:
                comp = resample(j, i)
                for c in range(C):
                    for n in range(len(expected[c])):
                        expected[c][n] += scale * comp[c][n]
        assert torch.allclose(
            outs[i],
            torch.tensor(expected, dtype=f.dtype).view_as(f),
            atol=1e-12)


def _fbsd_fdm(fm1, fm2):
    """chaomaer/FBSD model.py FDM.forward (transcribed)."""
    factor = round(1.0 / (28 * 28), 3)
    b, c, w1, h1 = fm1.shape
    _, _, w2, h2 = fm2.shape
    fm1 = fm1.view(b, c, -1)
    fm2 = fm2.view(b, c, -1)
    fm1_t = fm1.permute(0, 2, 1)
    fm1_t_norm = F.normalize(fm1_t, dim=-1)
    fm2_norm = F.normalize(fm2, dim=1)
    M = -1 * torch.bmm(fm1_t_norm, fm2_norm)
    M_1 = F.softmax(M, dim=1)
    M_2 = F.softmax(M.permute(0, 2, 1), dim=1)
    new_fm2 = torch.bmm(fm1, M_1).view(b, c, w2, h2)
    new_fm1 = torch.bmm(fm2, M_2).view(b, c, w1, h1)
    return factor * new_fm1, factor * new_fm2


def test_ffm_matches_fbsd_fdm():
    torch.manual_seed(0)
    att1, att2, att3 = (torch.randn(2, 8, s, s) for s in (6, 3, 2))
    d1_from2, d2_from1 = _fbsd_fdm(att1, att2)
    d1_from3, d3_from1 = _fbsd_fdm(att1, att3)
    d2_from3, d3_from2 = _fbsd_fdm(att2, att3)
    expected = (att1 + (d1_from2 + d1_from3), att2 + (d2_from1 + d2_from3),
                att3 + (d3_from1 + d3_from2))  # gamma = 1
    outs = feature_diversification((att1, att2, att3),
                                   normalize=True,
                                   scale=0.001)
    for out, exp in zip(outs, expected):
        assert (out - exp).abs().max() < 1e-6


def test_ffm_neck_composes_attention_alignment_and_fusion():
    """Attention (EACA by hand), 1x1 alignment (a per-token linear map) and
    the fusion (FBSD's FDM, transcribed), against the neck's outputs."""
    torch.manual_seed(0)
    neck = FFMNeck(
        in_channels=(4, 8),
        out_channels=6,
        attn_cfg=dict(type='EACA', memory_size=3),
        normalize=True,
        scale=0.1).double()
    x1, x2, extra = (torch.randn(2, 4, 4, 4, dtype=torch.float64),
                     torch.randn(2, 8, 2, 2, dtype=torch.float64),
                     torch.randn(2, 8, 1, 1, dtype=torch.float64))
    with torch.no_grad():
        outs = neck((x1, x2, extra))

    def branch(x, i):
        attn, proj = neck.attns[i], neck.projs[i]
        y = _hand_ea(x, attn.ea, 'double') + _hand_ca(x, attn.ca)
        w, bias = proj.weight[:, :, 0, 0], proj.bias
        return torch.einsum('oc,bchw->bohw', w, y) + bias.view(1, -1, 1, 1)

    b1, b2 = branch(x1, 0).detach(), branch(x2, 1).detach()
    d1_from2, d2_from1 = _fbsd_fdm(b1, b2)  # factor 0.001 * complement
    assert len(outs) == 4
    assert outs[0] is x2 and outs[3] is extra
    assert (outs[1] - (b1 + 0.1 / 0.001 * d1_from2)).abs().max() < 1e-9
    assert (outs[2] - (b2 + 0.1 / 0.001 * d2_from1)).abs().max() < 1e-9
    # no attention, no fusion: the 1x1 alignment alone
    without = FFMNeck(in_channels=(4, 8), attn_cfg=None, with_fusion=False)
    x2f = x2.float()
    with torch.no_grad():
        outs = without((x1.float(), x2f))
    p = without.projs[1]
    manual = torch.einsum('oc,bchw->bohw', p.weight[:, :, 0, 0],
                          x2f) + p.bias.view(1, -1, 1, 1)
    assert torch.allclose(outs[2], manual, atol=1e-6)


# ------------------------------------------------------------------ FSM ----
def test_fsm_picks_the_most_attended_tokens():
    torch.manual_seed(0)
    B, heads, N, C = 2, 3, 7, 5
    # the token each (image, block, head) attends to most, by construction
    target = torch.randint(0, N, (B, 2, heads))
    maps = []
    for blk in range(2):
        logits = torch.randn(B, heads, N, N)
        for b in range(B):
            for h in range(heads):
                logits[b, h, :, target[b, blk, h]] += 4.0
        maps.append(logits.softmax(dim=-1))
    tokens = torch.randn(B, N, C)
    feat, idx = FeatureSelectionModule()(maps, tokens)
    assert idx.tolist() == target.view(B, -1).tolist()
    expected = torch.stack(
        [tokens[b, target[b].flatten()].mean(dim=0) for b in range(B)])
    assert torch.allclose(feat, expected)


def _reference_window_attention(w_msa, x):
    """Softmax(q k^T * scale + relative position bias), from the weights."""
    B, N, C = x.shape
    h = w_msa.num_heads
    q, k, _ = (x @ w_msa.qkv.weight.t() + w_msa.qkv.bias).view(
        B, N, 3, h, C // h).permute(2, 0, 3, 1, 4)
    bias = w_msa.relative_position_bias_table[
        w_msa.relative_position_index.view(-1)].view(N, N, h).permute(2, 0, 1)
    return ((q * (C // h)**-0.5) @ k.transpose(-2, -1) + bias).softmax(-1)


def test_backbone_exposes_stage4_attention_and_fsm_feature():
    """Against mmpretrain's SwinTransformer with the same weights: its stage
    maps, its stage-4 attention (recomputed from its weights and the window
    tokens it sees) and the FSM feature picked by hand from them."""
    from mmpretrain.models import SwinTransformer
    torch.manual_seed(0)
    model = SwinFCBackbone(arch='test', img_size=64, window_size=2)
    model.init_weights()
    model.eval()
    plain = SwinTransformer(
        arch=SwinFCBackbone.arch_zoo['test'],
        img_size=64,
        window_size=2,
        out_indices=(1, 2, 3))
    plain.load_state_dict(model.state_dict())
    plain.eval()
    inputs = {}
    for i, block in enumerate(plain.stages[-1].blocks):
        block.attn.w_msa.register_forward_pre_hook(
            lambda m, args, i=i: inputs.__setitem__(i, args[0]))
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        outs = model(x)
        ref_outs = plain(x)
    assert [o.shape[1:] for o in outs] == [(16, 8, 8), (32, 4, 4), (64, 2, 2),
                                           (64, 1, 1)]
    for a, b in zip(ref_outs, outs[:3]):
        assert torch.allclose(a, b)
    assert len(model.attn_maps) == 2  # one per stage-4 block
    ref_maps = [
        _reference_window_attention(block.attn.w_msa, inputs[i])
        for i, block in enumerate(plain.stages[-1].blocks)
    ]
    for got, ref in zip(model.attn_maps, ref_maps):
        assert torch.allclose(got, ref, atol=1e-5)
    # FSM by hand: per image, block and head the token with the largest mean
    # attention received (column mean), the mean of those tokens
    tokens = ref_outs[2].flatten(2).transpose(1, 2)  # (B, N, C)
    expected = []
    for b in range(2):
        picked = []
        for attn in ref_maps:  # (B, heads, N, N)
            for h in range(attn.shape[1]):
                col = attn[b, h].mean(dim=0)  # (N, )
                picked.append(tokens[b, int(col.argmax())])
        expected.append(torch.stack(picked).mean(0))
    assert torch.allclose(outs[3].flatten(1), torch.stack(expected),
                          atol=1e-6)


def test_backbone_fsm_needs_a_single_last_window():
    model = SwinFCBackbone(arch='test', img_size=128, window_size=2)
    with pytest.raises(ValueError, match='one window_size=2 attention window'):
        model(torch.randn(1, 3, 128, 128))
    plain = SwinFCBackbone(
        arch='test', img_size=128, window_size=2, with_fsm=False)
    assert len(plain(torch.randn(1, 3, 128, 128))) == 3


def test_backbone_loads_legacy_swin_checkpoints():
    torch.manual_seed(0)
    src = SwinFCBackbone(arch='test', img_size=64, window_size=2)
    state = src.state_dict()
    legacy = {k.replace('norm3.', 'norm.'): v for k, v in state.items()}
    legacy['stages.0.blocks.0.attn.attn_mask'] = torch.zeros(1)
    dst = SwinFCBackbone(arch='test', img_size=64, window_size=2)
    # no version metadata, as after mmengine's prefix-stripping loader
    dst.load_state_dict(legacy, strict=True)
    assert torch.equal(dst.norm3.weight, src.norm3.weight)


# ------------------------------------------------------ contrastive loss ----
def _transfg_con_loss(features, labels):
    """TACJu/TransFG models/modeling.py con_loss (transcribed)."""
    B, _ = features.shape
    features = F.normalize(features)
    cos_matrix = features.mm(features.t())
    pos_label_matrix = torch.stack([labels == labels[i]
                                    for i in range(B)]).float()
    neg_label_matrix = 1 - pos_label_matrix
    pos_cos_matrix = 1 - cos_matrix
    neg_cos_matrix = cos_matrix - 0.4
    neg_cos_matrix[neg_cos_matrix < 0] = 0
    loss = (pos_cos_matrix * pos_label_matrix).sum() + (
        neg_cos_matrix * neg_label_matrix).sum()
    loss /= (B * B)
    return loss


def test_contrastive_loss_matches_hand_computation():
    # unit directions (1,0), (.8,.6), (.6,.8), (0,1), scaled differently
    z = torch.tensor([[2., 0.], [4., 3.], [6., 8.], [0., .5]])
    y = torch.tensor([0, 0, 1, 1])
    # cos: c01=.8 c02=.6 c03=0 c12=.96 c13=.6 c23=.8
    # positives (ordered pairs): 2 * [(1 - .8) + (1 - .8)] = .8
    # negatives: 2 * [max(.6-.4,0) + 0 + (.96-.4) + (.6-.4)] = 1.92
    expected = (0.8 + 1.92) / 16
    loss_fn = MODELS.build(dict(type='TransFGContrastiveLoss', margin=0.4))
    assert loss_fn(z, y).item() == pytest.approx(expected, abs=1e-6)
    torch.manual_seed(0)
    feats, labels = torch.randn(6, 5), torch.tensor([0, 1, 0, 1, 1, 0])
    assert torch.allclose(TransFGContrastiveLoss()(feats, labels),
                          _transfg_con_loss(feats, labels))


# ----------------------------------------------------------------- head ----
def _samples(labels):
    return [DataSample().set_gt_label(int(y)) for y in labels]


def test_head_total_is_the_beta_weighted_sum_of_its_terms():
    torch.manual_seed(0)
    K, C, Cf = 5, 6, 4
    head = SwinFCHead(
        num_classes=K, in_channels=C, branch_channels=Cf, cal_acc=True)
    head.init_weights()
    feats = (torch.randn(3, C, 2, 2), torch.randn(3, Cf, 4, 4),
             torch.randn(3, Cf, 3, 3), torch.randn(3, Cf, 2,
                                                   2), torch.randn(3, C, 1, 1))
    labels = torch.tensor([0, 3, 0])
    losses = head.loss(feats, _samples(labels))
    acc = losses.pop('accuracy_top-1')[0]  # one threshold; not a loss
    assert set(losses) == {
        'loss_swin', 'loss_stage2', 'loss_stage3', 'loss_stage4', 'loss_con'
    }
    # logits by hand: backbone GAP -> fc; branch LN -> GAP -> fc
    swin = feats[0].mean((2, 3)) @ head.fc.weight.t() + head.fc.bias
    ce = [F.cross_entropy(swin, labels)]
    for x, norm, fc in zip(feats[1:4], head.branch_norms, head.branch_fcs):
        xn = F.layer_norm(
            x.permute(0, 2, 3, 1), (Cf, ), norm.weight, norm.bias,
            norm.eps).mean((1, 2))
        ce.append(F.cross_entropy(xn @ fc.weight.t() + fc.bias, labels))
    assert acc.item() == pytest.approx(
        100 * (swin.argmax(1) == labels).float().mean().item())
    con = _transfg_con_loss(feats[4].flatten(1), labels)
    betas = (0.4, 0.6, 0.8)
    assert losses['loss_swin'].item() == pytest.approx(ce[0].item(), 1e-5)
    for name, beta, c in zip(('stage2', 'stage3', 'stage4'), betas, ce[1:]):
        assert losses[f'loss_{name}'].item() == pytest.approx(
            beta * c.item(), 1e-5)
    assert losses['loss_con'].item() == pytest.approx(con.item(), 1e-5)
    total, log_vars = BaseModel.parse_losses(None, losses)
    hand = ce[0] + sum(b * c for b, c in zip(betas, ce[1:])) + con
    assert total.item() == pytest.approx(hand.item(), 1e-5)
    assert log_vars['loss'].item() == pytest.approx(hand.item(), 1e-5)

    # prediction: backbone head, or the sum of the four heads' logits
    scores = head(feats)
    pred = head.predict(feats)
    assert torch.allclose(pred[0].pred_score, scores[0][0].softmax(-1))
    head.predict_mode = 'sum'
    pred = head.predict(feats)
    assert torch.allclose(pred[0].pred_score,
                          sum(s[0] for s in scores).softmax(-1))


# -------------------------------------------------------------- configs ----
@pytest.fixture(scope='module')
def cub_cfg():
    return Config.fromfile(str(CFG_DIR / 'swinfc_cub.py'))


@pytest.fixture(scope='module')
def cub_model(cub_cfg):
    torch.manual_seed(0)
    return MODELS.build(cub_cfg.model)


def _lr_by_param(model, optim_cfg):
    wrapper = build_optim_wrapper(model, optim_cfg)
    lrs = {}
    for group in wrapper.optimizer.param_groups:
        for p in group['params']:
            lrs[id(p)] = group['lr']
    return {n: lrs[id(p)] for n, p in model.named_parameters()}


def test_cub_optimizer_lrs(cub_cfg, cub_model):
    assert isinstance(cub_model.backbone, SwinFCBackbone)
    assert cub_model.backbone.embed_dims == 128  # Swin-B
    lrs = _lr_by_param(cub_model, cub_cfg.optim_wrapper)
    new_modules = [n for n in lrs if not n.startswith('backbone.')]
    assert {n.split('.')[0] for n in new_modules} == {'neck', 'head'}
    assert any('.ea.' in n for n in new_modules)
    assert any('.ca.' in n for n in new_modules)
    assert any('branch_fcs' in n for n in new_modules)
    for name, lr in lrs.items():
        expected = 2e-3 if name.startswith('backbone.') else 5e-3
        assert lr == pytest.approx(expected, rel=1e-9), name


def test_nabirds_and_webfg_optimizer_lrs(cub_model):
    for name in ('swinfc_nabirds.py', 'swinfc_webfg496.py',
                 'swinfc_web-car.py'):
        cfg = Config.fromfile(str(CFG_DIR / name))
        # the lrs do not depend on the number of classes: reuse the model
        lrs = _lr_by_param(cub_model, cfg.optim_wrapper)
        assert all(lr == pytest.approx(3e-2) for lr in lrs.values()), name


def test_ablation_configs_switch_the_right_parts():
    expect = {  # file: (EA, CA, FFM, FSM)
        'swinfc-abl-ea_swin-b_4xb8_cub-384px.py': (True, False, False, False),
        'swinfc-abl-ca_swin-b_4xb8_cub-384px.py': (False, True, False, False),
        'swinfc-abl-eaca_swin-b_4xb8_cub-384px.py': (True, True, False, False),
        'swinfc-abl-ffm_swin-b_4xb8_cub-384px.py': (True, True, True, False),
        'swinfc_cub.py': (True, True, True, True),
    }
    for name, (ea, ca, ffm, fsm) in expect.items():
        model_cfg = Config.fromfile(str(CFG_DIR / name)).model
        neck = MODELS.build(model_cfg.neck)
        head = MODELS.build(model_cfg.head)
        assert (neck.attns[0].ea is not None) == ea, name
        assert (neck.attns[0].ca is not None) == ca, name
        assert neck.with_fusion == ffm, name
        assert model_cfg.backbone.with_fsm == fsm, name
        assert (head.con_loss is not None) == fsm, name


def _tiny_swinfc():
    cfg = Config.fromfile(str(CFG_DIR / 'swinfc_swin-t_1xb16_cub100-128px.py'))
    cfg.model.backbone.update(
        arch='test', img_size=64, window_size=2, drop_path_rate=0.)
    cfg.model.neck.update(in_channels=(16, 32, 64), out_channels=24)
    cfg.model.head.update(num_classes=4, in_channels=64, branch_channels=24)
    return cfg


def test_one_step_gives_every_new_parameter_a_gradient():
    cfg = _tiny_swinfc()
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    data = dict(
        inputs=[
            torch.randint(0, 255, (3, 64, 64), dtype=torch.uint8)
            for _ in range(4)
        ],
        data_samples=_samples([0, 1, 2, 1]))
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    # train_step's steps, with the gradients inspected before zero_grad
    batch = model.data_preprocessor(data, training=True)
    losses = model(**batch, mode='loss')
    assert set(losses) == {
        'loss_swin', 'loss_stage2', 'loss_stage3', 'loss_stage4', 'loss_con'
    }
    total, _ = model.parse_losses(losses)
    wrapper.backward(total)
    new = [(n, p) for n, p in model.named_parameters()
           if n.startswith(('neck.', 'head.'))]
    assert any('.ea.' in n for n, _ in new) and any('.ca.' in n
                                                    for n, _ in new)
    no_grad = [n for n, p in new if p.grad is None or p.grad.abs().sum() == 0]
    assert not no_grad, f'no gradient: {no_grad}'
    wrapper.step()
    unchanged = [n for n, p in new if torch.equal(p, before[n])]
    assert not unchanged, f'not updated: {unchanged}'


@pytest.mark.slow
def test_swinfc_cub_builds_swin_b_384_and_trains_one_step(cub_cfg, cub_model):
    model = cub_model
    feats = None
    data = dict(
        inputs=[
            torch.randint(0, 255, (3, 384, 384), dtype=torch.uint8)
            for _ in range(2)
        ],
        data_samples=_samples([3, 150]))
    model.train()
    with torch.no_grad():
        batch = model.data_preprocessor(data, training=False)
        feats = model.backbone(batch['inputs'])
    # the spec's stage table at 384: 256x48x48, 512x24x24, 1024x12x12 + FSM
    assert [tuple(f.shape[1:])
            for f in feats] == [(256, 48, 48), (512, 24, 24), (1024, 12, 12),
                                (1024, 1, 1)]
    assert [tuple(a.shape) for a in model.backbone.attn_maps] == \
        [(2, 32, 144, 144)] * 2  # 2 blocks x 32 heads: 64 candidates
    wrapper = build_optim_wrapper(model, cub_cfg.optim_wrapper)
    before = {
        n: p.detach().clone()
        for n, p in model.named_parameters()
        if n in ('backbone.stages.3.blocks.1.attn.w_msa.qkv.weight',
                 'neck.attns.0.ea.memory_read.weight', 'head.fc.weight')
    }
    log_vars = model.train_step(data, wrapper)
    for key in ('loss', 'loss_swin', 'loss_stage2', 'loss_stage3',
                'loss_stage4', 'loss_con'):
        assert math.isfinite(log_vars[key].item()), key
    # 200 classes, near-uniform logits at init
    assert log_vars['loss_swin'].item() == pytest.approx(
        math.log(200), rel=0.2)
    params = dict(model.named_parameters())
    for name, old in before.items():
        assert not torch.equal(params[name], old), name
    model.eval()
    with torch.no_grad():
        preds = model(model.data_preprocessor(data)['inputs'], mode='predict')
    assert len(preds) == 2 and preds[0].pred_score.shape == (200, )


def _shared_data() -> Path:
    env = os.environ.get('MMGLM_SHARED_DATA')
    for cand in ([Path(env)] if env else []) + [
            REPO / '..' / 'shared' / 'data',
            Path('/work/shared/data')
    ]:
        if (cand / 'cub100').is_dir():
            return cand.resolve()
    pytest.skip('cub100 not found')


@pytest.mark.slow
def test_training_on_cub100_lowers_the_loss():
    """The CPU recipe's optimiser fits 16 real cub100 images (4 classes).

    A small Swin (embed 16) at 64 px keeps this to ~35 s of CPU. Chance level
    is log(4) for every CE term: the model must use the images to go below.
    """
    from mmengine.dataset import pseudo_collate
    from mmpretrain.datasets import CustomDataset
    cfg = Config.fromfile(str(CFG_DIR / 'swinfc_swin-t_1xb16_cub100-128px.py'))
    cfg.model.backbone.update(
        arch=dict(embed_dims=16, depths=[1, 1, 2, 1], num_heads=[1, 2, 4, 8]),
        img_size=64,
        window_size=2,
        drop_path_rate=0.)
    cfg.model.neck.update(in_channels=(32, 64, 128), out_channels=64)
    cfg.model.head.update(num_classes=4, in_channels=128, branch_channels=64)
    pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='Resize', scale=(64, 64)),
        dict(type='PackInputs')
    ]
    dataset = CustomDataset(
        data_root=str(_shared_data() / 'cub100'),
        ann_file='meta/train.txt',
        data_prefix='',
        pipeline=pipeline)
    by_class = {}
    for i, label in enumerate(dataset.get_gt_labels().tolist()):
        if label < 4 and len(by_class.setdefault(label, [])) < 4:
            by_class[label].append(i)
    batch = pseudo_collate([dataset[i] for v in by_class.values() for i in v])
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    logs = [model.train_step(batch, wrapper) for _ in range(16)]
    first, last = logs[0], logs[-1]
    assert first['loss_swin'].item() == pytest.approx(math.log(4), rel=0.1)
    assert last['loss'].item() < 0.6 * first['loss'].item()
    assert last['loss_swin'].item() < 0.8 * math.log(4)
    for key in ('loss_stage2', 'loss_stage3', 'loss_stage4', 'loss_con'):
        assert last[key].item() < first[key].item(), key
