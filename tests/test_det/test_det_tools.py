"""Detection configs through mmglm's tools (issue 7), on CPU.

``tools/dist_train.sh`` trains the GLMNet-tiny RetinaNet recipe with 2 gloo
processes: disjoint shards, identical weights after training; then
``tools/test.py`` evaluates the checkpoint on coco_mini val images and prints
mmdet's COCO metrics.
"""
import socket

import pytest
import torch

pytest.importorskip('mmdet')
from tests.utils import PYTHON, REPO, run, shared_data_root  # noqa: E402

pytestmark = pytest.mark.slow
RETINA = (REPO / 'configs/det/'
          'retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py')


def _small_det_config(tmp_path, probe_dir):
    root = f'{shared_data_root() / "coco_mini"}/'
    text = f'''_base_ = {str(RETINA)!r}
custom_imports = dict(imports=['mmglm', 'tests.dist_probe'],
                      allow_failed_imports=False)
custom_hooks = [dict(_scope_='mmglm', type='ShardProbeHook',
                     out_dir={str(probe_dir)!r})]
# from scratch; after 2 iterations no score passes mmdet's 0.05: keep the
# top boxes so that the COCO evaluation has results to score
model = dict(backbone=dict(init_cfg=None),
             test_cfg=dict(score_thr=0.0, max_per_img=20))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='Resize', scale=(160, 160), keep_ratio=True),
    dict(type='PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape',
         'img_shape', 'scale_factor', 'flip', 'flip_direction', 'sample_idx'))
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(160, 160), keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='PackDetInputs', meta_keys=('img_id', 'img_path', 'ori_shape',
         'img_shape', 'scale_factor'))
]
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={root!r}, indices=8, pipeline=train_pipeline))
val_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={root!r}, indices=4, pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file={root + "annotations/instances_val2017.json"!r})
test_evaluator = val_evaluator
train_cfg = dict(max_epochs=1, val_interval=2)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=1))
randomness = dict(seed=0)
'''
    path = tmp_path / 'det_small.py'
    path.write_text(text)
    return path


def _free_port() -> str:
    """A port no other job on this machine listens on right now."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return str(sock.getsockname()[1])


def test_dist_train_detection_two_cpu_processes_then_test_tool(tmp_path):
    probe = tmp_path / 'probe'
    probe.mkdir()
    cfg = _small_det_config(tmp_path, probe)
    work = tmp_path / 'work'
    out = run(['bash', 'tools/dist_train.sh', str(cfg), '2', '--work-dir',
               str(work)], env=dict(PORT=_free_port(), OMP_NUM_THREADS='1'),
              timeout=1200)
    assert 'gloo' in out.stdout
    r0, r1 = (torch.load(probe / f'rank{i}.pt') for i in (0, 1))
    assert r0['world_size'] == r1['world_size'] == 2
    assert r0['wrapper'] == 'CPUDistributedDataParallel'
    a = {i for _, batch in r0['indices'] for i in batch}
    b = {i for _, batch in r1['indices'] for i in batch}
    assert a and b and not a & b, 'ranks read overlapping shards'
    assert len(a | b) == 8
    assert torch.equal(r0['params'], r1['params']), 'ranks diverged'

    ckpt = work / 'epoch_1.pth'
    assert ckpt.is_file()
    out = run([PYTHON, 'tools/test.py', str(cfg), str(ckpt), '--work-dir',
               str(tmp_path / 'test')], timeout=900)
    assert 'Average Precision  (AP) @[ IoU=0.50      |' in out.stdout
    assert 'coco/bbox_mAP_50:' in out.stdout
