# Copyright (c) mmglm contributors. All rights reserved.
"""Make ``_base_ = 'mmglm::<folder>/<file>.py'`` resolvable.

mmengine 0.10.7 resolves ``pkg::`` configs only for the packages of its
hard-coded ``MODULE2PACKAGE`` table (open-mmlab/mmengine#1410), then reads
``<package dir>/.mim/{model-index.yml,configs}``, where the package dir comes
from ``get_installed_path``. That lookup returns ``site-packages/mmglm`` for
PEP 660 editable installs (which does not exist), and a plain source checkout
has no ``.mim`` folder. :func:`enable_package_configs` fixes all three from
inside mmglm, without touching site-packages:

- adds ``mmglm`` to ``MODULE2PACKAGE``;
- points mmengine's config loader at the directory of the imported ``mmglm``;
- in a source checkout, links ``mmglm/.mim/{configs,tools,model-index.yml}``
  to the repository's folders, as ``setup.py develop`` does.
"""
import functools
import os
import os.path as osp

PACKAGE_DIR = osp.dirname(osp.dirname(osp.abspath(__file__)))
MIM_ITEMS = ('configs', 'tools', 'model-index.yml')


def _link_mim_folder(package_dir: str = PACKAGE_DIR) -> None:
    mim = osp.join(package_dir, '.mim')
    repo = osp.dirname(package_dir)
    if osp.isdir(mim) or not all(
            osp.exists(osp.join(repo, item)) for item in MIM_ITEMS):
        return
    try:
        os.makedirs(mim, exist_ok=True)
        for item in MIM_ITEMS:
            target = osp.join(mim, item)
            if not osp.lexists(target):
                os.symlink(osp.join('..', '..', item), target)
    except OSError:  # read-only checkout: `mmglm::` needs `pip install .`
        pass


def enable_package_configs() -> None:
    """Let mmengine resolve ``mmglm::`` config paths (idempotent)."""
    import mmengine.config.config as mmengine_config
    from mmengine.config.utils import MODULE2PACKAGE

    MODULE2PACKAGE.setdefault('mmglm', 'mmglm')
    _link_mim_folder()
    original = mmengine_config.get_installed_path
    if getattr(original, '_mmglm_patched', False):
        return

    @functools.wraps(original)
    def get_installed_path(package: str) -> str:
        if package == 'mmglm':
            return PACKAGE_DIR
        return original(package)

    get_installed_path._mmglm_patched = True
    mmengine_config.get_installed_path = get_installed_path
