# Copyright (c) mmglm contributors. All rights reserved.
"""Convert timm (or official whai362/PVT) PVTv2 ImageNet weights to mmglm.

mmglm's ``PVTv2`` is built from timm's ``pvt_v2`` modules, so the key layout
is timm's (``patch_embed.*``, ``stages.{i}.downsample.*``,
``stages.{i}.blocks.{j}.*``, ``stages.{i}.norm.*``); the conversion drops the
ImageNet classifier (``head.*``) and first remaps official checkpoints
(``patch_embed{1..4}``, ``block{1..4}.{j}``, ``norm{1..4}``,
``mlp.dwconv.dwconv``) with timm's own ``checkpoint_filter_fn``.

Usage (timm weights, e.g. ``pvt_v2_b2.in1k`` from the Hugging Face hub as
``model.safetensors``, or ``torch.save(timm.create_model('pvt_v2_b2',
pretrained=True).state_dict(), 'pvt_v2_b2.pth')``)::

    python tools/model_converters/timm_pvt_v2_to_mmglm.py \
        pvt_v2_b2.pth checkpoints/pvt-v2-b2_timm-in1k_mmglm.pth

then load it into GLMNet's global branch with
``global_cfg=dict(init_cfg=dict(type='Pretrained',
checkpoint='checkpoints/pvt-v2-b2_timm-in1k_mmglm.pth'))`` (or into a bare
``PVTv2`` backbone with the same ``init_cfg``). ``--prefix
backbone.global_branch.`` writes keys for a whole ``ImageClassifier``
instead (``load_from`` / ``init_cfg`` of the model, ``strict=False``).
"""
from collections import OrderedDict
from typing import Dict

import torch

try:
    from ._common import convert_cli
except ImportError:  # run as a script
    from _common import convert_cli

# The mapping lives in the package (one copy, also used by the on-the-fly
# ``timm://`` loader of init_cfg).
from mmglm.models.utils.converters.pvt_v2 import (  # noqa: E402,F401
    CLASSIFIER_PREFIX, convert_mmglm_to_timm, convert_pvt_v2)


def main() -> None:
    convert_cli(convert_pvt_v2, __doc__.split('\n')[0],
                'timm/official', 'timm pvt_v2',
                'backbone.global_branch.')


if __name__ == '__main__':
    main()
