# Copyright (c) mmglm contributors. All rights reserved.
"""Data-root resolution shared by mmglm datasets."""
import os
import os.path as osp

#: Where the project's shared sample data lives, relative to a checkout.
SHARED_DATA_DIRS = ('../shared/data', )


def resolve_data_root(data_root: str, dataset_name: str, hint: str) -> str:
    """Return an existing data root, falling back to ``../shared/data``.

    ``data/<set>`` (the config default) is tried as given, then
    ``../shared/data/<set>`` relative to the working directory and to the
    repository root.

    Args:
        data_root (str): The configured root, e.g. ``'data/intel_mini'``.
        dataset_name (str): Class name for the error message.
        hint (str): Where to download the data and how to lay it out.

    Raises:
        FileNotFoundError: If no candidate exists; the message lists the paths
            tried and repeats ``hint``.
    """
    candidates = [data_root]
    norm = osp.normpath(data_root)
    if not osp.isabs(norm) and norm.split(os.sep)[0] == 'data':
        rest = osp.join(*norm.split(os.sep)[1:]) if os.sep in norm else ''
        repo_root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
        for shared in SHARED_DATA_DIRS:
            candidates.append(osp.join(shared, rest))
            candidates.append(osp.join(repo_root, shared, rest))
    for cand in candidates:
        if osp.isdir(cand):
            return cand
    tried = ', '.join(dict.fromkeys(osp.abspath(c) for c in candidates))
    raise FileNotFoundError(
        f'{dataset_name}: data root {data_root!r} not found (tried {tried}). '
        f'{hint}')
