"""A short version of tools/benchmarks/det_overfit_coco_mini.py (issue 7).

RetinaNet + GLMNet-tiny from scratch on 2 coco_mini train images at 160 px
for 80 iterations: the loss falls and mmdet's CocoMetric on those images
rises well above chance. The full check (4 images, 250 iterations, bbox
mAP@0.5 > 0.3, then coco_mini val) is the benchmark; its numbers are in
configs/det/README.md. Measured for these settings: loss 1.91 -> 0.61,
mAP@0.5 0.184 (about 45 s of CPU).
"""
import json

import pytest

pytest.importorskip('mmdet')
from tests.utils import PYTHON, run, shared_data_root  # noqa: E402

pytestmark = pytest.mark.slow


def test_retinanet_glmnet_tiny_learns_two_images(tmp_path):
    work = tmp_path / 'overfit'
    run([PYTHON, 'tools/benchmarks/det_overfit_coco_mini.py', '--data-root',
         str(shared_data_root() / 'coco_mini'), '--work-dir', str(work),
         '--num-images', '2', '--scale', '160', '--iters', '80',
         '--val-interval', '40', '--warmup', '10', '--no-full-val',
         '--expect', '0.1'], env=dict(OMP_NUM_THREADS='1'), timeout=1500)
    summary = json.loads((work / 'summary.json').read_text())
    losses = [row['loss'] for row in summary['losses']]
    assert losses[-1] < 0.5 * losses[0], losses
    step, map50, _ = summary['train_image_map'][-1]
    assert step == 80 and map50 > 0.1, summary['train_image_map']
