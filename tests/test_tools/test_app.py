"""tools/visualization/app.py (issue 13, point 4): the Gradio app answers a
request through Gradio's client API with the model's own top-5."""
import glob
import os
import socket

import pytest
import torch

from tests.utils import REPO, load_script, shared_data_root

pytest.importorskip('gradio')
os.environ['GRADIO_ANALYTICS_ENABLED'] = 'False'
CONFIG = 'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py'
NEST = 'configs/nest/nest-mini_1xb32_intel-mini-64px.py'
CLASSES = ['buildings', 'forest', 'glacier', 'mountain', 'sea', 'street']


def _app_module():
    return load_script('tools/visualization/app.py')


def _checkpoint(config, path):
    from mmpretrain import get_model
    model = get_model(str(REPO / config))
    model.init_weights()
    with torch.no_grad():  # non-zero gates, so that the table shows them
        for g in getattr(model.backbone, 'gammas', []):
            g.fill_(0.25)
    torch.save({'state_dict': model.state_dict(),
                'meta': {'dataset_meta': {'classes': CLASSES}}}, path)
    return str(path)


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _image():
    return sorted(glob.glob(str(shared_data_root() /
                                'intel_mini/val/forest/*.jpg')))[0]


def test_app_answers_a_client_request(tmp_path):
    from gradio_client import Client, handle_file
    app_mod = _app_module()
    explainer = app_mod.Explainer(str(REPO / CONFIG),
                                  _checkpoint(CONFIG, tmp_path / 'g.pth'))
    app = app_mod.build_app(explainer, [_image()])
    port = _free_port()
    app.launch(server_name='127.0.0.1', server_port=port,
               prevent_thread_lock=True, share=False)
    try:
        client = Client(f'http://127.0.0.1:{port}/', verbose=False)
        label, cam, gradcat, gammas, note = client.predict(
            handle_file(_image()), api_name='/predict')
    finally:
        app.close()
    want = explainer.top5(app_mod.preprocess(explainer.model,
                                             [_image()])[0])
    got = {c['label']: c['confidence'] for c in label['confidences']}
    assert list(got) == list(want)  # the model's own top-5, in order
    for name, prob in want.items():
        assert abs(got[name] - prob) < 1e-5
    assert label['label'] in CLASSES
    assert os.path.isfile(cam)  # the Grad-CAM overlay
    assert gradcat is None  # not a NesT
    assert [row[1] for row in gammas['data']] == [0.25] * 3


def test_gradcam_and_gradcat_for_nest(tmp_path):
    app_mod = _app_module()
    explainer = app_mod.Explainer(str(REPO / NEST),
                                  _checkpoint(NEST, tmp_path / 'n.pth'))
    out = explainer(_image())
    h, w = out['cam'].shape[:2]
    assert (h, w) == (64, 64) and out['cam'].dtype.name == 'uint8'
    assert out['gradcat'] is not None and out['gradcat'].ndim == 3
    assert out['gammas'] is None


def test_unreadable_image_names_the_file(tmp_path):
    app_mod = _app_module()
    explainer = app_mod.Explainer(str(REPO / NEST),
                                  _checkpoint(NEST, tmp_path / 'n.pth'))
    bad = tmp_path / 'empty.png'
    bad.write_bytes(b'')
    with pytest.raises(ValueError, match='empty.png'):
        explainer(str(bad))
