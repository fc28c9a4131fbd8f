# Copyright (c) mmglm contributors. All rights reserved.
"""Browser demo of an mmglm classifier (Gradio, after MMPretrain's gradio
demo): top-5 classes, a Grad-CAM overlay, NesT's GradCAT traversal and
GLMNet's exchange gates for an uploaded or picked validation image.

    python tools/visualization/app.py [--config CFG] [--checkpoint CKPT] \
        [--images DIR] [--preload IMG] [--host 127.0.0.1] [--port 7860]

Defaults: the demo's config and the newest checkpoint of its work dir
(``make demo`` / ``tools/demo.py`` writes
``work_dirs/demo/glmnet-tiny_1xb32-8e_intel-mini-64px/epoch_*.pth``), and the
``intel_mini`` val images to pick from. ``--config`` also takes a model name
of ``mmpretrain.list_models()``. Gradio's usage analytics are off.
"""
import argparse
import glob
import os
import os.path as osp
import sys
from typing import Dict, List, Optional

os.environ.setdefault('GRADIO_ANALYTICS_ENABLED', 'False')
REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, REPO)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import mmglm  # noqa: E402,F401
from mmglm.apis import ClassScores, build_model, preprocess  # noqa: E402

DEMO_CONFIG = osp.join(REPO, 'configs/glmnet/'
                       'glmnet-tiny_1xb32-8e_intel-mini-64px.py')
DEFAULT_IMAGES = osp.join(REPO, '..', 'shared', 'data', 'intel_mini', 'val')


def newest_checkpoint(config: str) -> str:
    """The newest ``epoch_*.pth`` of the demo's work dir for ``config``."""
    stem = osp.splitext(osp.basename(config))[0]
    work = osp.join(REPO, 'work_dirs', 'demo', stem)
    ckpts = sorted(glob.glob(osp.join(work, 'epoch_*.pth')),
                   key=lambda p: int(p.rsplit('_', 1)[1].split('.')[0]))
    if not ckpts:
        raise FileNotFoundError(
            f'no checkpoint in {work}: run `make demo` (tools/demo.py) '
            'first or pass --checkpoint')
    return ckpts[-1]


class Explainer:
    """Predictions and explanations of one classifier for image files."""

    def __init__(self, config: str, checkpoint: Optional[str],
                 device: str = 'cpu'):
        self.model = build_model(config, checkpoint, device)
        self.scores = ClassScores(self.model).eval()
        num = getattr(self.model.head, 'num_classes', None)
        classes = self.model._dataset_meta.get('classes')
        self.classes = list(classes) if classes else [
            f'class {i}' for i in range(num or 0)]
        self.backbone = type(self.model.backbone).__name__

    def top5(self, inputs: torch.Tensor) -> Dict[str, float]:
        with torch.no_grad():
            prob = self.scores(inputs).softmax(-1)[0]
        top = prob.topk(min(5, prob.numel()))
        return {self.classes[int(i)]: float(p)
                for p, i in zip(top.values, top.indices)}

    def gammas(self) -> Optional[List[List]]:
        gammas = getattr(self.model.backbone, 'gammas', None)
        if gammas is None:
            return None
        return [[f'gamma_{i + 1}', float(g.detach().flatten()[0])]
                for i, g in enumerate(gammas)]

    def gradcat(self, inputs: torch.Tensor,
                image: np.ndarray) -> Optional[np.ndarray]:
        if self.backbone != 'NesT':
            return None
        from mmglm.visualization import draw_gradcat, gradcat
        results = gradcat(self.model, inputs, topk=1)
        fig = draw_gradcat(image, results, self.classes)
        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
        import matplotlib.pyplot as plt
        plt.close(fig)
        return rgb

    def __call__(self, path: str) -> dict:
        from mmglm.visualization.cam import gradcam_overlay
        inputs, shown = preprocess(self.model, [path])
        top5 = self.top5(inputs)
        cam, layer = gradcam_overlay(self.scores, inputs, shown[0])
        return dict(top5=top5, cam=cam, cam_layer=layer,
                    gradcat=self.gradcat(inputs, shown[0]),
                    gammas=self.gammas())


def val_images(folder: str, per_class: int = 2) -> List[str]:
    picks = []
    for cls in sorted(glob.glob(osp.join(folder, '*'))):
        picks += sorted(glob.glob(osp.join(cls, '*.jpg')))[:per_class]
    return picks


def build_app(explainer: Explainer, images: List[str],
              preload: Optional[str] = None):
    """The Blocks app; ``preload`` shows that image's prediction on load."""
    import gradio as gr

    def predict(path):
        if not path:
            raise gr.Error('upload or pick an image first')
        try:
            out = explainer(path)
        except (ValueError, FileNotFoundError) as e:
            raise gr.Error(str(e))
        gammas = out['gammas'] or [['(not a GLMNet)', float('nan')]]
        return (out['top5'], out['cam'], out['gradcat'], gammas,
                f'Grad-CAM on `{out["cam_layer"]}` of {explainer.backbone}')

    # A preloaded image's prediction is computed here and shown as the
    # components' initial values (no request needed on page load).
    first = predict(preload) if preload else [None] * 5
    with gr.Blocks(title='mmglm demo', analytics_enabled=False) as app:
        gr.Markdown(f'## mmglm: {explainer.backbone} classifier\n'
                    'Upload an image or pick a validation image, then '
                    '**Predict**.')
        with gr.Row():
            with gr.Column():
                image = gr.Image(value=preload, type='filepath', label='image',
                                 height=300)
                gr.Examples(examples=[[p] for p in images], inputs=[image],
                            label='validation images', examples_per_page=12)
                button = gr.Button('Predict', variant='primary')
            with gr.Column():
                label = gr.Label(value=first[0], num_top_classes=5,
                                 label='top-5 classes')
                note = gr.Markdown(value=first[4])
                cam = gr.Image(value=first[1], label='Grad-CAM', height=260)
        with gr.Row():
            gradcat_img = gr.Image(value=first[2], label='NesT GradCAT '
                                   'traversal (NesT models only)')
            gammas = gr.Dataframe(value=first[3], headers=['gate', 'value'],
                                  label='GLMNet exchange gates (gammas)')
        outputs = [label, cam, gradcat_img, gammas, note]
        button.click(predict, inputs=[image], outputs=outputs,
                     api_name='predict')
    return app


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', default=DEMO_CONFIG,
                        help='config path or model name')
    parser.add_argument('--checkpoint', default=None,
                        help='default: newest epoch_*.pth of the demo work '
                        'dir of the config')
    parser.add_argument('--images', default=DEFAULT_IMAGES,
                        help='folder of class folders to pick images from')
    parser.add_argument('--preload', default=None,
                        help='an image whose prediction shows on page load '
                        '(e.g. for a screenshot)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=7860)
    return parser.parse_args()


def main():
    args = parse_args()
    checkpoint = args.checkpoint or newest_checkpoint(args.config)
    explainer = Explainer(args.config, checkpoint, args.device)
    app = build_app(explainer, val_images(args.images), args.preload)
    print(f'mmglm demo: {args.config} with {checkpoint}')
    app.launch(server_name=args.host, server_port=args.port,
               share=False)


if __name__ == '__main__':
    main()
