"""A short version of tools/benchmarks/det_overfit.py (issue 7), per detector.

Each detector of ``CASES`` is trained from scratch on 2 coco_mini train images
at 160 px for 80 iterations: the loss falls and mmdet's CocoMetric on those
images rises well above chance. The full check (4 images, 250 iterations,
bbox mAP@0.5 > 0.3, then coco_mini val) is the benchmark; its numbers are in
configs/det/README.md. Measured for RetinaNet + GLMNet-tiny: loss
1.91 -> 0.61, mAP@0.5 0.184 (about 45 s of CPU).

A new backbone joins with one ``CASES`` entry: its config and the
``det_overfit.py`` arguments and mAP@0.5 floor it reaches in a short run.
"""
import json

import pytest

pytest.importorskip('mmdet')
from tests.utils import PYTHON, run, shared_data_root  # noqa: E402

pytestmark = pytest.mark.slow

SHORT = ['--num-images', '2', '--scale', '160', '--iters', '80',
         '--val-interval', '40', '--warmup', '10', '--no-full-val']
CASES = {
    'retinanet_glmnet-tiny': dict(
        config='configs/det/retinanet_glmnet-tiny_fpn_1xb4-12e_'
        'coco-mini-320px.py', args=SHORT, map50=0.1),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_detector_learns_two_images(tmp_path, case):
    spec = CASES[case]
    work = tmp_path / 'overfit'
    run([PYTHON, 'tools/benchmarks/det_overfit.py', '--config',
         spec['config'], '--data-root', str(shared_data_root() / 'coco_mini'),
         '--work-dir', str(work), *spec['args'], '--expect',
         str(spec['map50'])], env=dict(OMP_NUM_THREADS='1'), timeout=1500)
    summary = json.loads((work / 'summary.json').read_text())
    losses = [row['loss'] for row in summary['losses']]
    assert losses[-1] < 0.5 * losses[0], losses
    step, map50, _ = summary['train_image_map'][-1]
    iters = int(spec['args'][spec['args'].index('--iters') + 1])
    assert step == iters and map50 > spec['map50'], summary['train_image_map']
