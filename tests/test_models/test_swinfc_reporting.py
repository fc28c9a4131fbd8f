"""SwinFC's published numbers sit on the configs they belong to (issue 14,
item 5): the paper's WebFG-496 figure is the mean of three subset models, not
the accuracy of one 496-class model."""
import re

import pytest
import yaml

from tests.utils import REPO

FOLDER = REPO / 'configs/swinfc'
SUBSETS = ('web-bird', 'web-aircraft', 'web-car')
# paper, Tables 5-8: (Swin-B, SwinFC) per subset and the WebFG-496 mean
PAPER = {'web-bird': (83.03, 86.92), 'web-aircraft': (77.98, 84.43),
         'web-car': (81.92, 86.18), 'mean': (80.98, 85.84)}


def _models():
    meta = yaml.safe_load((FOLDER / 'metafile.yml').read_text())
    return {m['Name']: m for m in meta['Models']}


def _top1(model):
    results = model.get('Results') or []
    # task-only entries (Metrics: {}) carry no number
    return [r['Metrics']['Top 1 Accuracy'] for r in results
            if 'Top 1 Accuracy' in (r.get('Metrics') or {})]


@pytest.mark.parametrize('prefix,col', [('swin-b', 0), ('swinfc_swin-b', 1)])
def test_webfg_published_numbers_are_the_subsets_and_their_mean(prefix, col):
    models = _models()
    subset_top1 = []
    for subset in SUBSETS:
        top1 = _top1(models[f'{prefix}_4xb8_{subset}-384px'])
        assert top1 == [PAPER[subset][col]], (subset, top1)
        subset_top1.append(top1[0])
    # the paper's WebFG-496 number is the mean of the three subset models
    assert round(sum(subset_top1) / 3, 2) == PAPER['mean'][col]
    # ... so the combined 496-class config carries no published number
    combined = models[f'{prefix}_4xb8_webfg496-384px']
    assert _top1(combined) == [], combined.get('Results')
    header = (FOLDER / f'{prefix}_4xb8_webfg496-384px.py').read_text()
    assert "mmglm's own" in header.split('_base_')[0]
    # the alias has no number either
    if prefix == 'swinfc_swin-b':
        assert _top1(models['swinfc_webfg496']) == []


def test_readme_labels_the_combined_config_and_the_mean():
    text = (FOLDER / 'README.md').read_text()
    rows = {r.split('|')[1].strip(): r for r in text.splitlines()
            if r.startswith('| ')}
    mean = [r for k, r in rows.items() if k.startswith('WebFG-496 = mean')]
    assert len(mean) == 1 and '80.98 | 85.84' in mean[0]
    own = [r for k, r in rows.items() if 'WebFG-496, one 496-class' in k]
    assert len(own) == 1 and "mmglm's own" in own[0]
    assert re.search(r'\| - \| - \|', own[0]), own[0]
    # no row attaches a published number to the combined config
    for row in rows.values():
        if 'webfg496-384px.py' in row:
            assert not re.search(r'\b(85\.84|80\.98)\b', row), row
