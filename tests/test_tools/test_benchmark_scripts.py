"""Fast checks of the results tools (issue 12): seeds.py hands
``--train-args`` to tools/train.py and records the crash it causes, and the
GPU results script refuses to run where there is no GPU."""
import json

import pytest
import torch

from tests.utils import PYTHON, REPO, run, tiny_resnet_config


def test_train_args_reach_train_py(tmp_path):
    cfg = tiny_resnet_config(tmp_path, 'tiny.py', epochs=1)
    work = tmp_path / 'seeds'
    run([PYTHON, 'tools/benchmarks/seeds.py', str(cfg), '--seeds', '0',
         '--work-dir', str(work), '--train-args=--no-such-flag'])
    (rec, ) = json.loads((work / 'results.json').read_text())['runs']
    assert rec['status'] == 'crashed (exit 2)'  # argparse's exit status
    out = (work / 'tiny' / 'seed0' / 'train.out').read_text()
    assert 'unrecognized arguments: --no-such-flag' in out


@pytest.mark.skipif(torch.cuda.is_available(), reason='a GPU is present')
def test_gpu_results_script_says_there_is_no_gpu(tmp_path):
    proc = run(['bash', str(REPO / 'tools/benchmarks/gpu_results.sh'),
                str(tmp_path / 'w')], check=False)
    assert proc.returncode == 2
    assert 'no CUDA device here; nothing was run' in proc.stdout
    assert not (tmp_path / 'w').exists()
