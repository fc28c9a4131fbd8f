"""mmglm's tools on CPU: train, test, resume, dist, slurm (foundation 3b, 4, 8).

Each test really trains ResNet-18 (mmpretrain's, through mmglm's registries
and IntelImageClassification) on real intel_mini images.
"""
import os
import stat
from pathlib import Path

import pytest
import torch

from tests.utils import PYTHON, REPO, run, scalars, tiny_resnet_config

pytestmark = pytest.mark.slow


def _losses(records):
    return [r['loss'] for r in records if 'loss' in r]


def _hand_top1(cfg_path, ckpt):
    """Top-1 (%) of a checkpoint on the config's val set, counted here."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner

    from mmglm.engine.checkpoint import load_checkpoint_safely
    from mmglm.registry import MODELS
    cfg = Config.fromfile(str(cfg_path))
    init_default_scope('mmglm')
    cfg.model.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(cfg.model)
    state = load_checkpoint_safely(str(ckpt), 'cpu')['state_dict']
    model.load_state_dict(state)
    model.eval()
    loader = Runner.build_dataloader(cfg.val_dataloader)
    correct = total = 0
    with torch.no_grad():
        for data in loader:
            batch = model.data_preprocessor(data, False)
            logits = model(batch['inputs'], mode='tensor')
            labels = torch.cat([s.gt_label for s in batch['data_samples']])
            correct += int((logits.argmax(1) == labels).sum())
            total += len(labels)
    assert total == len(loader.dataset)
    return 100.0 * correct / total


def test_train_tool_loss_falls_and_test_tool_reports_accuracy(tmp_path):
    cfg = tiny_resnet_config(tmp_path, epochs=4, train_images=96,
                             val_images=60)
    work = tmp_path / 'work'
    run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(work)])
    records = scalars(work)
    losses = _losses(records)
    assert len(losses) == 4 * 6
    first, last = sum(losses[:6]) / 6, sum(losses[-6:]) / 6
    assert last < first * 0.9, f'loss did not fall: {first:.3f} -> {last:.3f}'
    acc = [r['accuracy/top1'] for r in records if 'accuracy/top1' in r]
    # the logged accuracy is the top-1 of the epoch-4 weights on the 60 val
    # images, counted here by hand
    assert acc and acc[-1] == pytest.approx(
        _hand_top1(cfg, work / 'epoch_4.pth'), abs=1e-4)

    out = run([PYTHON, 'tools/test.py', str(cfg), str(work / 'epoch_4.pth'),
               '--work-dir', str(tmp_path / 'test')])
    assert 'accuracy/top1' in out.stdout
    # the test tool evaluates the same weights as the end of training
    reported = float(out.stdout.split('accuracy/top1: ')[1].split()[0])
    assert reported == pytest.approx(acc[-1], abs=1e-3)  # printed to 4 dp


def test_interrupted_run_resumes_from_last_checkpoint(tmp_path):
    work = tmp_path / 'work'
    cfg1 = tiny_resnet_config(tmp_path, 'one.py', epochs=1, train_images=32,
                              val_images=8)
    run([PYTHON, 'tools/train.py', str(cfg1), '--work-dir', str(work)])
    assert (work / 'epoch_1.pth').is_file()
    cfg2 = tiny_resnet_config(tmp_path, 'two.py', epochs=2, train_images=32,
                              val_images=8)
    out = run([PYTHON, 'tools/train.py', str(cfg2), '--work-dir', str(work),
               '--resume'])
    assert 'resumed epoch: 1, iter: 2' in out.stdout
    iters = [r['iter'] for r in scalars(work) if 'loss' in r]
    assert iters == [3, 4], iters  # only epoch 2 ran again
    assert (work / 'epoch_2.pth').is_file()


def _probe_config(tmp_path, name, epochs=2):
    probe = tmp_path / 'probe'
    probe.mkdir(exist_ok=True)
    extra = (f"custom_imports = dict(imports=['mmglm', 'tests.dist_probe'], "
             f"allow_failed_imports=False)\n"
             f"custom_hooks = [dict(type='ShardProbeHook', "
             f"out_dir={str(probe)!r})]\n")
    cfg = tiny_resnet_config(tmp_path, name, epochs=epochs, train_images=64,
                             val_images=16, extra=extra)
    return cfg, probe


def test_dist_train_two_cpu_processes(tmp_path):
    cfg, probe = _probe_config(tmp_path, 'dist.py')
    work = tmp_path / 'work'
    out = run(['bash', 'tools/dist_train.sh', str(cfg), '2', '--work-dir',
               str(work)], env=dict(PORT='29517'))
    assert 'gloo' in out.stdout
    r0, r1 = (torch.load(probe / f'rank{i}.pt') for i in (0, 1))
    assert r0['world_size'] == r1['world_size'] == 2
    assert r0['wrapper'] == 'CPUDistributedDataParallel'
    for epoch in range(2):
        a = {i for e, b in r0['indices'] if e == epoch for i in b}
        b = {i for e, b in r1['indices'] if e == epoch for i in b}
        assert a and b and not a & b, 'ranks read overlapping shards'
        assert a | b == set(range(64))
    assert torch.equal(r0['params'], r1['params']), 'ranks diverged'

    out = run(['bash', 'tools/dist_test.sh', str(cfg),
               str(work / 'epoch_2.pth'), '2', '--work-dir',
               str(tmp_path / 'test')], env=dict(PORT='29518'))
    assert 'accuracy/top1' in out.stdout


def _fake_slurm(bin_dir: Path):
    """srun/scontrol stand-ins: run the task once per SLURM_NTASKS."""
    bin_dir.mkdir()
    srun = bin_dir / 'srun'
    srun.write_text('''#!/usr/bin/env bash
ntasks=1
while [[ "$1" == -* ]]; do
  case "$1" in
    --ntasks=*) ntasks="${1#--ntasks=}"; shift;;
    -p|-J|-N|-n) shift 2;;
    *) shift;;
  esac
done
pids=()
for ((i=0; i<ntasks; i++)); do
  SLURM_PROCID=$i SLURM_LOCALID=$i SLURM_NTASKS=$ntasks \
  SLURM_NODELIST=localhost "$@" & pids+=($!)
done
rc=0; for p in "${pids[@]}"; do wait $p || rc=1; done; exit $rc
''')
    scontrol = bin_dir / 'scontrol'
    scontrol.write_text('#!/usr/bin/env bash\necho 127.0.0.1\n')
    for f in (srun, scontrol):
        f.chmod(f.stat().st_mode | stat.S_IEXEC)


def test_slurm_train_and_test_scripts(tmp_path):
    _fake_slurm(tmp_path / 'bin')
    cfg, probe = _probe_config(tmp_path, 'slurm.py', epochs=1)
    env = dict(PATH=os.pathsep.join([str(tmp_path / 'bin'),
                                     os.path.dirname(PYTHON),
                                     os.environ['PATH']]),
               GPUS='2', GPUS_PER_NODE='2', MASTER_PORT='29519',
               CPUS_PER_TASK='1')
    work = tmp_path / 'work'
    run(['bash', 'tools/slurm_train.sh', 'cpu', 'job', str(cfg), str(work)],
        env=env)
    r0, r1 = (torch.load(probe / f'rank{i}.pt') for i in (0, 1))
    assert r0['world_size'] == 2
    assert torch.equal(r0['params'], r1['params'])
    env['MASTER_PORT'] = '29520'
    out = run(['bash', 'tools/slurm_test.sh', 'cpu', 'job', str(cfg),
               str(work / 'epoch_1.pth')], env=env)
    assert 'accuracy/top1' in out.stdout
