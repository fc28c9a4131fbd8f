# Copyright (c) mmglm contributors. All rights reserved.
"""Image loading that refuses corrupt files with a clear message."""
from typing import Optional

import mmcv
import mmengine.fileio as fileio
import numpy as np
from mmcv.transforms import LoadImageFromFile

from mmglm.registry import TRANSFORMS
from ..image_check import CorruptImageError, probe_image_bytes


@TRANSFORMS.register_module()
class LoadImageFromFileChecked(LoadImageFromFile):
    """``LoadImageFromFile`` that fails loudly on broken image files.

    mmcv's transform reports a file it cannot decode as a bare
    ``AssertionError: failed to load image`` (OpenCV) or a Pillow error,
    without saying what is wrong or what to do. This one checks the bytes it
    has read with :func:`~mmglm.datasets.image_check.probe_image_bytes`
    (header, end marker; a full Pillow decode only for suspicious files) and
    raises :class:`~mmglm.datasets.image_check.CorruptImageError` naming the
    file, the reason and the fix. With ``ignore_empty=True`` it returns None
    instead, which makes a *training* dataset draw another sample (mmengine
    refetches up to ``max_refetch`` times).

    mmglm datasets run the same check on every file when they are built
    (``check_images=True``) and can leave bad files out there
    (``skip_bad_images=True``), which also works for val/test sets; this
    transform is the safety net for ``check_images=False`` and for other
    datasets (e.g. mmpretrain's ``CustomDataset``). A result that already
    holds a decoded ``img`` and no ``img_path`` (mmpretrain's inferencers)
    passes through unchanged.

    Args:
        **kwargs: Those of :class:`mmcv.transforms.LoadImageFromFile`
            (``to_float32``, ``color_type``, ``imdecode_backend``,
            ``ignore_empty``, ``backend_args``).
    """

    def transform(self, results: dict) -> Optional[dict]:
        if 'img_path' not in results and results.get('img') is not None:
            # Already decoded by the caller: mmpretrain's inferencers read
            # the image themselves and drop only ``LoadImageFromFile`` from
            # the test pipeline.
            return results
        filename = results['img_path']
        try:
            if self.file_client_args is not None:
                file_client = fileio.FileClient.infer_client(
                    self.file_client_args, filename)
                img_bytes = file_client.get(filename)
            else:
                img_bytes = fileio.get(
                    filename, backend_args=self.backend_args)
        except FileNotFoundError:
            if self.ignore_empty:
                return None
            raise FileNotFoundError(
                f'LoadImageFromFileChecked: image {filename} not found. Fix: '
                'restore it or remove it from the annotation file.') from None
        reason = probe_image_bytes(
            img_bytes, allow_gif=self.imdecode_backend == 'pillow')
        img = None
        if reason is None:
            try:
                img = mmcv.imfrombytes(
                    img_bytes,
                    flag=self.color_type,
                    backend=self.imdecode_backend)
            except Exception as e:  # noqa: BLE001
                reason = f'{type(e).__name__}: {e}'
            if img is None and reason is None:
                reason = f'the {self.imdecode_backend} decoder returned None'
        if reason is not None:
            if self.ignore_empty:
                return None
            raise CorruptImageError(
                f'LoadImageFromFileChecked: cannot load {filename}: {reason}. '
                'Fix: re-download or delete the file (and its annotation '
                'line); mmglm datasets find such files when built '
                '(check_images=True) and leave them out with '
                'skip_bad_images=True.')
        if self.to_float32:
            img = img.astype(np.float32)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results
