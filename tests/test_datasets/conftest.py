# Copyright (c) mmglm contributors. All rights reserved.
"""Fixtures: the shared real images."""
from pathlib import Path
from typing import List

import pytest

from .utils import find_shared_data


@pytest.fixture(scope='session')
def shared_data() -> Path:
    root = find_shared_data()
    if root is None:
        pytest.skip('shared data (../shared/data) not found')
    return root


@pytest.fixture(scope='session')
def real_jpegs(shared_data) -> List[Path]:
    """Eight real JPEGs from cub100 (distinct images)."""
    lines = (shared_data / 'cub100/meta/train.txt').read_text().split('\n')
    return [shared_data / 'cub100' / ln.split()[0] for ln in lines[:400:50]]
