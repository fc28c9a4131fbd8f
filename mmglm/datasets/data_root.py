# Copyright (c) mmglm contributors. All rights reserved.
"""Data-root resolution shared by mmglm datasets."""
import os
import os.path as osp
from typing import List

#: Where the project's shared sample data lives, relative to a checkout.
SHARED_DATA_DIRS = ('../shared/data', )

#: Environment variable naming a folder that holds the data sets
#: (``$MMGLM_DATA/<set>`` is tried for a configured ``data/<set>``).
DATA_ENV = 'MMGLM_DATA'


def _candidates(data_root: str) -> List[str]:
    candidates = [data_root]
    norm = osp.normpath(data_root)
    parts = norm.split(os.sep)
    if osp.isabs(norm) or parts[0] != 'data':
        return candidates
    rest = osp.join(*parts[1:]) if len(parts) > 1 else ''
    env_dir = os.environ.get(DATA_ENV)
    if env_dir:
        candidates.append(osp.join(env_dir, rest))
    repo_root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    for shared in SHARED_DATA_DIRS:
        candidates.append(osp.join(shared, rest))
        candidates.append(osp.join(repo_root, shared, rest))
    return candidates


def resolve_data_root(data_root: str, dataset_name: str, hint: str) -> str:
    """Return an existing data root, falling back to the shared data folder.

    A relative ``data/<set>`` (the config default) is tried as given, then as
    ``$MMGLM_DATA/<set>`` when that environment variable is set, then as
    ``../shared/data/<set>`` relative to the working directory and to the
    repository root. Any other root (absolute, or not under ``data/``) is used
    as given.

    Args:
        data_root (str): The configured root, e.g. ``'data/intel_mini'``.
        dataset_name (str): Class name for the error message.
        hint (str): Where to download the data and how to lay it out.

    Returns:
        str: The first candidate folder that exists.

    Raises:
        FileNotFoundError: If no candidate exists; the message lists the paths
            tried and repeats ``hint``.
    """
    candidates = _candidates(data_root)
    for cand in candidates:
        if osp.isdir(cand):
            return cand
    tried = ', '.join(dict.fromkeys(osp.abspath(c) for c in candidates))
    raise FileNotFoundError(
        f'{dataset_name}: data root {data_root!r} not found (tried {tried}). '
        f'{hint} Or pass data_root=/path/to/the/set (e.g. --cfg-options '
        f'train_dataloader.dataset.data_root=...), or set {DATA_ENV} to the '
        f'folder that holds the sets.')
