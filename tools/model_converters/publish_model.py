# Copyright (c) mmglm contributors. All rights reserved.
"""Strip a training checkpoint to its weights for release.

Keeps ``state_dict`` and ``meta`` (dataset classes, epoch), drops the
optimizer, schedulers and message hub, and names the file
``<out>-<sha256[:8]>.pth`` as mmpretrain's ``publish_model.py`` does. The
result loads under torch's ``weights_only=True`` without any allowlist.

    python tools/model_converters/publish_model.py IN.pth OUT.pth [--trust]

By default the input is read with mmglm's weights_only loader (which accepts
any mmengine checkpoint); ``--trust`` reads a file with arbitrary pickled
objects and must only be used on files from a trusted source.
"""
import argparse
import hashlib
import os
import os.path as osp
import sys

import torch

sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(
    __file__)))))
from mmglm.engine import load_checkpoint_safely  # noqa: E402


def publish(in_file: str, out_file: str, trust: bool = False) -> str:
    if trust:
        checkpoint = torch.load(in_file, map_location='cpu',
                                weights_only=False)
    else:
        checkpoint = load_checkpoint_safely(in_file, map_location='cpu')
    state = checkpoint.get('state_dict', checkpoint)
    meta = checkpoint.get('meta', {})
    kept_meta = {
        k: meta[k]
        for k in ('epoch', 'iter', 'dataset_meta', 'mmengine_version')
        if k in meta
    }
    torch.save({'state_dict': state, 'meta': kept_meta}, out_file)
    with open(out_file, 'rb') as f:
        sha = hashlib.sha256(f.read()).hexdigest()[:8]
    final = f'{osp.splitext(out_file)[0]}-{sha}.pth'
    os.replace(out_file, final)
    return final


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('in_file')
    parser.add_argument('out_file')
    parser.add_argument('--trust', action='store_true',
                        help='load with weights_only=False (trusted files)')
    args = parser.parse_args()
    print(publish(args.in_file, args.out_file, args.trust))


if __name__ == '__main__':
    main()
