# Copyright (c) mmglm contributors. All rights reserved.
"""Check that a classification checkpoint fills a detector's backbone.

Builds the model of CONFIG (any mmglm or mmdet config, in its own
default_scope) and compares its backbone's state dict with the keys of
CHECKPOINT under ``--prefix`` (``backbone.`` for mmglm/mmpretrain
classifiers). Prints matched, missing and unexpected keys; exits 1 if a
backbone key is missing or has another shape.

    python tools/analysis_tools/check_backbone_keys.py \\
        configs/det/retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py \\
        work_dirs/glmnet-tiny/epoch_100.pth
"""
import argparse
import sys

from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope

import mmglm  # noqa: F401
from mmglm.utils import BackboneKeyError, check_backbone_keys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--prefix', default='backbone.')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)

    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    scope = cfg.get('default_scope', 'mmglm')
    init_default_scope(scope)
    if scope == 'mmdet':
        from mmdet.registry import MODELS
    else:
        from mmglm.registry import MODELS
    model = MODELS.build(cfg.model)
    try:
        check_backbone_keys(args.checkpoint, model, prefix=args.prefix)
    except BackboneKeyError as e:
        print(e, file=sys.stderr)
        return 1
    print('OK: every backbone key is in the checkpoint.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
