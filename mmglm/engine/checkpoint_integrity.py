# Copyright (c) mmglm contributors. All rights reserved.
"""Detect corrupted checkpoint files before loading them.

``torch.load`` notices a *truncated* checkpoint (the zip central directory
is missing) but not flipped bytes inside a tensor's data: the zip reader
does not check the CRC-32 of the members, so a corrupted file loads with
wrong weights and no error (checked on torch 2.14). :func:`verify_checkpoint`
checks every member's CRC with :mod:`zipfile` (one extra read of the file)
and raises :class:`~mmglm.engine.checkpoint.CheckpointLoadError` naming the
file and the damaged member. mmglm's local checkpoint loader runs it before
:func:`~mmglm.engine.checkpoint.load_checkpoint_safely`.
"""
import os.path as osp
import zipfile
import zlib
from typing import Any, Optional

from mmengine.runner.checkpoint import CheckpointLoader

from .checkpoint import CheckpointLoadError, load_checkpoint_safely

__all__ = ['verify_checkpoint', 'load_verified_checkpoint']


def verify_checkpoint(filename: str) -> None:
    """Raise :class:`CheckpointLoadError` if a zip checkpoint is damaged.

    Files in torch's legacy (non-zip) format are left to ``torch.load``.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'Checkpoint {filename} does not exist.')
    if osp.getsize(filename) == 0:
        raise CheckpointLoadError(
            f'Checkpoint {filename} is empty (0 bytes): the job was probably '
            'killed while saving it. Delete it and resume from an earlier '
            'checkpoint.')
    if not zipfile.is_zipfile(filename):
        return  # legacy format or truncated: torch.load reports it
    try:
        with zipfile.ZipFile(filename) as zf:
            bad = zf.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as e:
        bad, err = '?', e
    else:
        err = None
    if bad is not None:
        raise CheckpointLoadError(
            f'Checkpoint {filename} is corrupted: its member {bad!r} fails '
            f'the CRC-32 check{f" ({err})" if err else ""}. The file was '
            'damaged after saving (disk, copy or transfer). Delete it and '
            'resume from an earlier checkpoint, or copy it again.')


def load_verified_checkpoint(filename: str,
                             map_location: Optional[Any] = None) -> Any:
    """:func:`verify_checkpoint` then ``load_checkpoint_safely``."""
    verify_checkpoint(filename)
    return load_checkpoint_safely(filename, map_location)


@CheckpointLoader.register_scheme(prefixes='', force=True)
def _load_from_local(filename: str, map_location: Optional[Any] = None):
    """mmglm's local checkpoint loader: CRC check + weights_only load."""
    return load_verified_checkpoint(filename, map_location)
