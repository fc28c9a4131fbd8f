"""tools/demo.py (make demo): one epoch on a real intel_mini subset.

The terminal gets one line per epoch and the results, the Runner's console
output (environment dump, warnings) goes to the work dir; the printed top-1
and per-class accuracies are the Runner's test metrics; the PNGs are
written. (The full 10-epoch run is measured, not tested: README, make demo.)
"""
import re

from tests.utils import PYTHON, run

TRAIN = list(range(0, 3000, 50))  # 60 images, 10 a class
VAL = list(range(0, 600, 25))  # 24 images, 4 a class


def test_demo_prints_little_and_reports_the_runners_metrics(tmp_path):
    work = tmp_path / 'demo'
    out = run([PYTHON, 'tools/demo.py', '--epochs', '1', '--work-dir',
               str(work), '--num-predict', '6', '--cfg-options',
               f'train_dataloader.dataset.indices={TRAIN}',
               f'val_dataloader.dataset.indices={VAL}',
               f'test_dataloader.dataset.indices={VAL}']).stdout
    lines = out.strip().splitlines()
    assert 'System environment' not in out and 'Warning' not in out
    assert len(lines) <= 12, out
    assert re.search(r'epoch  1/1  loss [0-9.]+  [0-9]+m[0-9]{2}s', out)

    console = (work / 'demo_console.log').read_text()
    assert 'System environment' in console  # the full log is kept
    # printed top-1 = the Runner's test metric (last one in its log)
    logs = sorted(work.glob('*/*.log'))
    logged = float(re.findall(r'accuracy/top1: ([0-9.]+)',
                              logs[-1].read_text())[-1])
    printed = float(re.search(r'val top-1: ([0-9.]+)% on 24 images',
                              out).group(1))
    assert abs(printed - logged) < 0.01
    # 4 images a class: top-1 is the mean of the per-class accuracies
    per_class = [float(a) for a in re.findall(
        r'(?:buildings|forest|glacier|mountain|sea|street) ([0-9]+)%',
        out.split('per class:')[1].splitlines()[0])]
    assert len(per_class) == 6
    assert all(a in (0, 25, 50, 75, 100) for a in per_class)
    assert abs(sum(per_class) / 6 - printed) < 0.6  # printed rounded to 1 %
    assert re.search(r'predictions: [0-6]/6 right', out)
    for png in ('confusion_matrix.png', 'predictions.png', 'gamma.png'):
        assert (work / png).stat().st_size > 5000, png
