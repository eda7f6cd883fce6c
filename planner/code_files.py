"""Python source in files that are not ``.py``: a Jupyter notebook's code cells and a template that renders a
Python file (issue 13, breaker k02).

``from pkg import mod`` names ``pkg.mod`` with no dotted token; Guardian reads such imports as code in Python files,
doctests and documentation's code blocks (planner/doc_code_blocks.py). Two more places hold Python source that
tools run: a notebook's code cells (nbval and nbmake execute them), read as data, whose ``"from pkg import
mathops\\n"`` was neither listed nor rewritten and whose ``"import pkg.textops\\n"`` was a ``longer-token`` follow-up
(the JSON escape ``\\n`` taken as part of the token); and a code-generation template (``gen.py.j2``, ``gen.py.tmpl``,
Django's ``.py-tpl``), whose ``from pkg import mathops, textops`` was left, so the generated code failed; and a
pytest-mypy-plugins case file's ``main: |`` block (breaker k24), the source mypy checks for each case.

A notebook's code cells (``"cell_type": "code"``, in a notebook whose kernel's language is Python or unnamed) are
Python source: each JSON string of a cell's ``source`` is decoded, its lines read as code and, when changed, that
string alone is encoded again in place, so every other byte of the file (its formatting, its outputs) stays. A
markdown cell is prose and a cell under another language's magic (``%%bash``) a shell script: their strings are
decoded too, and read as such (:func:`text_spans`). A file whose name says it renders to a Python file is Python source with template
tags: every line is code, and an import's rewriting leaves a tag (``{{ value }}``, ``$value``) as it stands.

The plan (planner/file_references.py) lists these lines' imports as ``code-block`` references, and apply
(codemods/doc_examples.py) rewrites them, both asking this module which of a file's lines are code; apply's
screen of the files to open asks it too (codemods/config_lines.py's ``holds_examples``).
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import re
from dataclasses import dataclass

__all__ = [
    "CodeSpan",
    "case_lines",
    "code_spans",
    "decoded",
    "encoded",
    "holds_code",
    "python_template",
    "text_spans",
]

#: The names of files that render to a Python file: Jinja, ``string.Template``, Mako, cookiecutter's and Django's
#: ``startapp``/``startproject`` templates (``models.py-tpl``), copier's ``.py.jinja``
_TEMPLATE_ENDS = (
    ".py.j2",
    ".py.jinja",
    ".py.jinja2",
    ".py.tmpl",
    ".py.tpl",
    ".py.mako",
    ".py_t",
    ".py-tpl",
)
#: A pytest-mypy-plugins case file's item (``- case: name``) and its ``main: |`` block scalar, Python source
_CASE = re.compile(r"^-[ \t]+case:[ \t]*\S", re.MULTILINE)
_MAIN = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?main:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$")
#: The kernel languages of a notebook whose code cells are Python
_PYTHON = frozenset({"python", "python3", "ipython", "ipython3"})
#: One JSON token: a string, a structural character, or a bare value (a number, ``true``, ``null``)
_TOKEN = re.compile(r'[ \t\r\n]*(?:(?P<s>"(?:[^"\\\n]|\\.)*")|(?P<p>[][{}:,])|(?P<v>[^][{}:,"\s]+))')


@dataclass(frozen=True)
class CodeSpan:
    """A JSON string of a notebook code cell's source: its characters ``start:end`` on its line (quotes included)."""

    start: int
    end: int


@dataclass(frozen=True)
class _String:
    start: int
    end: int
    value: str


def python_template(path: str) -> bool:
    """Does the file's name say it renders to a Python file (``gen.py.j2``, ``models.py-tpl``)?"""
    return path.rpartition("/")[2].lower().endswith(_TEMPLATE_ENDS)


def holds_code(path: str, text: str) -> bool:
    """Is some of the file ``path`` Python source by this module's rules: a template of a Python file, a notebook
    with a code cell of a Python kernel?"""
    return python_template(path) or bool(code_spans(path, text)) or bool(case_lines(path, text))


