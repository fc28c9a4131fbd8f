"""TensorBoard logging as the README enables it, and the editable install
of tools/setup_env.sh (issue 13, points 5 and 6)."""
import glob
import os
import re

import pytest

from tests.utils import PYTHON, REPO, run, tiny_resnet_config

TB_OPTION = 'visualizer.vis_backends.0.type=TensorboardVisBackend'


def test_readme_option_writes_tensorboard_events(tmp_path):
    pytest.importorskip('tensorboard')
    from tensorboard.backend.event_processing.event_accumulator import \
        EventAccumulator
    assert TB_OPTION in (REPO / 'README.md').read_text()
    cfg = tiny_resnet_config(tmp_path, epochs=1, train_images=16,
                             val_images=16)
    work = tmp_path / 'w'
    run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(work),
         '--cfg-options', TB_OPTION])
    events = glob.glob(str(work / '*' / 'vis_data' / 'events.out.tfevents.*'))
    assert events, f'no event file under {work}'
    acc = EventAccumulator(os.path.dirname(events[0]))
    acc.Reload()
    tags = acc.Tags()['scalars']
    assert 'loss' in tags and 'accuracy/top1' in tags, tags
    # the same losses as the text log
    log = next(work.glob('*/*.log')).read_text()
    logged = [float(v) for v in re.findall(r' loss: ([0-9.]+)', log)]
    written = [e.value for e in acc.Scalars('loss')]
    assert logged and written
    assert abs(logged[-1] - written[-1]) < 1e-3


def test_commented_backend_in_default_runtime_is_tensorboard(tmp_path):
    from mmengine.config import Config
    text = (REPO / 'configs/_base_/default_runtime.py').read_text()
    line = "    # dict(type='TensorboardVisBackend'),\n"
    assert line in text
    cfg_file = tmp_path / 'runtime.py'
    cfg_file.write_text(text.replace(line, line.replace('# ', '', 1)))
    types = [b['type'] for b in Config.fromfile(str(cfg_file)).visualizer[
        'vis_backends']]
    assert types == ['LocalVisBackend', 'TensorboardVisBackend']


def test_mmglm_imports_from_any_folder(tmp_path):
    """The environment's editable install points at this clone
    (tools/setup_env.sh re-points it on every run)."""
    env = dict(os.environ)
    env.pop('PYTHONPATH', None)
    import subprocess
    out = subprocess.run(
        [PYTHON, '-c', 'import mmglm, mmpretrain; print(mmglm.__file__); '
         "print(len(mmpretrain.list_models('*glmnet*')))"],
        cwd=str(tmp_path), env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    path, count = out.stdout.split()
    assert os.path.samefile(path, REPO / 'mmglm' / '__init__.py'), (
        f'{path}: the environment points at another clone; run '
        'bash tools/setup_env.sh here')
    assert int(count) >= 13
