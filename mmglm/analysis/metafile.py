# Copyright (c) mmglm contributors. All rights reserved.
"""Write measured params/FLOPs into a config folder's metafile and README.

``metafile.yml`` follows mmpretrain's layout (``Collections`` + ``Models``
with ``Metadata: {FLOPs, Parameters}`` as integers, FLOPs = multiply-adds).
Only ``Metadata.FLOPs`` / ``Metadata.Parameters`` of the entries are written
(an entry is matched by its ``Config`` path, a missing one is appended), every
other field (results, weights, papers) is kept. In ``README.md`` the table
between :data:`TABLE_START` and :data:`TABLE_END` is replaced (a
``## Complexity`` section with the markers is appended when there are none).
"""
import os.path as osp
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

__all__ = [
    'TABLE_START', 'TABLE_END', 'update_metafile', 'render_table',
    'update_readme', 'register_in_model_index'
]

TABLE_START = '<!-- complexity-table-start -->'
TABLE_END = '<!-- complexity-table-end -->'


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with list items indented under their key (the layout
    of mmpretrain's metafiles)."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _config_key(path: str) -> str:
    return osp.normpath(path).replace('\\', '/')


def update_metafile(metafile: Path, results: Sequence[Dict[str, Any]],
                    collection: Optional[str] = None) -> Dict[str, Any]:
    """Set ``Metadata.FLOPs`` and ``Metadata.Parameters`` per config.

    An existing file is edited line by line (only the two values change, or
    are inserted; new entries are appended to ``Models``), so its comments,
    key order and other fields stay as they are; the result is checked by
    re-parsing it.

    Args:
        metafile (Path): ``configs/<folder>/metafile.yml`` (created if absent).
        results (Sequence[dict]): One dict per config with ``config`` (the
            path relative to the repository root, e.g.
            ``configs/resnet/resnet18_1xb32_intel-mini-64px.py``), ``flops``
            and ``params`` (ints).
        collection (str, optional): Collection name of new entries (and of a
            new file); defaults to the file's first collection, else the
            folder name.

    Returns:
        dict: The metafile content written.
    """
    metafile = Path(metafile)
    text = metafile.read_text() if metafile.is_file() else ''
    data = (yaml.safe_load(text) if text else None) or {}
    if not collection:
        existing = data.get('Collections') or [{}]
        collection = existing[0].get('Name') or metafile.parent.name
    if not data.get('Collections'):
        data['Collections'] = [
            dict(Name=collection,
                 README=_config_key(str(metafile.parent / 'README.md')))
        ]
    models: List[Dict[str, Any]] = data.setdefault('Models', []) or []
    data['Models'] = models
    by_config = {_config_key(m.get('Config', '')): m for m in models}
    new_entries = []
    for res in results:
        key = _config_key(res['config'])
        entry = by_config.get(key)
        if entry is None:
            # A task-only result until an accuracy is measured: mmpretrain's
            # inference_model picks the inferencer by the task and refuses
            # an entry without one (Results: null).
            task = 'Image Classification'
            if '/det/' in f'/{key}':
                task = ('Instance Segmentation' if 'mask' in key
                        else 'Object Detection')
            entry = {
                'Name': osp.splitext(osp.basename(key))[0],
                'In Collection': collection,
                'Metadata': {},
                'Results': [{'Task': task, 'Metrics': {}}],
                'Config': key,
            }
            models.append(entry)
            by_config[key] = entry
            new_entries.append(entry)
        meta = entry.get('Metadata') or {}
        meta['FLOPs'] = int(res['flops'])
        meta['Parameters'] = int(res['params'])
        entry['Metadata'] = meta
    dumped = yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=100,
                       allow_unicode=True)
    if text.strip():
        edited = _edit_text(text, results, new_entries)
        if yaml.safe_load(edited) != yaml.safe_load(dumped):
            raise RuntimeError(
                f'{metafile}: the line-wise edit does not parse to the '
                'expected content (unusual layout?); fix the file by hand.')
        dumped = edited
    metafile.write_text(dumped)
    return data


_ITEM = re.compile(r'^( *)- ')


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(' '))


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith('#')


