# Copyright (c) mmglm contributors. All rights reserved.
import datetime

from mmengine.registry import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every mmglm module so that it is registered.

    Mirrors ``mmpretrain.utils.register_all_modules``.

    Args:
        init_default_scope (bool): Also make ``mmglm`` the current default
            scope (needed when building models outside a Runner, e.g. in a
            script or a test, see open-mmlab/mmengine#1662).
            Defaults to True.
    """
    import mmglm.datasets  # noqa: F401
    import mmglm.engine  # noqa: F401
    import mmglm.evaluation  # noqa: F401
    import mmglm.models  # noqa: F401
    import mmglm.visualization  # noqa: F401

    if not init_default_scope:
        return
    if not DefaultScope.check_instance_created('mmglm'):
        DefaultScope.get_instance('mmglm', scope_name='mmglm')
        return
    current = DefaultScope.get_current_instance()
    if current is None or current.scope_name != 'mmglm':
        DefaultScope.get_instance(f'mmglm-{datetime.datetime.now()}',
                                  scope_name='mmglm')
