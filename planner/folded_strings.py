"""The parts of a string built from known parts, each with the literal it comes from (planner/computed_paths.py).

``PKG + ".m1"`` with ``PKG = "pkg"`` is two parts: ``"pkg"`` (the literal ``PKG`` is bound to) and ``".m1"``;
``f"{__package__}.m2"`` is the file's package and the f-string's literal part ``.m2`` (its index among the parts:
``ast`` gives an f-string's literal parts no position of their own); ``"%s.m3" % PKG``, ``"{}.m4".format(PKG)``,
``".".join([PKG, "m5"])`` and ``os.path.join("pkg", "m6").replace(os.sep, ".")`` likewise. A literal whose source
text is not its value (an escape, an implicit concatenation, a line break) is a part with no :class:`Literal`: it is
read, never rewritten.
"""

from __future__ import annotations

import ast
import io
import re
import string
import tokenize
from collections.abc import Mapping
from typing import NamedTuple

from planner.computed_names import name_head
from planner.python_source import dotted_name
from planner.separator_paths import SLASH, path_join_items, separator_replaced

__all__ = ["Folder", "Literal", "Piece", "split_head"]

_FILE_NAMES = ("__package__", "__spec__.parent")


class Literal(NamedTuple):
    """A plain string literal of the source: ``(line, column)`` where it starts, as libcst counts columns
    (characters), and for an f-string's literal part its index among the f-string's parts (else -1)."""

    line: int
    column: int
    part: int


class Piece(NamedTuple):
    """One part of a folded text: its text, where it starts in the text, and the literal it is (``None``: a value
    the file gives, ``__name__`` or its package), at ``offset`` in that literal's value."""

    text: str
    start: int
    literal: Literal | None
    offset: int = 0
    own: bool = False  #: the file's ``__name__``: it follows the file's own rename
    value: str = ""  #: the literal's whole value


#: One ``%`` directive (planner/computed_names.py reads the others as unknown): ``%s`` only, the text the value's own
_PERCENT = re.compile(r"%.")


