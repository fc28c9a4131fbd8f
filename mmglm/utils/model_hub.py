# Copyright (c) mmglm contributors. All rights reserved.
"""Register mmglm's ``model-index.yml`` with ``mmpretrain.apis.ModelHub``.

After ``import mmglm``, ``mmpretrain.list_models('*glmnet*')``,
``get_model('glmnet-tiny_1xb32_intel-mini-112px')``, ``inference_model`` and
the inferencers know every model of mmglm's metafiles, as they know
mmpretrain's own (which ``ModelHub`` reads from ``mmpretrain/.mim``). The
index is read from the source checkout (``<repo>/model-index.yml``, config
paths under ``<repo>/configs``) or, in a regular install, from
``mmglm/.mim``.
"""
import difflib
import os.path as osp
from typing import List, Optional

from .package_configs import PACKAGE_DIR

_registered: Optional[str] = None


def model_index_root(package_dir: str = PACKAGE_DIR) -> str:
    """The folder holding ``model-index.yml`` and ``configs/``."""
    repo = osp.dirname(package_dir)
    for root in (repo, osp.join(package_dir, '.mim')):
        if osp.isfile(osp.join(root, 'model-index.yml')) and osp.isdir(
                osp.join(root, 'configs')):
            return root
    raise FileNotFoundError(
        f'mmglm: no model-index.yml with configs/ in {repo} or '
        f'{osp.join(package_dir, ".mim")}; reinstall mmglm '
        '(`pip install .` ships them as mmglm/.mim).')


def register_model_index() -> str:
    """Add mmglm's models to ``ModelHub`` (idempotent). Returns the index.

    mmpretrain reads its own index lazily, on the first ``get`` or
    ``list_models`` (a second or so); mmglm's eight metafiles are read here.
    No mmglm model name may equal one of mmpretrain's (``ModelHub`` refuses
    the clash, naming both files): ``tests/test_apis`` checks it.
    """
    global _registered
    if _registered is not None:
        return _registered
    from mmpretrain.apis import ModelHub

    root = model_index_root()
    index = osp.join(root, 'model-index.yml')
    ModelHub.register_model_index(index, config_prefix=root)
    _registered = index
    return index


def mmglm_model_names() -> List[str]:
    """Names of the models of mmglm's index (lower case, as ModelHub's)."""
    from mmpretrain.apis import ModelHub
    index = register_model_index()
    root = osp.dirname(index)
    return sorted(
        name for name, meta in ModelHub._models_dict.items()
        if isinstance(meta.config, str) and osp.abspath(
            meta.config).startswith(osp.join(osp.abspath(root), 'configs')))


def close_model_names(name: str, n: int = 5) -> List[str]:
    """The registered model names closest to ``name`` (for error messages)."""
    from mmpretrain.apis import ModelHub
    register_model_index()
    names = list(ModelHub._models_dict)
    close = difflib.get_close_matches(name.lower(), names, n=n, cutoff=0.5)
    if not close:
        close = [k for k in names if name.lower().split('_')[0] in k][:n]
    return close
