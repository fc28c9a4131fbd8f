# Copyright (c) mmglm contributors. All rights reserved.
"""AnnotatedImageList / CUB100: real cub100 data and hand-built lists."""
import pytest

from mmglm.datasets import CUB100, AnnotatedImageList, CorruptImageError
from mmglm.registry import DATASETS
from .utils import put_image, put_truncated, write_lines


def _read_meta(path):
    rows = [
        ln.rsplit(maxsplit=1) for ln in path.read_text().splitlines()
        if ln.strip()
    ]
    return [(p, int(label)) for p, label in rows]


@pytest.mark.parametrize('split', ['train', 'val'])
def test_cub100_real(shared_data, split):
    root = shared_data / 'cub100'
    ds = CUB100(data_root=str(root), split=split)
    meta = _read_meta(root / f'meta/{split}.txt')
    assert len(ds) == len(meta) == {'train': 2626, 'val': 277}[split]
    classes = (root / 'meta/classes.txt').read_text().split()
    assert ds.metainfo['classes'] == tuple(classes)
    assert len(classes) == 100
    # Every item keeps its file's path and label, in file order.
    for i in (0, len(ds) // 2, len(ds) - 1):
        info = ds.get_data_info(i)
        assert info['img_path'] == str(root / meta[i][0])
        assert info['gt_label'] == meta[i][1]
    assert list(ds.get_gt_labels()) == [lb for _, lb in meta]
    assert ds.bad_images == []


def test_data_root_fallback_env(shared_data, monkeypatch, tmp_path):
    """'data/cub100' (the config value) resolves through $MMGLM_DATA."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('MMGLM_DATA', str(shared_data))
    ds = DATASETS.build(dict(type='CUB100', split='val'))
    assert len(ds) == 277
    monkeypatch.delenv('MMGLM_DATA')
    # hide the checkout's ../shared/data (present in CI) to reach the error
    monkeypatch.setattr('mmglm.datasets.data_root.SHARED_DATA_DIRS',
                        (str(tmp_path / 'no_shared'), ))
    with pytest.raises(
            FileNotFoundError,
            match=r"CUB100: data root 'data/cub100' not found.*"
            r'shared/data/cub100'):
        CUB100(split='val')


@pytest.fixture
def tree(tmp_path, real_jpegs):
    root = tmp_path / 'set'
    for i in range(4):
        put_image(real_jpegs[i], root / f'imgs/c{i % 2}/{i}.jpg')
    write_lines(root / 'meta/classes.txt', ['cat a', 'cat b'])
    return root


def test_missing_image_names_file_and_line(tree):
    write_lines(tree / 'meta/train.txt', [
        'imgs/c0/0.jpg 0', 'imgs/c1/1.jpg 1', '', 'imgs/c0/gone.jpg 0',
        'imgs/c1/3.jpg 1'
    ])
    with pytest.raises(
            FileNotFoundError,
            match=
            r'(?s)1 image\(s\) listed .* do not exist:\n.*imgs/c0/gone\.jpg '
            r'\(line 4 of .*meta/train\.txt\).*skip_bad_images=True'):
        AnnotatedImageList(str(tree), split='train')


def test_corrupt_image_error_and_skip(tree, real_jpegs):
    put_truncated(real_jpegs[5], tree / 'imgs/c1/cut.jpg')
    write_lines(tree / 'meta/train.txt', [
        'imgs/c0/0.jpg 0', 'imgs/c1/cut.jpg 1', 'imgs/c0/2.jpg 0',
        'imgs/c1/none.jpg 1', 'imgs/c1/3.jpg 1'
    ])
    write_lines(tree / 'meta/val.txt',
                ['imgs/c0/0.jpg 0', 'imgs/c1/cut.jpg 1'])
    with pytest.raises(
            CorruptImageError,
            match=r'imgs/c1/cut\.jpg \(line 2 of .*val\.txt\): '
            r'truncated or corrupt JPEG'):
        AnnotatedImageList(str(tree), split='val')
    ds = AnnotatedImageList(str(tree), split='train', skip_bad_images=True)
    assert len(ds) == 3
    assert [p.split('/')[-1]
            for p, _ in ds.bad_images] == ['none.jpg', 'cut.jpg']
    assert [ds.get_data_info(i)['gt_label'] for i in range(3)] == [0, 0, 1]
    assert 'Skipped bad images: \t2' in repr(ds)
    # check_images=False still catches the missing file, not the cut one.
    with pytest.raises(FileNotFoundError, match='none.jpg'):
        AnnotatedImageList(str(tree), split='train', check_images=False)
    ds = AnnotatedImageList(
        str(tree), split='train', check_images=False, skip_bad_images=True)
    assert len(ds) == 4


def test_bad_lines_and_labels(tree):
    write_lines(tree / 'meta/train.txt', ['imgs/c0/0.jpg 0', 'imgs/c1/1.jpg'])
    with pytest.raises(ValueError, match=r'line 2 of .*train\.txt'):
        AnnotatedImageList(str(tree))
    write_lines(tree / 'meta/train.txt',
                ['imgs/c0/0.jpg 0', 'imgs/c1/1.jpg 2'])
    with pytest.raises(
            ValueError, match=r'label 2 \(line 2 of .*\) is outside 0\.\.1'):
        AnnotatedImageList(str(tree))
    with pytest.raises(
            FileNotFoundError,
            match=r'annotation file .*meta/test\.txt not found'):
        AnnotatedImageList(str(tree), split='test')


def test_classes_argument(tree):
    write_lines(tree / 'meta/train.txt',
                ['imgs/c0/0.jpg 0', 'imgs/c1/1.jpg 1'])
    ds = AnnotatedImageList(str(tree), classes=['x', 'y'])
    assert ds.metainfo['classes'] == ('x', 'y')
    with pytest.raises(ValueError, match='3 classes were given but the data'):
        AnnotatedImageList(str(tree), metainfo=dict(classes=['x', 'y', 'z']))
    write_lines(tree / 'names.txt', ['first', 'second'])
    ds = AnnotatedImageList(str(tree), classes='names.txt')
    assert ds.metainfo['classes'] == ('first', 'second')
