# Copyright (c) mmglm contributors. All rights reserved.
"""mmglm packaging, after mmpretrain's setup.py.

``add_mim_extension`` ships ``configs/``, ``tools/`` and ``model-index.yml``
inside the package as ``mmglm/.mim`` so that ``mim train mmglm CONFIG`` works
after a regular (wheel) install. Editable installs (PEP 660) get symlinks.
"""
import os
import os.path as osp
import shutil
import sys
import warnings

from setuptools import find_packages, setup


def readme():
    with open('README.md', encoding='utf-8') as f:
        return f.read()


def get_version():
    scope = {}
    with open('mmglm/version.py') as f:
        exec(compile(f.read(), 'mmglm/version.py', 'exec'), scope)
    return scope['__version__']


def parse_requirements(fname):
    with open(fname) as f:
        return [
            line.split('#')[0].strip() for line in f
            if line.split('#')[0].strip()
        ]


def add_mim_extension():
    """Copy (wheel/sdist) or link (develop/editable) mim files into .mim."""
    if 'develop' in sys.argv or 'editable_wheel' in sys.argv:
        mode = 'symlink'
    elif 'sdist' in sys.argv or 'bdist_wheel' in sys.argv or any(
            arg.startswith('bdist') or arg == 'build' for arg in sys.argv):
        mode = 'copy'
    else:
        return None
    repo_path = osp.dirname(osp.abspath(__file__))
    mim_path = osp.join(repo_path, 'mmglm', '.mim')
    os.makedirs(mim_path, exist_ok=True)
    for name in ['tools', 'configs', 'model-index.yml']:
        src = osp.join(repo_path, name)
        tar = osp.join(mim_path, name)
        if not osp.exists(src):
            continue
        if osp.isfile(tar) or osp.islink(tar):
            os.remove(tar)
        elif osp.isdir(tar):
            shutil.rmtree(tar)
        if mode == 'symlink':
            try:
                os.symlink(osp.relpath(src, mim_path), tar)
                continue
            except OSError:
                warnings.warn(f'Failed to symlink {src}; copying instead.')
        if osp.isfile(src):
            shutil.copyfile(src, tar)
        else:
            shutil.copytree(
                src, tar, ignore=shutil.ignore_patterns('__pycache__',
                                                        '*.pyc'))
    return mode


def restore_mim_links():
    """After building a wheel, put the checkout's .mim symlinks back.

    The copies are only needed inside the wheel; left in the source tree they
    would shadow later edits of configs/ for `mmglm::` lookups.
    """
    mim_path = osp.join(osp.dirname(osp.abspath(__file__)), 'mmglm', '.mim')
    shutil.rmtree(mim_path, ignore_errors=True)
    os.makedirs(mim_path, exist_ok=True)
    for name in ['tools', 'configs', 'model-index.yml']:
        os.symlink(osp.join('..', '..', name), osp.join(mim_path, name))


if __name__ == '__main__':
    mim_mode = add_mim_extension()
    setup(
        name='mmglm',
        version=get_version(),
        description='Global-local hybrid vision models for MMPretrain',
        long_description=readme(),
        long_description_content_type='text/markdown',
        license='Apache License 2.0',
        packages=find_packages(
            exclude=('configs', 'configs.*', 'tools', 'tools.*', 'tests',
                     'tests.*')),
        include_package_data=True,
        python_requires='>=3.9',
        install_requires=parse_requirements('requirements/runtime.txt'),
        extras_require={
            'tests': parse_requirements('requirements/tests.txt'),
            'mim': parse_requirements('requirements/mim.txt'),
            'optional': parse_requirements('requirements/optional.txt'),
        },
        zip_safe=False)
    if mim_mode == 'copy':
        restore_mim_links()
