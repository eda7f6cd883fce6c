"""Python enums in the code, matched to database enum types: the code-vs-database drift.

Found with ``ast`` (read-only, no import of the target code):

* classes deriving from ``enum.Enum``/``StrEnum``/``IntEnum`` (directly, ``str, Enum`` mixins,
  imported bare or through ``enum.``); members are class-level assignments, ``auto()`` values are
  the lower-cased member name (``StrEnum``'s rule);
* SQLAlchemy ``Enum(...)`` / ``sa.Enum(...)`` columns: string arguments are a value list, a class
  argument links that class, and ``name="..."`` names the database type explicitly.

Matching (documented in ``docs``: enum drift): an explicit SQLAlchemy ``name=`` wins. Otherwise
every database type picks the code enum with the best score = Jaccard overlap of the value sets +
similarity of the squashed names (``OrderStatus`` ~ ``order_status``, ``status_enum`` ~ ``status``);
a pair needs an overlap of at least one half. Every value missing on either side is reported.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.config import Config
from planner.enums import squash_name
from planner.facts import FileFacts
from planner.python_source import Unparsable, deep_walk
from planner.schema.model import EnumType, Schema
from planner.sqlfind.code_files import CodeFile, CodeFiles
from planner.sqlfind.hints import ENUM_WORDS, may_define_enums
from planner.sqlfind.pysource import Source, name_of, statements_at

_ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"}
_ENUM_WORD = re.compile("|".join(ENUM_WORDS))


@dataclass(frozen=True)
class CodeEnum:
    """A Python enum class, or a SQLAlchemy ``Enum(...)`` value list."""

    qualname: str
    path: str
    line: int
    values: tuple[str, ...]
    members: tuple[tuple[str, str], ...] = ()
    db_name: str | None = None
    kind: str = "class"
    #: The class's bases as written (``("str", "enum.Enum")``): StrEnum and str-mixin enums print differently.
    bases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnumDrift:
    """A code enum paired with the database enum type it most likely mirrors, and how they were paired."""

    code: CodeEnum
    db_type: EnumType
    score: float
    how: str

    @property
    def missing_in_database(self) -> tuple[str, ...]:
        return tuple(v for v in self.code.values if v not in self.db_type.labels)

    @property
    def missing_in_code(self) -> tuple[str, ...]:
        return tuple(v for v in self.db_type.labels if v not in self.code.values)

    def to_json(self) -> dict[str, Any]:
        return {
            "class": self.code.qualname,
            "path": self.code.path,
            "line": self.code.line,
            "type": self.db_type.display,
            "match": self.how,
            "score": round(self.score, 3),
            "missing_in_database": list(self.missing_in_database),
            "missing_in_code": list(self.missing_in_code),
        }


def find_code_enums(
    config: Config, scanned: Mapping[str, FileFacts] | None = None, files: CodeFiles | None = None
) -> list[CodeEnum]:
    """Every enum class and SQLAlchemy ``Enum(...)`` in the configured source roots.

    Args:
        scanned: the scan's facts (``RepoScan.facts``): a file whose ``FileFacts.sql`` says it names
            no enum is not read.
        files: the source roots' files, listed and parsed once for this and the database check.

    Returns:
        Sorted by path and line; files that do not parse are skipped (``assess`` reports them).
    """
    files = files or CodeFiles(config, scanned or ())
    out: list[CodeEnum] = []
    for item in files.listed():
        known = scanned.get(item.shown) if scanned is not None else None
        if known is not None and known.sql is not None and not known.sql.enums:
            continue  # the scan read the text: no Enum or Flag in it
        out.extend(enums_of_file(files, item))
    return sorted(out, key=lambda e: (e.path, e.line))


def enums_in_file(config: Config, path: Path, files: CodeFiles | None = None) -> list[CodeEnum]:
    """The enums of one file under a source root (what :func:`find_code_enums` finds there)."""
    files = files or CodeFiles(config)
    for root in config.source_roots:
        base = config.root / root
        if path.is_relative_to(base):
            return enums_of_file(files, CodeFile(str(path), path.relative_to(config.root).as_posix(), base))
    return []


def enums_of_file(files: CodeFiles, item: CodeFile) -> list[CodeEnum]:
    """The enums of one listed file; none when it cannot be read or parsed (``assess`` lists those)."""
    try:
        text = files.text(item)
        if not may_define_enums(text):
            return []  # no parse needed
        tree = files.tree(item, text)
        with deep_walk():
            return _enums_of(_enum_nodes(tree, text), item.shown, item.module)
    except (UnicodeError, OSError, Unparsable):
        return []


def _enum_nodes(tree: ast.Module, text: str) -> list[ast.AST]:
    """The nodes of ``tree`` that may be an enum class or an ``Enum(...)`` call, in ``ast.walk``'s
    order: those of the top-level statements whose lines name ``Enum`` or ``Flag`` (every enum base
    and the call do), or every node when the text is not ASCII (Python reads identifiers
    NFKC-normalised: a name can be spelt another way)."""
    if not text.isascii():
        return list(ast.walk(tree))
    source = Source(text)
    roots = statements_at(tree, [source.line_of(m.start()) for m in _ENUM_WORD.finditer(text)])
    nodes: list[ast.AST] = []
    todo: deque[ast.AST] = deque(roots)  # ast.walk from the module, restricted to these statements
    while todo:
        node = todo.popleft()
        todo.extend(ast.iter_child_nodes(node))
        nodes.append(node)
    return nodes


def _enums_of(nodes: list[ast.AST], shown: str, module: str) -> list[CodeEnum]:
    out: list[CodeEnum] = []
    classes: dict[str, CodeEnum] = {}
    for node in nodes:
        if isinstance(node, ast.ClassDef) and any(name_of(b) in _ENUM_BASES for b in node.bases):
            members = _members(node, any(name_of(b) == "StrEnum" for b in node.bases))
            item = CodeEnum(
                f"{module}.{node.name}",
                shown,
                node.lineno,
                tuple(v for _, v in members),
                tuple(members),
                bases=tuple(ast.unparse(b) for b in node.bases),
            )
            classes[node.name] = item
            out.append(item)
    for node in nodes:
        if isinstance(node, ast.Call) and name_of(node.func) == "Enum" and (node.args or node.keywords):
            name = next(
                (
                    k.value.value
                    for k in node.keywords
                    if k.arg == "name" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
                ),
                None,
            )
            strings = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
            linked = next((classes[a.id] for a in node.args if isinstance(a, ast.Name) and a.id in classes), None)
            if linked is not None and name:
                named = CodeEnum(
                    linked.qualname, linked.path, linked.line, linked.values, linked.members, name, bases=linked.bases
                )
                out[out.index(linked)] = named
                classes[linked.qualname.rsplit(".", 1)[1]] = named
            elif strings:
                out.append(
                    CodeEnum(
                        f"{module}:Enum({name or ', '.join(strings[:2])})",
                        shown,
                        node.lineno,
                        strings,
                        (),
                        name,
                        "sqlalchemy",
                    )
                )
    return out


def _members(node: ast.ClassDef, str_enum: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for stmt in node.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        name = stmt.targets[0].id
        if name.startswith("_"):
            continue
        value = stmt.value
        if isinstance(value, ast.Constant) and isinstance(value.value, (str, int)):
            out.append((name, str(value.value)))
        elif isinstance(value, ast.Call) and name_of(value.func) == "auto":
            out.append((name, name.lower()))
    return out


def _squash_class(name: str) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.rsplit(".", 1)[-1].split(":")[-1])
    return squash_name(snake)


def _type_words(db_type: EnumType) -> str:
    return squash_name(db_type.name.replace(".", "_")) if db_type.inline else squash_name(db_type.name)


def match_enums(code: list[CodeEnum], schema: Schema) -> list[EnumDrift]:
    """Pair database enum types with code enums (see the module docstring).

    Returns:
        One :class:`EnumDrift` per matched pair, whether or not values differ.
    """
    out: list[EnumDrift] = []
    for db_type in schema.enum_types:
        explicit = [c for c in code if c.db_name and c.db_name in (db_type.name, db_type.display, db_type.key)]
        if explicit:
            out.append(EnumDrift(explicit[0], db_type, 2.0, f"SQLAlchemy Enum(name={explicit[0].db_name!r})"))
            continue
        best: tuple[float, str, CodeEnum] | None = None
        labels = set(db_type.labels)
        for item in code:
            values = set(item.values)
            if not values:
                continue
            overlap = len(values & labels) / len(values | labels)
            if overlap < 0.5 and not (overlap > 0 and _squash_class(item.qualname) == _type_words(db_type)):
                continue
            name = difflib.SequenceMatcher(None, _squash_class(item.qualname), _type_words(db_type)).ratio()
            score = overlap + name
            key = (score, item.qualname)
            if best is None or key > (best[0], best[1]):
                best = (score, item.qualname, item)
        if best is not None:
            item = best[2]
            overlap = len(set(item.values) & labels) / len(set(item.values) | labels)
            out.append(
                EnumDrift(
                    item,
                    db_type,
                    best[0],
                    f"values {overlap:.0%} alike, names {_squash_class(item.qualname)}/{_type_words(db_type)}",
                )
            )
    return out


def code_drift(
    config: Config, schema: Schema, scanned: Mapping[str, FileFacts] | None = None, files: CodeFiles | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``database.code_drift`` findings (pairs with a missing value) and every pairing made
    (``scanned``, ``files``: see :func:`find_code_enums`).

    Returns:
        ``(drift, matches)`` as JSON-ready lists.
    """
    matches = match_enums(find_code_enums(config, scanned, files), schema)
    drift = [m.to_json() for m in matches if m.missing_in_database or m.missing_in_code]
    return drift, [m.to_json() for m in matches]
