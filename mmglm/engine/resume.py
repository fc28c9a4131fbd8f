# Copyright (c) mmglm contributors. All rights reserved.
"""Auto-resume that falls back to the previous good checkpoint.

With ``resume=True`` and no ``load_from`` (``tools/train.py --resume``),
mmengine 0.10.7 resumes from the file named in ``<work_dir>/last_checkpoint``
and crashes when that file is cut short (a job killed while saving, a full
disk) or missing. ``import mmglm`` replaces ``Runner.load_or_resume`` by
:func:`load_or_resume_with_fallback`, which tries that checkpoint first and
then the other checkpoints the ``CheckpointHook`` left (``epoch_N.pth`` /
``iter_N.pth``, newest first), logging every file it skips and why. All
other cases (an explicit ``--resume PATH`` or ``load_from``, a healthy last
checkpoint) behave exactly as in mmengine: an explicitly named broken file
still fails with :class:`~mmglm.engine.checkpoint.CheckpointLoadError`.
"""
import os
import os.path as osp
import re
from typing import List, Optional

from mmengine.runner import Runner
from mmengine.runner.checkpoint import find_latest_checkpoint

from .checkpoint import CheckpointLoadError

__all__ = ['candidate_checkpoints', 'resume_with_fallback',
           'load_or_resume_with_fallback', 'NoResumableCheckpointError']

#: Names the CheckpointHook gives (``filename_tmpl`` defaults).
CHECKPOINT_NAME = re.compile(r'^(epoch|iter)_\d+\.pth$')


class NoResumableCheckpointError(RuntimeError):
    """Auto-resume found checkpoints, but none of them could be loaded."""


def candidate_checkpoints(work_dir: str) -> List[str]:
    """Checkpoints to auto-resume from, in the order to try them.

    The file named in ``<work_dir>/last_checkpoint`` comes first (it may be
    missing or broken), then every ``epoch_N.pth`` / ``iter_N.pth`` in its
    folder and in ``work_dir``, newest (modification time) first.
    """
    latest = find_latest_checkpoint(work_dir)
    folders = [work_dir]
    if latest:
        folders.insert(0, osp.dirname(latest) or work_dir)
    found = {}
    for folder in folders:
        if not osp.isdir(folder):
            continue
        for name in os.listdir(folder):
            path = osp.join(folder, name)
            if CHECKPOINT_NAME.match(name) and osp.isfile(path):
                found[osp.realpath(path)] = (os.stat(path).st_mtime_ns, path)
    ordered = [p for _, p in sorted(found.values(), reverse=True)]
    if latest:
        ordered = [latest] + [
            p for p in ordered if osp.realpath(p) != osp.realpath(latest)
        ]
    return ordered


def resume_with_fallback(runner: Runner) -> Optional[str]:
    """Resume ``runner`` from the newest checkpoint that loads.

    Returns:
        str | None: The checkpoint resumed from; None when the work dir holds
        no checkpoint (training starts from scratch, as in mmengine).

    Raises:
        NoResumableCheckpointError: Checkpoints exist but none loads; the
            message lists each file and its error.
    """
    candidates = candidate_checkpoints(runner.work_dir)
    failures = []
    for path in candidates:
        try:
            runner.resume(path)
        except (CheckpointLoadError, FileNotFoundError, EOFError) as e:
            failures.append(f'{path}: {e}')
            runner.logger.warning(
                f'Cannot resume from {path} ({type(e).__name__}: {e}); '
                'trying the previous checkpoint.')
            continue
        if failures:
            runner.logger.warning(
                f'Auto-resume fell back to {path} because the newer '
                f'checkpoint(s) could not be loaded: {"; ".join(failures)}')
        else:
            runner.logger.info(f'Auto resumed from the latest checkpoint '
                               f'{path}.')
        return path
    if failures:
        raise NoResumableCheckpointError(
            f'resume=True but no checkpoint in {runner.work_dir} can be '
            'loaded:\n  ' + '\n  '.join(failures) +
            '\nDelete the broken files to start from scratch, or pass '
            '--resume PATH / load_from with a good checkpoint.')
    runner.logger.info('No checkpoint to auto-resume from in '
                       f'{runner.work_dir}: training from scratch.')
    return None


_mmengine_load_or_resume = Runner.load_or_resume


def load_or_resume_with_fallback(self: Runner) -> None:
    """``Runner.load_or_resume`` with :func:`resume_with_fallback` for
    auto-resume (``resume=True``, ``load_from=None``)."""
    if self._has_loaded:
        return None
    if self._resume and self._load_from is None:
        if resume_with_fallback(self) is not None:
            self._has_loaded = True
        return None
    return _mmengine_load_or_resume(self)


if not getattr(Runner.load_or_resume, '_mmglm_fallback', False):
    load_or_resume_with_fallback._mmglm_fallback = True
    Runner.load_or_resume = load_or_resume_with_fallback
