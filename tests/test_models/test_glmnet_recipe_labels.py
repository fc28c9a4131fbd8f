"""GLMNet's recipe labels (issue 14, item 6): the blog names training from
scratch, a warm-up, a learning-rate scheduler and CutMix at 224 px; the
optimiser, learning rate and epochs are mmglm's choice. The alias config
``glmnet_intel.py`` and the README must say exactly that, and what they name
must be what the config does."""
import re

from mmengine.config import Config

from tests.utils import REPO

CONFIG = REPO / 'configs/glmnet/glmnet_intel.py'
README = REPO / 'configs/glmnet/README.md'


def _header() -> str:
    text = CONFIG.read_text()
    return ' '.join(
        line.lstrip('# ') for line in text.split('_base_')[0].splitlines())


def test_header_does_not_call_the_recipe_the_seeds():
    header = _header()
    assert not re.search(r"seed's (model and )?recipe", header), header
    assert re.search(r'blog names only', header)
    assert re.search(r"rest is mmglm's choice", header)


def test_what_the_header_names_is_what_the_config_does():
    header = _header()
    cfg = Config.fromfile(str(CONFIG))
    # blog items
    backbone = cfg.model.backbone
    assert 'from scratch' in header
    assert not (backbone.get('init_cfg') or {}).get('type') == 'Pretrained'
    assert 'warm-up' in header and 'scheduler' in header
    warmup, main = cfg.param_scheduler
    assert warmup.type == 'LinearLR' and main.type == 'CosineAnnealingLR'
    assert 'CutMix' in header
    assert cfg.model.train_cfg.augments.type == 'CutMix'
    assert '224 px' in header
    crop = [t for t in cfg.train_dataloader.dataset.pipeline
            if t.type == 'RandomResizedCrop']
    assert crop and crop[0].scale == 224
    # mmglm's choices, with the values the header states
    opt = cfg.optim_wrapper.optimizer
    assert f'optimiser {opt.type}' in header
    lr = re.search(r'lr (\S+) per total batch (\d+)', header)
    assert float(lr.group(1)) == opt.lr
    assert int(lr.group(2)) == cfg.auto_scale_lr.base_batch_size
    assert f'weight decay {opt.weight_decay}' in header
    assert f'{warmup.end} linear warm-up epochs' in header
    assert f'{cfg.train_cfg.max_epochs} epochs' in header
    assert f'8 GPUs x {cfg.train_dataloader.batch_size}' in header


def test_readme_recipe_table_labels_each_item():
    text = README.read_text()
    section = text.split('## Recipe: what the blog gives, what is ours')[1]
    section = section.split('\n## ')[0]
    rows = {r.split('|')[1].strip(): r.split('|')[3].strip()
            for r in section.splitlines()
            if r.startswith('| ') and not r.startswith('| item')
            and not r.startswith('|---')}
    for item in ('initialisation', 'warm-up', 'learning-rate scheduler',
                 'CutMix', 'input size'):
        assert rows[item].startswith('blog'), (item, rows[item])
    for item in ('optimiser', 'learning rate', 'epochs, batch'):
        assert rows[item] == "mmglm's choice", (item, rows[item])
    assert not re.search(r"the seed's (model and )?recipe\b(?!\")", text)