def case_lines(path: str, text: str) -> frozenset[int]:
    """The lines (indices from 0, of ``str.splitlines``) of a pytest-mypy-plugins case file's ``main: |`` blocks: a
    YAML file whose top level is a list of ``- case: name`` items, each ``main`` the Python source mypy checks. A
    block scalar under another key (``code``, ``source``, ``run``) says nothing of its language (a shell script, a
    query, a template as often as Python): not read."""
    if not path.lower().endswith((".yml", ".yaml")) or _CASE.search(text) is None:
        return frozenset()
    found: set[int] = set()
    indent: int | None = None  # the ``main`` key's column, while its block lasts
    for index, line in enumerate(text.splitlines()):
        if indent is not None and (not line.strip() or len(line) - len(line.lstrip()) > indent):
            found.add(index)
            continue
        opened = _MAIN.match(line)
        indent = None if opened is None else len(opened.group("indent")) + (2 if line.lstrip().startswith("-") else 0)
    return frozenset(found)


def code_spans(path: str, text: str) -> dict[int, list[CodeSpan]]:
    """The JSON strings of a Python notebook's code cells' sources, by line index (from 0, the lines of
    ``str.splitlines``, as plan and apply number them); empty for another file, a notebook of another language, or
    one that is no JSON. A cell run by another language's magic (``%%bash``, ``%%html``: :data:`_OTHER_MAGICS`) is
    no Python (:func:`text_spans`)."""
    return _cells(path, text)[0]


def text_spans(path: str, text: str) -> dict[int, tuple[str, list[CodeSpan]]]:
    """The JSON strings of a Python notebook's cells that are not Python, by line index: ``("docs", spans)`` for a
    markdown cell (prose), ``("shell", spans)`` for a code cell under another language's cell magic (``%%bash``,
    ``%%sh``, ``%%script bash``; ``%%html``...: whole module paths, as in a shell script). Plan and apply decode
    each string and read its value, the JSON escapes no part of a token (``\\"pkg.mod\\"``, ``\\tpkg.mod``)."""
    return _cells(path, text)[1]


#: Cell magics that run a cell as another language than Python
_OTHER_MAGICS = frozenset(
    {"bash", "sh", "script", "html", "javascript", "js", "latex", "markdown", "svg", "perl", "ruby", "sql", "system"}
)
_MAGIC = re.compile(r"%%(\w+)[ \t]*(\S*)")


def _other_language(source: object) -> bool:
    """Does a code cell's ``source`` (a string or a list of them) start with another language's cell magic?"""
    first = source[0] if isinstance(source, list) and source else source
    magic = _MAGIC.match(first.value) if isinstance(first, _String) else None
    if magic is None or magic.group(1) not in _OTHER_MAGICS:
        return False
    return magic.group(1) != "script" or not magic.group(2).rpartition("/")[2].startswith(("python", "pypy"))


def _cells(path: str, text: str) -> tuple[dict[int, list[CodeSpan]], dict[int, tuple[str, list[CodeSpan]]]]:
    """:func:`code_spans` and :func:`text_spans`, read in one pass."""
    if not path.lower().endswith(".ipynb") or '"cells"' not in text:
        return {}, {}
    try:
        notebook, end = _value(text, 0)
    except (ValueError, IndexError, RecursionError):  # no JSON, or nested deeper than Python recurses
        return {}, {}
    if not isinstance(notebook, dict) or text[end:].strip() or not _python(notebook.get("metadata")):
        return {}, {}
    cells = notebook.get("cells")
    starts = list(itertools.accumulate((len(line) for line in text.splitlines(keepends=True)), initial=0))
    found: dict[int, list[CodeSpan]] = {}
    other: dict[int, tuple[str, list[CodeSpan]]] = {}
    for cell in cells if isinstance(cells, list) else []:
        kind = cell.get("cell_type") if isinstance(cell, dict) else None
        if not isinstance(kind, _String) or kind.value not in ("code", "markdown"):
            continue
        source = cell.get("source")
        read = "docs" if kind.value == "markdown" else "shell" if _other_language(source) else None
        for string in source if isinstance(source, list) else [source]:
            if isinstance(string, _String):
                line = bisect.bisect_right(starts, string.start) - 1
                span = CodeSpan(string.start - starts[line], string.end - starts[line])
                if read is None:
                    found.setdefault(line, []).append(span)
                else:
                    other.setdefault(line, (read, []))[1].append(span)
    return found, other


