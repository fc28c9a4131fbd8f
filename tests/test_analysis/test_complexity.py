"""Params/FLOPs counting (mmglm.analysis.complexity) and the metafile/README
generator, checked against hand counts and timm's published GMACs."""
import shutil

import pytest
import timm
import torch
import yaml

from mmglm.analysis.complexity import (build_model_from_config,
                                       count_complexity,
                                       input_size_from_config)
from mmglm.analysis.metafile import (TABLE_END, TABLE_START, render_table,
                                     update_metafile, update_readme)
from tests.utils import REPO, load_script

RESNET_CFG = REPO / 'configs/resnet/resnet18_1xb32_intel-mini-64px.py'


def _tool(name):
    return load_script(f'tools/analysis/{name}.py')


@pytest.mark.slow
def test_vit_small_matches_timm_gmacs_with_attention():
    """timm lists vit_small_patch16_224 at 4.6 GMACs (attention included)."""
    model = timm.create_model('vit_small_patch16_224')
    res = count_complexity(model, (3, 224, 224))
    tokens, dim, heads, depth = 197, 384, 6, 12
    ops = res['by_operator']
    # q k^T and attn v of every head of every block, by hand
    assert ops['scaled_dot_product_attention'] == \
        depth * heads * tokens * tokens * (dim // heads) * 2
    assert ops['conv'] == 196 * 384 * 3 * 16 * 16  # patch embedding
    linear = depth * tokens * dim * (3 * dim + dim + 2 * 4 * dim) + dim * 1000
    assert ops['linear'] == linear
    assert res['flops'] / 1e9 == pytest.approx(4.6, abs=0.05)
    assert res['params'] == sum(p.numel() for p in model.parameters())


def test_fused_and_explicit_attention_count_the_same():
    """The SDPA handle gives what fvcore counts for matmul-softmax-matmul."""
    torch.manual_seed(0)
    model = timm.create_model('vit_tiny_patch16_224', img_size=32)
    fused = count_complexity(model, (3, 32, 32))
    for blk in model.blocks:
        blk.attn.fused_attn = False
    explicit = count_complexity(model, (3, 32, 32))
    assert 'scaled_dot_product_attention' in fused['by_operator']
    assert 'scaled_dot_product_attention' not in explicit['by_operator']
    assert explicit['by_operator']['matmul'] == \
        fused['by_operator']['scaled_dot_product_attention']
    assert explicit['flops'] == fused['flops']


@pytest.mark.slow
def test_mmpretrain_deit_small_counts_like_timm_vit_small():
    """mmpretrain's MultiheadAttention (SDPA on torch 2) is counted too."""
    from mmengine.config import Config
    cfg = Config(dict(model=dict(
        type='ImageClassifier',
        backbone=dict(type='VisionTransformer', arch='deit-small',
                      img_size=64, patch_size=16),
        neck=None,
        head=dict(type='VisionTransformerClsHead', num_classes=10,
                  in_channels=384)), default_scope='mmpretrain'))
    mm = count_complexity(build_model_from_config(cfg), (3, 64, 64))
    tm = count_complexity(
        timm.create_model('vit_small_patch16_224', img_size=64,
                          num_classes=10), (3, 64, 64))
    key = 'scaled_dot_product_attention'
    assert mm['by_operator'][key] == tm['by_operator'][key] == \
        12 * 6 * 17 * 17 * 64 * 2
    assert mm['by_operator']['linear'] == tm['by_operator']['linear']
    assert mm['params'] == tm['params']


def test_resnet_config_flops_scale_from_timm_resnet18_at_224():
    """ResNet-18 at 64 px: every feature map is 3.5x smaller per side than
    at 224 px, so conv MACs are timm resnet18's / 12.25 exactly (timm lists
    1.82 GMACs at 224)."""
    cfg_res = count_complexity(build_model_from_config(str(RESNET_CFG)),
                               (3, 64, 64))
    timm_res = count_complexity(timm.create_model('resnet18'), (3, 224, 224))
    assert timm_res['flops'] / 1e9 == pytest.approx(1.82, abs=0.01)
    assert cfg_res['by_operator']['conv'] * 12.25 == \
        timm_res['by_operator']['conv']
    assert cfg_res['by_operator']['linear'] == 512 * 6


def test_input_size_from_config():
    from mmengine.config import Config
    assert input_size_from_config(Config.fromfile(str(RESNET_CFG))) == \
        (64, 64)
    crop = Config(dict(test_dataloader=dict(dataset=dict(pipeline=[
        dict(type='ResizeEdge', scale=256, edge='short'),
        dict(type='CenterCrop', crop_size=224)]))))
    assert input_size_from_config(crop) == (224, 224)
    rect = Config(dict(test_dataloader=dict(dataset=dict(pipeline=[
        dict(type='Resize', scale=(320, 240))]))))
    assert input_size_from_config(rect) == (240, 320)  # scale is (w, h)
    assert input_size_from_config(Config(dict()), (7, 7)) == (7, 7)
    # CIFAR: no size in the test pipeline; the backbone's img_size, then the
    # train pipeline's RandomCrop
    cifar = dict(test_dataloader=dict(dataset=dict(pipeline=[
        dict(type='PackInputs')])), train_dataloader=dict(dataset=dict(
            pipeline=[dict(type='RandomCrop', crop_size=32, padding=4)])))
    assert input_size_from_config(Config(cifar)) == (32, 32)
    cifar['model'] = dict(backbone=dict(img_size=(40, 48)))
    assert input_size_from_config(Config(cifar)) == (40, 48)


def test_metafile_and_readme_are_generated_and_keep_other_fields(tmp_path):
    meta = tmp_path / 'metafile.yml'
    meta.write_text(yaml.safe_dump(dict(
        Collections=[dict(Name='Toy', Paper=dict(Title='t'))],
        Models=[dict(Name='a', Metadata=dict(FLOPs=1, Parameters=2,
                                             Epochs=3),
                     Results=[dict(Task='Image Classification',
                                   Metrics={'Top 1 Accuracy': 80.0})],
                     Config='configs/toy/a.py')])))
    rows = [dict(config='configs/toy/a.py', flops=10, params=20,
                 input_size=(64, 64)),
            dict(config='configs/toy/b.py', flops=30, params=40,
                 input_size=(112, 112))]
    data = update_metafile(meta, rows)
    again = yaml.safe_load(meta.read_text())
    assert again == data
    a, b = again['Models']
    assert a['Metadata'] == dict(FLOPs=10, Parameters=20, Epochs=3)
    assert a['Results'][0]['Metrics']['Top 1 Accuracy'] == 80.0
    assert again['Collections'][0]['Paper'] == dict(Title='t')
    assert b == {'Name': 'b', 'In Collection': 'Toy',
                 'Metadata': dict(FLOPs=30, Parameters=40),
                 'Results': [{'Task': 'Image Classification',
                              'Metrics': {}}],
                 'Config': 'configs/toy/b.py'}

    readme = tmp_path / 'README.md'
    readme.write_text(f'# Toy\n\nintro\n\n{TABLE_START}\nold\n{TABLE_END}\n'
                      '\n## Citation\n')
    text = update_readme(readme, render_table(rows, 'python x.py'))
    assert 'old' not in text and text.startswith('# Toy\n\nintro\n')
    assert text.rstrip().endswith('## Citation')
    assert '| [b](./b.py) | 112x112 | 0.00 | 0.000 |' in text
    assert update_readme(readme, render_table(rows, 'python x.py')) == text
    (tmp_path / 'new').mkdir()
    fresh = update_readme(tmp_path / 'new' / 'README.md', 'T')
    assert fresh == f'# new\n\n## Complexity\n\n{TABLE_START}\nT\n' \
        f'{TABLE_END}\n'


def test_complexity_tool_writes_resnet_folder(tmp_path, capsys):
    """The tool on a copy of configs/resnet reproduces the committed
    metafile numbers and README table."""
    folder = tmp_path / 'resnet'
    folder.mkdir()
    for src in sorted(RESNET_CFG.parent.glob('*.py')):
        # relative bases ('../_base_/', '../glmnet/') point into the repo
        (folder / src.name).write_text(
            src.read_text().replace("'../", f"'{REPO}/configs/"))
    shutil.copy(REPO / 'configs/resnet/README.md', folder / 'README.md')
    _tool('complexity').main([str(folder), '--update-metafile',
                              '--update-readme'])
    out = capsys.readouterr().out
    assert 'params 11.180 M' in out
    ours = yaml.safe_load((folder / 'metafile.yml').read_text())
    repo = yaml.safe_load(
        (REPO / 'configs/resnet/metafile.yml').read_text())
    assert ours['Models'][0]['Metadata'] == repo['Models'][0]['Metadata']
    table = (folder / 'README.md').read_text().split(TABLE_START)[1]
    repo_table = (REPO / 'configs/resnet/README.md').read_text().split(
        TABLE_START)[1]
    assert table.split('```')[0] == repo_table.split('```')[0]


def test_complexity_tool_reports_a_broken_config_and_measures_others(
        tmp_path, capsys):
    bad = tmp_path / 'bad.py'
    bad.write_text("model = dict(type='ImageClassifier', backbone=dict("
                   "type='ResNet', depth=19))\n")
    with pytest.raises(SystemExit, match='1 model'):
        _tool('complexity').main([str(bad), 'timm:resnet18',
                                  '--input-size', '32'])
    out = capsys.readouterr().out
    assert 'bad.py: FAILED (KeyError: ' in out and 'invalid depth' in out
    assert 'timm:resnet18: input 32x32, params 11.690 M' in out


def _tiny_retinanet(tmp_path):
    """mmdet's RetinaNet config with a ResNet-18 of width 8 and a 16-channel
    FPN (start_level 1, extra convs on the input, as mmdet's R50 recipe)."""
    from mmengine.config import Config
    path = tmp_path / 'retinanet.py'
    path.write_text(
        "_base_ = 'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'\n")
    cfg = Config.fromfile(str(path))
    cfg.merge_from_dict({
        'model.backbone': dict(depth=18, base_channels=8, init_cfg=None),
        'model.neck': dict(in_channels=[8, 16, 32, 64], out_channels=16),
        'model.bbox_head': dict(in_channels=16, feat_channels=16,
                                stacked_convs=1, num_classes=3),
    })
    return cfg


def test_detector_counts_extract_feat_backbone_plus_neck_by_hand(tmp_path):
    """A detector's FLOPs are those of ``extract_feat``: the backbone's
    (counted alone) plus the FPN's, which are written out by hand; the
    parameters are the whole detector's."""
    from mmengine.analysis import FlopAnalyzer

    from mmglm.analysis.complexity import config_complexity, is_detector
    cfg = _tiny_retinanet(tmp_path)
    # mmdet's test Resize(scale=(1333, 800)) padded to 32
    assert input_size_from_config(cfg) == (800, 1344)
    res = config_complexity(cfg, (64, 96))
    model = build_model_from_config(cfg).eval()
    assert is_detector(model) and res['part'] == 'extract_feat'
    assert res['params'] == sum(p.numel() for p in model.parameters())
    assert res['backbone_params'] == sum(
        p.numel() for p in model.backbone.parameters())
    assert res['params'] > res['backbone_params'] + sum(
        p.numel() for p in model.neck.parameters())  # + the head's

    backbone = count_complexity(model.backbone, (3, 64, 96))
    with torch.no_grad():
        feats = model.backbone(torch.randn(1, 3, 64, 96))
        neck = FlopAnalyzer(model.neck, (feats, ))
        neck.unsupported_ops_warnings(False)
        neck.uncalled_modules_warnings(False)
        neck_flops = neck.total()
    assert res['flops'] == backbone['flops'] + neck_flops
    # FPN by hand: C3..C5 are 8x12x16, 4x6x32, 2x3x64 (strides 8-32)
    maps = [(8 * 12, 16), (4 * 6, 32), (2 * 3, 64)]
    lateral = sum(hw * c * 16 for hw, c in maps)  # 1x1 convs to 16
    fpn = sum(hw for hw, _ in maps) * 16 * 16 * 9  # 3x3 output convs
    extra = 1 * 2 * 16 * 64 * 9 + 1 * 1 * 16 * 16 * 9  # P6 (on C5), P7
    upsample = 16 * (4 * 6 + 8 * 12)  # nearest, one per output element
    assert neck.by_operator()['conv'] == lateral + fpn + extra
    assert neck_flops == lateral + fpn + extra + upsample


def test_building_a_detector_leaves_the_default_scope_alone(tmp_path):
    """Building an mmdet config must not leave 'mmdet' as the global default
    scope: later mmglm builds in the same process would look there (this
    broke a dataset test that ran after the complexity tests)."""
    from mmengine.registry import DefaultScope
    from mmglm.registry import DATASETS
    before = DefaultScope.get_current_instance()
    before = before.scope_name if before else None
    model = build_model_from_config(_tiny_retinanet(tmp_path))
    assert type(model).__module__.startswith('mmdet')
    after = DefaultScope.get_current_instance()
    assert (after.scope_name if after else None) == before
    assert DATASETS.get('CUB100') is not None  # mmglm's, reachable


def test_det_config_sizes_and_table(tmp_path):
    """Detection configs default to their test Resize scale padded to 32;
    the table names what is counted."""
    from mmengine.config import Config
    det = REPO / 'configs/det'
    assert input_size_from_config(Config.fromfile(str(
        det / 'retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py'))) == \
        (320, 544)
    assert input_size_from_config(Config.fromfile(str(
        det / 'mask-rcnn_bot50_fpn_1x_coco.py'))) == (800, 1344)
    rows = [dict(config='configs/det/a.py', flops=3.75e9, params=6.08e6,
                 backbone_params=4.67e6, part='extract_feat',
                 input_size=(320, 544))]
    table = render_table(rows, 'python x.py')
    assert '| Backbone params (M) | Backbone + neck FLOPs (G) |' in table
    assert '| [a](./a.py) | 320x544 | 6.08 | 4.67 | 3.750 |' in table


def test_complexity_tool_refuses_partial_or_altered_updates(tmp_path):
    tool = _tool('complexity')
    with pytest.raises(SystemExit):
        tool.parse_args([str(RESNET_CFG), '--update-readme'])
    with pytest.raises(SystemExit):
        tool.parse_args([str(RESNET_CFG.parent), '--update-metafile',
                         '--num-classes', '1000'])


def test_metafile_update_keeps_comments_and_layout(tmp_path):
    meta = tmp_path / 'metafile.yml'
    text = ('# header comment\n'
            'Collections:\n  - Name: Toy\n\n'
            '# models comment\n'
            'Models:\n'
            '  - Name: a\n    In Collection: Toy\n    Metadata:\n'
            '      Epochs: 2  # stopped early\n      FLOPs: 1\n'
            '    Results: null\n    Config: configs/toy/a.py\n'
            '  - Name: c\n    Metadata: {}\n    Config: configs/toy/c.py\n')
    meta.write_text(text)
    update_metafile(meta, [
        dict(config='configs/toy/a.py', flops=10, params=20),
        dict(config='configs/toy/c.py', flops=5, params=6),
        dict(config='configs/toy/b.py', flops=30, params=40)])
    out = meta.read_text()
    assert out.startswith('# header comment\n')
    assert '# models comment\n' in out and '# stopped early' in out
    assert '      Epochs: 2  # stopped early\n      FLOPs: 10\n' in out
    assert '    Metadata:\n      FLOPs: 5\n      Parameters: 6\n' in out
    models = yaml.safe_load(out)['Models']
    assert [m['Name'] for m in models] == ['a', 'c', 'b']
    assert models[0]['Metadata'] == dict(Epochs=2, FLOPs=10, Parameters=20)
    assert models[2]['Metadata'] == dict(FLOPs=30, Parameters=40)
