# Copyright (c) mmglm contributors. All rights reserved.
"""Build-time image probe and the checked loading transform."""
import io

import numpy as np
import pytest
from mmcv.transforms import LoadImageFromFile
from PIL import Image

from mmglm.datasets import (CorruptImageError, LoadImageFromFileChecked,
                            probe_image_file)
from mmglm.registry import TRANSFORMS
from .utils import put_image, put_truncated


@pytest.fixture
def files(tmp_path, real_jpegs):
    src = real_jpegs[0]
    good = put_image(src, tmp_path / 'good.jpg')
    trunc = put_truncated(src, tmp_path / 'trunc.jpg', keep=0.6)
    # Valid JPEG followed by 10 KiB of trailer (as some cameras write): the
    # end marker is not in the last 4 KiB, the full decode must accept it.
    trailer = tmp_path / 'trailer.jpg'
    trailer.write_bytes(src.read_bytes() + bytes(10240))
    html = tmp_path / 'page.jpg'
    html.write_bytes(b'<!DOCTYPE html><html><body>404</body></html>')
    empty = tmp_path / 'empty.jpg'
    empty.write_bytes(b'')
    buf = io.BytesIO()
    Image.open(src).save(buf, format='PNG')
    png = tmp_path / 'good.png'
    png.write_bytes(buf.getvalue())
    png_trunc = tmp_path / 'trunc.png'
    png_trunc.write_bytes(buf.getvalue()[:len(buf.getvalue()) // 2])
    gif = tmp_path / 'anim.jpg'
    Image.open(src).convert('P').save(gif, format='GIF')
    return dict(
        good=good,
        trunc=trunc,
        trailer=trailer,
        html=html,
        empty=empty,
        png=png,
        png_trunc=png_trunc,
        gif=gif)


def test_probe_image_file(files, tmp_path):
    assert probe_image_file(str(files['good'])) is None
    assert probe_image_file(str(files['trailer'])) is None
    assert probe_image_file(str(files['png'])) is None
    assert 'truncated or corrupt JPEG' in probe_image_file(str(files['trunc']))
    assert 'truncated or corrupt PNG' in probe_image_file(
        str(files['png_trunc']))
    assert 'not an image' in probe_image_file(str(files['html']))
    assert 'empty file' in probe_image_file(str(files['empty']))
    assert 'GIF' in probe_image_file(str(files['gif']))
    assert probe_image_file(str(tmp_path / 'nope.jpg')) == 'file not found'


@pytest.mark.parametrize('backend', ['cv2', 'pillow'])
def test_truncated_jpeg_refused_by_every_backend(files, backend):
    """OpenCV returns None for a cut JPEG (mmcv: bare AssertionError) and
    Pillow raises; the checked loader names the file, the reason, the fix."""
    with pytest.raises((AssertionError, OSError)):
        LoadImageFromFile(imdecode_backend=backend).transform(
            dict(img_path=str(files['trunc'])))
    t = LoadImageFromFileChecked(imdecode_backend=backend)
    with pytest.raises(
            CorruptImageError,
            match=r'trunc\.jpg: truncated or corrupt JPEG.*Fix:'):
        t.transform(dict(img_path=str(files['trunc'])))


def test_checked_loader_matches_mmcv(files):
    ours = TRANSFORMS.build(dict(type='LoadImageFromFileChecked'))
    assert isinstance(ours, LoadImageFromFileChecked)
    a = ours.transform(dict(img_path=str(files['good'])))
    b = LoadImageFromFile().transform(dict(img_path=str(files['good'])))
    assert np.array_equal(a['img'], b['img'])
    assert a['img_shape'] == b['img_shape'] == a['ori_shape']
    c = ours.transform(dict(img_path=str(files['trailer'])))
    assert np.array_equal(c['img'], b['img'])
    f32 = LoadImageFromFileChecked(to_float32=True).transform(
        dict(img_path=str(files['good'])))
    assert f32['img'].dtype == np.float32


@pytest.mark.parametrize('key,reason',
                         [('trunc', 'truncated or corrupt'),
                          ('html', 'not an image'), ('gif', 'GIF'),
                          ('empty', 'empty file')])
def test_checked_loader_refuses_bad_files(files, key, reason):
    t = LoadImageFromFileChecked()
    with pytest.raises(
            CorruptImageError, match=f'{files[key].name}: .*{reason}'):
        t.transform(dict(img_path=str(files[key])))
    # ignore_empty: None, so that a training dataset draws another sample.
    assert LoadImageFromFileChecked(ignore_empty=True).transform(
        dict(img_path=str(files[key]))) is None


def test_checked_loader_missing_and_pillow_gif(files, tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.jpg not found'):
        LoadImageFromFileChecked().transform(
            dict(img_path=str(tmp_path / 'nope.jpg')))
    # Pillow decodes GIF, so the pillow backend accepts it.
    out = LoadImageFromFileChecked(imdecode_backend='pillow').transform(
        dict(img_path=str(files['gif'])))
    assert out['img'].shape[2] == 3
