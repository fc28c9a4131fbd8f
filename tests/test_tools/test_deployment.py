"""tools/deployment/pytorch2onnx.py (issue 13, point 3): every model family
exports to ONNX with a dynamic batch axis and onnxruntime gives PyTorch's
scores on real images (exported at batch 1, checked at batch 4)."""
import glob

import pytest
import torch

from tests.utils import PYTHON, REPO, load_script, run, shared_data_root

pytest.importorskip('onnxruntime')

FAMILIES = {
    'glmnet': 'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py',
    'swinfc': 'configs/swinfc/swinfc_swin-t_1xb16_cub100-128px.py',
    'botnet': 'configs/botnet/botnet26t_1xb32_intel-mini-112px.py',
    't2t_vit': 'configs/t2t_vit/t2t-vit-7_1xb32_intel-mini-64px.py',
    'nest': 'configs/nest/nest-mini_1xb32_intel-mini-64px.py',
    'vit': 'configs/vit/vit-tiny-p8_1xb32_intel-mini-64px.py',
}


def _tool():
    return load_script('tools/deployment/pytorch2onnx.py')


def _images(family, count=4):
    root = shared_data_root()
    pattern = 'cub100/val/*/*.jpg' if family == 'swinfc' else \
        'intel_mini/val/*/*.jpg'
    paths = sorted(glob.glob(str(root / pattern)))
    return paths[::len(paths) // count][:count]


def _checkpoint(config, path):
    """Initialised weights (init_weights); the heads' 0.01-std init scaled
    up so that the scores spread as a trained model's do."""
    from mmpretrain import get_model
    model = get_model(str(REPO / config))
    model.init_weights()
    with torch.no_grad():
        for m in model.head.modules():
            if isinstance(m, torch.nn.Linear):
                m.weight.normal_(0, m.in_features**-0.5)
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, path)
    return str(path)


@pytest.mark.parametrize('family', list(FAMILIES))
def test_onnxruntime_equals_pytorch_on_real_images(family, tmp_path):
    config = str(REPO / FAMILIES[family])
    ckpt = _checkpoint(FAMILIES[family], tmp_path / f'{family}.pth')
    diff, scale = _tool().export_and_check(config, ckpt,
                                           str(tmp_path / 'm.onnx'),
                                           _images(family))
    print(f'{family}: max abs difference {diff:.3e} (scores up to '
          f'{scale:.3g})')
    assert diff <= 1e-4
    assert scale > 1e-3  # not a vacuous comparison


def test_backbone_export_and_the_command_line(tmp_path):
    config = FAMILIES['vit']
    ckpt = _checkpoint(config, tmp_path / 'vit.pth')
    out = run([PYTHON, 'tools/deployment/pytorch2onnx.py', config, ckpt,
               '--backbone', '--images'] + _images('vit', 3))
    line = out.stdout.strip().splitlines()[-1]
    assert 'vit_backbone.onnx: max abs difference' in line, out.stdout
    assert float(line.split('= ')[1].split()[0]) <= 1e-4
    import onnx
    graph = onnx.load(str(tmp_path / 'vit_backbone.onnx')).graph
    assert graph.input[0].type.tensor_type.shape.dim[0].dim_param == 'batch'


def test_bad_inputs_name_the_model_file_or_key(tmp_path):
    tool = _tool()
    ckpt = _checkpoint(FAMILIES['vit'], tmp_path / 'vit.pth')
    # a checkpoint of another architecture
    with pytest.raises(KeyError, match=r'vit\.pth does not match the model: '
                       r"key 'backbone\."):
        tool.export_and_check(str(REPO / FAMILIES['nest']), ckpt,
                              str(tmp_path / 'x.onnx'), _images('nest', 1))
    # an image that cannot be read
    bad = tmp_path / 'broken.jpg'
    bad.write_bytes(b'<html>not an image</html>')
    with pytest.raises(ValueError, match='broken.jpg'):
        tool.export_and_check(str(REPO / FAMILIES['vit']), ckpt,
                              str(tmp_path / 'x.onnx'), [str(bad)])
    # an unknown model name: the closest names are suggested
    with pytest.raises(ValueError,
                       match='closest names: vit-tiny-p8_1xb32_intel-mini'):
        tool.export_and_check('vit-tiny-p8_intel-mini', ckpt,
                              str(tmp_path / 'x.onnx'))
