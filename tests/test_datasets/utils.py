# Copyright (c) mmglm contributors. All rights reserved.
"""Helpers that build small dataset trees from real images."""
import os
import shutil
import uuid
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[2]


def find_shared_data() -> Optional[Path]:
    """The shared data folder: $MMGLM_SHARED_DATA, <repo>/../shared/data or
    /work/shared/data, whichever exists first (None if none)."""
    env = os.environ.get('MMGLM_SHARED_DATA')
    for cand in (env, REPO / '../shared/data', '/work/shared/data'):
        if cand and Path(cand, 'intel_mini').is_dir():
            return Path(cand).resolve()
    return None


def put_image(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def put_truncated(src: Path, dst: Path, keep: float = 0.5) -> Path:
    """A JPEG cut after ``keep`` of its bytes (what an interrupted download
    leaves)."""
    data = src.read_bytes()
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data[:int(len(data) * keep)])
    return dst


def write_lines(path: Path, lines: List[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{ln}\n' for ln in lines))
    return path


def make_class_tree(root: Path, spec: Dict[str, int],
                    jpegs: List[Path]) -> Dict[str, List[Path]]:
    """``root/<class>/<i>.jpg`` with ``spec[class]`` real images each."""
    out = {}
    k = 0
    for cls, n in spec.items():
        out[cls] = [
            put_image(jpegs[(k + i) % len(jpegs)], root / cls / f'{i:03d}.jpg')
            for i in range(n)
        ]
        k += n
    return out


# A slice of the real taxonomy: hierarchy nodes (0, 1, 22, 23) label no image;
# leaves 295, 599, 1010 and 313 do. Expected labels: ids sorted -> 0..3.
NABIRDS_CLASSES = {
    0: 'Birds',
    1: 'Perching Birds',
    22: 'Hawks, Kites, Eagles, and Allies',
    23: 'Gulls, Terns, and Skimmers',
    295: 'Red-tailed Hawk (Adult)',
    313: 'Herring Gull (Adult)',
    599: 'Song Sparrow',
    1010: 'Yellow-rumped Warbler (Breeding Audubon\'s)',
}
# (class id, is_training) per image, in images.txt order.
NABIRDS_IMAGES = [(599, 1), (295, 0), (1010, 1), (295, 1), (313, 0), (599, 0),
                  (1010, 0), (313, 1)]
NABIRDS_EXPECTED = {295: 0, 313: 1, 599: 2, 1010: 3}


def build_nabirds(root, jpegs, images=None):
    """A NABirds tree in the official layout; returns image ids and paths."""
    images = images or NABIRDS_IMAGES
    ids = [str(uuid.UUID(int=i + 1)) for i in range(len(images))]
    rels = [
        f'{cid:04d}/{i.replace("-", "")}.jpg'
        for i, (cid, _) in zip(ids, images)
    ]
    for k, rel in enumerate(rels):
        put_image(jpegs[k % len(jpegs)], root / 'images' / rel)
    write_lines(root / 'images.txt', [f'{i} {r}' for i, r in zip(ids, rels)])
    write_lines(root / 'image_class_labels.txt',
                [f'{i} {cid}' for i, (cid, _) in zip(ids, images)])
    write_lines(root / 'train_test_split.txt',
                [f'{i} {tr}' for i, (_, tr) in zip(ids, images)])
    write_lines(root / 'classes.txt',
                [f'{k} {v}' for k, v in NABIRDS_CLASSES.items()])
    write_lines(root / 'hierarchy.txt', ['1 0', '22 0', '23 0', '599 1'])
    return ids, rels


def build_cub(root, jpegs, items=((1, 1), (1, 0), (2, 1), (200, 1), (2, 0))):
    """A CUB_200_2011 tree; ``items`` are (1-based class id, is_training)."""
    from mmpretrain.datasets.categories import CUB_CATEGORIES
    rels = []
    for k, (cid, _) in enumerate(items, 1):
        rel = f'{cid:03d}.{CUB_CATEGORIES[cid - 1]}/img_{k}.jpg'
        put_image(jpegs[k % len(jpegs)], root / 'images' / rel)
        rels.append(rel)
    write_lines(root / 'images.txt',
                [f'{k} {r}' for k, r in enumerate(rels, 1)])
    write_lines(root / 'image_class_labels.txt',
                [f'{k} {c}' for k, (c, _) in enumerate(items, 1)])
    write_lines(root / 'train_test_split.txt',
                [f'{k} {t}' for k, (_, t) in enumerate(items, 1)])
    return rels


WEBFG_TRAIN = {
    'web-bird': {
        '001.Black_footed_Albatross': 2,
        '002.Laysan_Albatross': 1,
        '003.Sooty_Albatross': 2
    },
    'web-aircraft': {
        '707-320': 1,
        'A300B4': 2
    },
    'web-car': {
        'AM General Hummer SUV 2000': 2,
        'Acura RL Sedan 2012': 1
    },
}
# val/ (the benchmark's test images) lacks some classes: labels by name.
WEBFG_VAL = {
    'web-bird': {
        '003.Sooty_Albatross': 1,
        '001.Black_footed_Albatross': 1
    },
    'web-aircraft': {
        'A300B4': 2
    },
    'web-car': {
        'Acura RL Sedan 2012': 1
    },
}


def build_webfg(root, jpegs):
    """The three WebFG-496 archives unpacked in ``root``."""
    for sub in WEBFG_TRAIN:
        make_class_tree(root / sub / 'train', WEBFG_TRAIN[sub], jpegs)
        make_class_tree(root / sub / 'val', WEBFG_VAL[sub], jpegs)
    return root