def _edit_text(text: str, results: Sequence[Dict[str, Any]],
               new_entries: Sequence[Dict[str, Any]]) -> str:
    """Set FLOPs/Parameters in the text of a metafile in block layout and
    append ``new_entries`` to its ``Models`` list."""
    lines = text.splitlines()
    top = [i for i, line in enumerate(lines)
           if re.match(r'Models:\s*(#.*)?$', line)]
    if not top:
        lines.append('Models:')
        top = [len(lines) - 1]
    first = top[0] + 1
    item_indent, starts, stop = None, [], len(lines)
    for i in range(first, len(lines)):
        line = lines[i]
        if not _is_content(line):
            continue
        if _indent(line) == 0 and not line.startswith('- '):
            stop = i  # the next top-level key
            break
        match = _ITEM.match(line)
        if match and (item_indent is None
                      or len(match.group(1)) == item_indent):
            item_indent = len(match.group(1))
            starts.append(i)
    item_indent = 2 if item_indent is None else item_indent
    key_indent = item_indent + 2
    blocks = [[s, e] for s, e in zip(starts, starts[1:] + [stop])]
    values = {_config_key(r['config']): (int(r['flops']), int(r['params']))
              for r in results}
    # Edit from the last block up, so that insertions keep earlier indices.
    for start, end in reversed(blocks):
        keys = {}  # key -> line index, at the entry's key level
        for i in range(start, end):
            line = lines[i]
            if not _is_content(line) or (i != start
                                         and _indent(line) != key_indent):
                continue
            body = line[item_indent + 2:] if i == start else line
            keys[body.split(':', 1)[0].strip()] = i
        if 'Config' not in keys:
            continue
        config = lines[keys['Config']].split(':', 1)[1].split('#')[0]
        config = _config_key(config.strip().strip('\'"'))
        if config not in values:
            continue
        flops, params = values[config]
        if 'Metadata' not in keys:
            after = keys.get('In Collection', keys.get('Name', start))
            lines.insert(after + 1, ' ' * key_indent + 'Metadata:')
            keys['Metadata'] = after + 1
            end += 1
        meta = keys['Metadata']
        if lines[meta].split(':', 1)[1].split('#')[0].strip():
            # an inline value ({} or null): becomes a block
            lines[meta] = ' ' * key_indent + 'Metadata:'
        child_indent, children = None, []
        for i in range(meta + 1, end):
            if not _is_content(lines[i]):
                continue
            if _indent(lines[i]) <= key_indent:
                break
            child_indent = child_indent or _indent(lines[i])
            if _indent(lines[i]) == child_indent:
                children.append(i)
        child_indent = child_indent or key_indent + 2
        pad = ' ' * child_indent
        found = {}
        for i in children:
            name = lines[i].split(':', 1)[0].strip()
            if name in ('FLOPs', 'Parameters'):
                found[name] = i
        for name, value in (('FLOPs', flops), ('Parameters', params)):
            if name in found:
                comment = ''
                if '#' in lines[found[name]]:
                    comment = '  #' + lines[found[name]].split('#', 1)[1]
                lines[found[name]] = f'{pad}{name}: {value}{comment}'
        missing = [f'{pad}{name}: {value}'
                   for name, value in (('FLOPs', flops),
                                       ('Parameters', params))
                   if name not in found]
        lines[meta + 1:meta + 1] = missing
    if new_entries:
        last = top[0]  # the last content line of the Models section
        for i in range(top[0] + 1, len(lines)):
            if _is_content(lines[i]) and _indent(lines[i]) == 0 and \
                    not lines[i].startswith('- '):
                break
            if _is_content(lines[i]):
                last = i
        block = yaml.dump(list(new_entries), Dumper=_Dumper, sort_keys=False,
                          width=100, allow_unicode=True).splitlines()
        lines[last + 1:last + 1] = [' ' * item_indent + b for b in block]
    return '\n'.join(lines) + '\n'


def render_table(results: Sequence[Dict[str, Any]], command: str) -> str:
    """Markdown table of params/FLOPs with the command that produced it.

    Rows whose FLOPs cover ``extract_feat`` (detectors) get the backbone's
    parameters as an extra column and a note saying what is counted.
    """
    feat = any(r.get('part') == 'extract_feat' for r in results)
    if feat:
        lines = [
            '| Config | Input | Params (M) | Backbone params (M) | '
            'Backbone + neck FLOPs (G) |',
            '|:---|:---:|---:|---:|---:|',
        ]
    else:
        lines = [
            '| Config | Input | Params (M) | FLOPs (G) |',
            '|:---|:---:|---:|---:|',
        ]
    for res in results:
        name = osp.basename(res['config'])
        h, w = res['input_size']
        row = f'| [{osp.splitext(name)[0]}](./{name}) | {h}x{w} | ' \
              f'{res["params"] / 1e6:.2f} | '
        if feat:
            bb = res.get('backbone_params')
            row += f'{bb / 1e6:.2f} | ' if bb is not None else '- | '
        lines.append(row + f'{res["flops"] / 1e9:.3f} |')
    lines.append('')
    if feat:
        lines += [
            'Params: the whole model; FLOPs: `extract_feat` (backbone + '
            'neck) on one image of the input size, which is the test '
            "pipeline's `Resize` scale padded to the data preprocessor's "
            '`pad_size_divisor` (the largest image it tests on); heads and '
            'post-processing are not counted.',
            '',
        ]
    lines += [
        'FLOPs count one multiply-add as one FLOP (mmengine/fvcore and '
        "mmpretrain convention; the same as timm's GMACs), attention matrix "
        'products included (`F.scaled_dot_product_attention`, `matmul`, '
        '`einsum`, `baddbmm`); elementwise ops are not counted. Generated '
        'by:',
        '',
        '```shell',
        command,
        '```',
    ]
    return '\n'.join(lines)


def update_readme(readme: Path, table: str,
                  title: Optional[str] = None) -> str:
    """Replace the text between the complexity markers of ``readme``.

    Without markers a ``## Complexity`` section holding them is appended (the
    file is created, with ``# <title>``, when absent).

    Returns:
        str: The new README text.
    """
    readme = Path(readme)
    block = f'{TABLE_START}\n{table}\n{TABLE_END}'
    text = readme.read_text() if readme.is_file() else \
        f'# {title or readme.parent.name}\n'
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start >= 0 and end > start:
        text = text[:start] + block + text[end + len(TABLE_END):]
    else:
        text = text.rstrip('\n') + f'\n\n## Complexity\n\n{block}\n'
    readme.write_text(text)
    return text


def register_in_model_index(model_index: Path, metafile: str) -> bool:
    """Add ``metafile`` (repo-relative path) to ``model-index.yml``'s
    ``Import`` list (what ``mim`` and mmpretrain's ``ModelHub`` read).

    Returns:
        bool: True if the file was changed.
    """
    model_index = Path(model_index)
    data = {}
    if model_index.is_file():
        data = yaml.safe_load(model_index.read_text()) or {}
    imports = data.get('Import') or []
    metafile = _config_key(metafile)
    if metafile in imports:
        return False
    data['Import'] = sorted(imports + [metafile])
    model_index.write_text(
        yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=100))
    return True
