# Copyright (c) mmglm contributors. All rights reserved.
"""CPU (gloo) distributed training under mmengine 0.10.7.

mmengine 0.10.7 cannot run DDP without CUDA: ``_init_dist_pytorch`` calls
``torch.cuda.set_device`` unconditionally and ``Runner.wrap_model`` passes
``device_ids=[LOCAL_RANK]``, which torch's DDP rejects for CPU modules. mmglm's
tools call :func:`setup_cpu_distributed` before building the Runner: it
initialises a gloo process group itself (the Runner then skips ``init_dist``)
and selects :class:`CPUDistributedDataParallel`, which drops ``device_ids``.
On GPU machines nothing changes and NCCL is used as configured.
"""
import os
import subprocess

import torch
import torch.distributed as dist
from mmengine.config import Config
from mmengine.model import MMDistributedDataParallel
from mmengine.registry import MODEL_WRAPPERS


@MODEL_WRAPPERS.register_module()  # mmengine's root: the Runner looks here
class CPUDistributedDataParallel(MMDistributedDataParallel):
    """``MMDistributedDataParallel`` that accepts CPU modules.

    The Runner always passes ``device_ids=[LOCAL_RANK]``; torch's DDP only
    accepts ``device_ids`` for GPU modules, so they are dropped when the
    module's parameters live on the CPU.
    """

    def __init__(self, module, detect_anomalous_params=False, **kwargs):
        param = next(module.parameters(), None)
        if param is None or param.device.type == 'cpu':
            kwargs.pop('device_ids', None)
            kwargs.pop('output_device', None)
        super().__init__(
            module=module,
            detect_anomalous_params=detect_anomalous_params,
            **kwargs)


def _slurm_env_to_torch_env() -> None:
    """Export torch's rendezvous variables from slurm's, as mmengine's
    ``_init_dist_slurm`` does (minus its ``torch.cuda.set_device``)."""
    proc_id = int(os.environ['SLURM_PROCID'])
    ntasks = int(os.environ['SLURM_NTASKS'])
    node_list = os.environ['SLURM_NODELIST']
    if 'MASTER_ADDR' not in os.environ:
        os.environ['MASTER_ADDR'] = subprocess.getoutput(
            f'scontrol show hostname {node_list} | head -n1')
    os.environ.setdefault('MASTER_PORT', '29500')
    os.environ['WORLD_SIZE'] = str(ntasks)
    os.environ['RANK'] = str(proc_id)
    os.environ['LOCAL_RANK'] = os.environ.get('SLURM_LOCALID', '0')


def setup_cpu_distributed(cfg: Config, launcher: str) -> bool:
    """Prepare a gloo process group when launched distributed without CUDA.

    Call it in a tool after the config is merged and before the Runner is
    built. With CUDA available, or ``launcher='none'``, it does nothing (the
    Runner initialises NCCL as configured).

    Args:
        cfg (Config): The config; its ``model_wrapper_cfg`` and
            ``env_cfg.dist_cfg.backend`` are updated in place.
        launcher (str): The ``--launcher`` argument of the tool:
            ``'pytorch'`` (torchrun / ``torch.distributed.launch``) or
            ``'slurm'`` (srun).

    Returns:
        bool: True if CPU distributed mode was set up.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return False
    if launcher == 'slurm':
        _slurm_env_to_torch_env()
    elif launcher != 'pytorch':
        raise RuntimeError(
            f'--launcher {launcher} needs CUDA; without a GPU mmglm supports '
            "'pytorch' (tools/dist_train.sh) and 'slurm' (tools/"
            'slurm_train.sh) on CPU with the gloo backend.')
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    wrapper = dict(cfg.get('model_wrapper_cfg') or {})
    wrapper.setdefault('broadcast_buffers', False)
    wrapper.setdefault('find_unused_parameters',
                       cfg.get('find_unused_parameters', False))
    wrapper['type'] = 'CPUDistributedDataParallel'
    cfg.model_wrapper_cfg = wrapper
    if not dist.is_initialized():
        os.environ.setdefault('LOCAL_RANK', '0')
        dist.init_process_group(backend='gloo')
    return True
