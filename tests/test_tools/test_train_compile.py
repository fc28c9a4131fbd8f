"""tools/train.py --compile and --amp (issue 16) on real intel_mini images.

ResNet-18 (64 px, 4 iterations per epoch, 2 epochs) trained eager and with
``--compile aot_eager`` (dynamo + AOTAutograd over mmengine's whole
``train_step``; eager kernels, so the compile costs seconds): the compiled
run logs the eager losses, its checkpoint has plain keys (no ``_orig_mod.``)
and loads into an eager model that gives the eager run's outputs, and a
compiled run resumed from its epoch-1 checkpoint continues from there. The
inductor run and ``--amp`` (bf16 on CPU) are ``@pytest.mark.slow``.
"""
import pytest
import torch

from tests.utils import PYTHON, run, scalars, tiny_resnet_config


def _losses(work):
    return [r['loss'] for r in scalars(work) if 'loss' in r]


def _state_dict(path):
    ckpt = torch.load(path, map_location='cpu', weights_only=False)
    return ckpt['state_dict']


def _eager_model(cfg_path, state_dict):
    from mmengine.config import Config

    from mmglm.registry import MODELS
    from mmglm.utils import register_all_modules
    register_all_modules()
    model = MODELS.build(Config.fromfile(str(cfg_path)).model)
    model.load_state_dict(state_dict, strict=True)
    return model.eval()


def _train(cfg, work, *extra):
    return run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(work),
                *extra], env=dict(OMP_NUM_THREADS='1'))


@pytest.fixture(scope='module')
def eager_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('eager')
    cfg = tiny_resnet_config(tmp, epochs=2, train_images=64, val_images=16)
    _train(cfg, tmp / 'work')
    return cfg, tmp / 'work'


def test_compiled_training_equals_eager_and_checkpoint_loads(
        eager_run, tmp_path):
    cfg, eager_work = eager_run
    work = tmp_path / 'compiled'
    out = _train(cfg, work, '--compile', 'aot_eager')
    assert 'Model has been "compiled"' in out.stdout
    eager, compiled = _losses(eager_work), _losses(work)
    assert len(compiled) == len(eager) == 8
    assert compiled == pytest.approx(eager, rel=1e-4, abs=1e-4)
    assert sum(compiled[-4:]) < sum(compiled[:4]) * 0.97, compiled

    state = _state_dict(work / 'epoch_2.pth')
    assert not [k for k in state if '_orig_mod' in k]
    model = _eager_model(cfg, state)
    reference = _eager_model(cfg, _state_dict(eager_work / 'epoch_2.pth'))
    x = torch.randn(4, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        got, ref = model(x, mode='tensor'), reference(x, mode='tensor')
    assert torch.allclose(got, ref, rtol=1e-3, atol=1e-4), \
        float((got - ref).abs().max())

    # resume the compiled run from epoch 1, compiled: epoch 2 again
    resumed = tmp_path / 'resumed'
    out = _train(cfg, resumed, '--compile', 'aot_eager', '--resume',
                 str(work / 'epoch_1.pth'))
    assert 'resumed epoch: 1, iter: 4' in out.stdout
    assert [r['iter'] for r in scalars(resumed) if 'loss' in r] == \
        [5, 6, 7, 8]
    # the weights continue from epoch 1; the random crops of a new process
    # differ from the uninterrupted run's, so the losses agree loosely
    assert _losses(resumed) == pytest.approx(compiled[4:], rel=0.02)
    assert sum(_losses(resumed)) < sum(compiled[:4])


@pytest.mark.slow
def test_inductor_training_follows_eager(eager_run, tmp_path):
    cfg, eager_work = eager_run
    work = tmp_path / 'inductor'
    _train(cfg, work, '--compile')
    assert _losses(work) == pytest.approx(_losses(eager_work), rel=1e-3)


@pytest.mark.slow
def test_amp_bf16_training_on_cpu(eager_run, tmp_path):
    cfg, eager_work = eager_run
    work = tmp_path / 'amp'
    out = _train(cfg, work, '--amp')
    assert "type='AutocastOptimWrapper'" in out.stdout
    amp, eager = _losses(work), _losses(eager_work)
    assert amp != eager  # bf16 did run
    assert amp == pytest.approx(eager, rel=0.01)
    assert sum(amp[-4:]) < sum(amp[:4]) * 0.97
