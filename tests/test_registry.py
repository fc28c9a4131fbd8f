"""mmglm's registries: children of mmpretrain's, scope `mmglm`."""
import mmpretrain.registry as mmpretrain_registry
import pytest
from mmengine.registry import DefaultScope

import mmglm.registry as mmglm_registry
from mmglm.utils import register_all_modules

from mmengine.registry import Registry

NODES = [
    name for name, node in vars(mmpretrain_registry).items()
    if isinstance(node, Registry) and node.scope == 'mmpretrain'
]


def test_every_mmpretrain_node_has_an_mmglm_child():
    assert len(NODES) >= 21  # 22 in mmpretrain 1.2.0 (TOKENIZER included)
    for name in NODES:
        ours = getattr(mmglm_registry, name)
        assert ours.parent is getattr(mmpretrain_registry, name), name
        assert ours.scope == 'mmglm', name
        assert ours.name == getattr(mmpretrain_registry, name).name


def test_mmglm_scope_reaches_mmpretrain_and_mmengine_types():
    register_all_modules()
    models = mmglm_registry.MODELS
    assert models.get('ResNet') is mmpretrain_registry.MODELS.get('ResNet')
    assert models.get('IntelImageClassification') is None  # a dataset
    datasets = mmglm_registry.DATASETS
    assert datasets.get('IntelImageClassification').__module__ == \
        'mmglm.datasets.intel'
    # mmglm's CUB adds checks to mmpretrain's, under the same name
    assert issubclass(datasets.get('CUB'),
                      mmpretrain_registry.DATASETS.get('CUB'))
    assert datasets.get('CustomDataset') is \
        mmpretrain_registry.DATASETS.get('CustomDataset')
    # mmengine root types (BN) resolve through the chain, too
    assert models.get('BN') is not None
    assert mmglm_registry.BATCH_AUGMENTS.get('CutMix') is not None


def test_register_all_modules_sets_default_scope():
    register_all_modules(init_default_scope=True)
    assert DefaultScope.get_current_instance().scope_name == 'mmglm'


@pytest.mark.parametrize('name', ['Mixup', 'CutMix'])
def test_batch_augments_build_without_scope_fallback(name):
    aug = mmglm_registry.BATCH_AUGMENTS.build(dict(type=name, alpha=1.0))
    assert type(aug).__name__ == name