class Folder:
    """Folds one built string into its :class:`Piece` list, or ``None`` when a part is not known."""

    def __init__(self, lines: list[str], values: Mapping[str, ast.AST], file_name: str, package: str) -> None:
        self.lines, self.values, self.file_name, self.package = lines, values, file_name, package
        self.seen: set[str] = set()

    def fold(self, node: ast.AST) -> list[Piece] | None:
        raw = self._parts(node)
        if raw is None:
            return None
        pieces, start = [], 0
        for piece in raw:
            pieces.append(piece._replace(start=start))
            start += len(piece.text)
        return pieces

    def _parts(self, node: ast.AST) -> list[Piece] | None:  # noqa: PLR0911, PLR0912 - one case per shape
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            where = self._plain(node)
            return [Piece(node.value, 0, where, 0, False, node.value)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _joined_lists(self._parts(node.left), self._parts(node.right))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return self._percent(node)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node)
        if isinstance(node, ast.Name):
            if node.id in ("__name__", "__package__") and not self.file_name:
                return None  # a file outside the source roots: its name is not known here
            if node.id == "__name__":
                return [Piece(self.file_name, 0, None, own=True)]
            if node.id == "__package__":
                return [Piece(self.package, 0, None)]
            if node.id in self.values and node.id not in self.seen:
                self.seen.add(node.id)
                found = self._parts(self.values[node.id])
                self.seen.discard(node.id)
                return found
            return None
        if isinstance(node, ast.Attribute) and (key := dotted_name(node)) in self.values and key not in self.seen:
            self.seen.add(key)  # ``request.param``: a fixture's ``params`` entry (planner/param_candidates.py)
            found = self._parts(self.values[key])
            self.seen.discard(key)
            return found
        if (dotted_name(node) in _FILE_NAMES or name_head(node)) and not self.file_name:
            return None
        if dotted_name(node) in _FILE_NAMES:
            return [Piece(self.package, 0, None)]
        if name_head(node):
            return [Piece(self.file_name.rpartition(".")[0], 0, None)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "join":
                return self._join(node)
            if node.func.attr == "format":
                return self._format(node)
            if node.func.attr == "replace":
                return self._replaced(node)
        return None

    def _replaced(self, node: ast.Call) -> list[Piece] | None:
        """``os.path.join("pkg", "m").replace(os.sep, ".")``, ``"pkg/m".replace("/", ".")``: the path's parts, each
        separator a dot (planner/separator_paths.py); one character for one, so each literal's offsets hold."""
        receiver = separator_replaced(node)
        if receiver is None:
            return None
        items = path_join_items(receiver)
        out: list[Piece] = []
        for index, item in enumerate(items if items is not None else [receiver]):
            found = self._parts(item)
            if found is None:
                return None
            text = "".join(piece.text for piece in found)
            if items is not None and (not text or text.startswith(SLASH) or text.endswith(SLASH)):
                return None  # an absolute part starts the join again; a trailing separator is not doubled
            out += [Piece(SLASH, 0, None)] if index else []
            out += found
        return [piece._replace(text=piece.text.replace(SLASH, ".")) for piece in out]

    def _plain(self, node: ast.Constant) -> Literal | None:
        """Where ``node`` starts when its source is one plain literal whose text is its value, else ``None``."""
        segment = self._segment(node)
        if segment is None:
            return None
        head = segment[: len(segment) - len(segment.lstrip("rRuU"))]
        body = segment[len(head) :]
        quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
        if body[len(quote) : len(body) - len(quote)] != node.value or "\\" in body:
            return None
        return Literal(node.lineno, self._column(node), -1)

    def _segment(self, node: ast.expr) -> str | None:
        """The one-line source of ``node`` when it is a single string token, else ``None``."""
        if node.end_lineno != node.lineno or node.end_col_offset is None:
            return None
        line = self.lines[node.lineno - 1].encode("utf-8", "surrogateescape")
        segment = line[node.col_offset : node.end_col_offset].decode("utf-8", "surrogateescape")
        try:
            tokens = [t for t in tokenize.generate_tokens(io.StringIO(segment).readline) if t.string.strip()]
        except (tokenize.TokenError, SyntaxError):
            return None
        return segment if len(tokens) == 1 and tokens[0].type == tokenize.STRING or _one_fstring(tokens) else None

    def _column(self, node: ast.expr) -> int:
        line = self.lines[node.lineno - 1].encode("utf-8", "surrogateescape")
        return len(line[: node.col_offset].decode("utf-8", "replace"))

    def _percent(self, node: ast.BinOp) -> list[Piece] | None:
        """``"%s.backends.Mem" % PKG``, ``"%s.%s" % (__name__, "mathops")``: each ``%s`` its value folded."""
        left, value = node.left, node.right
        values = value.elts if isinstance(value, ast.Tuple) else [value]
        if not (isinstance(left, ast.Constant) and isinstance(left.value, str)):
            return None
        directives = _PERCENT.findall(left.value)
        if not directives or directives != ["%s"] * len(values):
            return None
        where, full = self._plain(left), left.value
        texts = full.split("%s")
        out, offset = [Piece(texts[0], 0, where, 0, False, full)], len(texts[0]) + 2
        for item, text in zip(values, texts[1:], strict=True):
            middle = self._parts(item)
            if middle is None:
                return None
            out += [*middle, Piece(text, 0, where, offset, False, full)]
            offset += len(text) + 2
        return out

    def _fstring(self, node: ast.JoinedStr) -> list[Piece] | None:
        segment = self._segment(node)
        plain = segment is not None and "\\" not in segment and "{{" not in segment and "}}" not in segment
        out: list[Piece] = []
        for index, value in enumerate(node.values):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                where = Literal(node.lineno, self._column(node), index) if plain else None
                out.append(Piece(value.value, 0, where, 0, False, value.value))
            elif isinstance(value, ast.FormattedValue) and value.conversion in (-1, 115) and value.format_spec is None:
                found = self._parts(value.value)
                if found is None:
                    return None
                out += found
            else:
                return None
        return out

    def _join(self, node: ast.Call) -> list[Piece] | None:
        """``".".join([PKG, "backends"])``; ``".".join(__name__.split(".")[:-1] + ["m5"])``: the module's parent."""
        separator = node.func.value if isinstance(node.func, ast.Attribute) else None
        if not (isinstance(separator, ast.Constant) and isinstance(separator.value, str)) or node.keywords:
            return None
        if len(node.args) != 1:
            return None
        items: list[ast.AST] = []
        arg = node.args[0]
        if (
            isinstance(arg, ast.BinOp)
            and isinstance(arg.op, ast.Add)
            and separator.value == "."
            and split_head(arg.left)
        ):
            items.append(ast.Name("__parent__"))
            arg = arg.right
        if not isinstance(arg, (ast.List, ast.Tuple)):
            return None
        items += arg.elts
        out: list[Piece] = []
        for index, item in enumerate(items):
            if index:
                out.append(Piece(separator.value, 0, None))
            found = (
                [Piece(self.file_name.rpartition(".")[0], 0, None)]
                if isinstance(item, ast.Name) and item.id == "__parent__"
                else self._parts(item)
            )
            if found is None:
                return None
            out += found
        return out

    def _format(self, node: ast.Call) -> list[Piece] | None:
        """``"{}.m2".format(PKG)``: plain fields, each given."""
        template = node.func.value if isinstance(node.func, ast.Attribute) else None
        if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
            return None
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return None
        text = template.value
        if "{{" in text or "}}" in text:
            return None
        try:
            fields = list(string.Formatter().parse(text))
        except ValueError:
            return None
        where = self._plain(template)
        keywords = {k.arg: k.value for k in node.keywords}
        out: list[Piece] = []
        offset, automatic = 0, 0
        for literal, field, spec, conversion in fields:
            if literal:
                out.append(Piece(literal, 0, where, offset, False, text))
                offset += len(literal)
            if field is None:
                continue
            if spec or conversion not in (None, "s"):
                return None
            offset = text.index("}", offset) + 1
            if field == "":
                argument: ast.AST | None = node.args[automatic] if automatic < len(node.args) else None
                automatic += 1
            elif field.isdigit():
                argument = node.args[int(field)] if int(field) < len(node.args) else None
            else:
                argument = keywords.get(field)
            found = self._parts(argument) if argument is not None else None
            if found is None:
                return None
            out += found
        return out


def _joined_lists(left: list[Piece] | None, right: list[Piece] | None) -> list[Piece] | None:
    return None if left is None or right is None else left + right


def split_head(node: ast.AST) -> bool:
    """``__name__.split(".")[:-1]``: the parts of the module's parent."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)):
        return False
    part, call = node.slice, node.value
    stop = part.upper
    if part.lower is not None or part.step is not None:
        return False
    if not (isinstance(stop, ast.UnaryOp) and isinstance(stop.op, ast.USub) and isinstance(stop.operand, ast.Constant)):
        return False
    if stop.operand.value != 1 or not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return False
    separator = call.args[0] if len(call.args) == 1 and not call.keywords else None
    return (
        call.func.attr == "split"
        and dotted_name(call.func.value) == "__name__"
        and isinstance(separator, ast.Constant)
        and separator.value == "."
    )


#: Python 3.12 tokenizes an f-string into parts (PEP 701): ``FSTRING_START`` ... ``FSTRING_END``; before, one ``STRING``.
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


def _one_fstring(tokens: list[tokenize.TokenInfo]) -> bool:
    """Are ``tokens`` one f-string, as 3.12's tokenizer gives it (its start, parts and end, the end the last token)?"""
    if _FSTRING_START is None or not tokens or tokens[0].type != _FSTRING_START:
        return False
    depth = 0
    for index, token in enumerate(tokens):
        depth += (token.type == _FSTRING_START) - (token.type == _FSTRING_END)
        if depth == 0:
            return index == len(tokens) - 1
    return False