def decoded(literal: str) -> str:
    """A JSON string literal's value."""
    value = json.loads(literal)
    return value if isinstance(value, str) else ""


def encoded(value: str, literal: str) -> str:
    """``value`` as the JSON string literal ``literal`` changed where the values differ only: its escapes
    (``\\u00e9``, ``\\"``) before and after the change kept as written, the changed characters escaped as
    ``json.dumps`` does (non-ASCII ones only where ``literal`` holds no raw one)."""
    old = decoded(literal)
    head = len(os.path.commonprefix([old, value]))
    tail = len(os.path.commonprefix([old[head:][::-1], value[head:][::-1]]))
    offsets = _offsets(literal)
    middle = json.dumps(value[head : len(value) - tail], ensure_ascii=literal.isascii())[1:-1]
    return literal[: offsets[head]] + middle + literal[offsets[len(old) - tail] :]


def _offsets(literal: str) -> list[int]:
    """Where each character of a JSON string literal's value starts in it, and where the value ends."""
    found: list[int] = []
    index = 1
    while index < len(literal) - 1:
        found.append(index)
        if literal[index] != "\\":
            index += 1
        elif literal[index + 1] != "u":
            index += 2
        elif 0xD800 <= int(literal[index + 2 : index + 6], 16) < 0xDC00 and literal.startswith("\\u", index + 6):
            index += 12  # a surrogate pair: one character of the value
        else:
            index += 6
    return [*found, index]


def _python(metadata: object) -> bool:
    """Is a notebook's kernel language (``metadata.kernelspec.language``, ``metadata.language_info.name``) Python,
    or not named (Jupyter's default)?"""
    if not isinstance(metadata, dict):
        return True
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        table = metadata.get(key)
        name = table.get(field) if isinstance(table, dict) else None
        if isinstance(name, _String):
            return name.value.lower() in _PYTHON
    return True


def _value(text: str, position: int) -> tuple[object, int]:
    """The JSON value at ``position`` and where it ends: an object as a dict, an array as a list, a string as a
    :class:`_String` (with its place in ``text``), anything else as None."""
    token = _TOKEN.match(text, position)
    if token is None:
        raise ValueError(position)
    if token.group("s") is not None:
        return _String(token.start("s"), token.end("s"), decoded(token.group("s"))), token.end()
    if token.group("v") is not None:
        return None, token.end()
    if token.group("p") == "[":
        items: list[object] = []
        position = token.end()
        while True:
            close = _TOKEN.match(text, position)
            if close is not None and close.group("p") == "]":
                return items, close.end()
            item, position = _value(text, position)
            items.append(item)
            after = _TOKEN.match(text, position)
            if after is None or after.group("p") not in (",", "]"):
                raise ValueError(position)
            position = after.end() if after.group("p") == "," else position
    if token.group("p") == "{":
        table: dict[str, object] = {}
        position = token.end()
        while True:
            close = _TOKEN.match(text, position)
            if close is not None and close.group("p") == "}":
                return table, close.end()
            key, position = _value(text, position)
            colon = _TOKEN.match(text, position)
            if not isinstance(key, _String) or colon is None or colon.group("p") != ":":
                raise ValueError(position)
            table[key.value], position = _value(text, colon.end())
            after = _TOKEN.match(text, position)
            if after is None or after.group("p") not in (",", "}"):
                raise ValueError(position)
            position = after.end() if after.group("p") == "," else position
    raise ValueError(position)
