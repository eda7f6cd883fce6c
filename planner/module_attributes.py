"""What may follow a module's path in a text and still name the module: the names the module binds (issue 13).

``api.example.com`` beside a renamed top-level module ``api.py`` is a host name, not ``api`` and an attribute
``example`` (review 24, hole 15); ``"pkg.cli.pkl"`` beside a renamed ``pkg/cli.py`` is a data file's name, not
``pkg.cli`` and an attribute ``pkl`` (hole 16). Both read the same: what follows the module's path is an attribute
only when the module binds that name. The plan (planner/references.py, planner/dynamic_imports.py) and apply
(codemods/base.py's ``Renames.find``) ask :meth:`Attributes.takes` alike.

- a top-level module (no dot in its name, no package) followed by ``.attr`` or ``:attr`` is a path only when the
  module binds ``attr``;
- a module path followed by a dotted tail is a file's name when the whole token is the base name of a file of the
  checkout (``data/pkg.cli.pkl``, whatever its suffix), or when the tail's last part is a common file suffix
  (:data:`FILE_SUFFIXES`) and its first part no name the module binds (a file written at run time, ``pkg.cli.log``);
- a module path and a dot that end a whole string, or that a quote closes (``salt="pkg.session."``, prose's
  ``'pkg.session.'``), is a prefix of keys below the module, data: pyramid's cookie salt, rewritten, no longer
  validated a session signed before the rename. A path with an attribute, or a sentence's last word, still counts.

A submodule its package shadows (``from .slug import *`` binds the function ``slug`` over the submodule, planner/
resolve.py) is that object where its path stands alone, not followed by an attribute: ``pkg.slug("x")``,
``from pkg import slug`` in code, a message naming ``pkg.slug`` (:meth:`Attributes.names_object`, asked in Python files). An import statement's path (``import pkg.slug``,
``from pkg.slug import x``), a call that takes a module path (``import_module("pkg.slug")``) and a whole string that is
the path (a name given to a loader, a logger, ``sys.modules``) name the module.

A module whose names cannot all be known (a star import, a module ``__getattr__``, ``globals()``, ``vars()``,
``sys.modules[__name__]``, source that does not parse, a package whose submodules are attributes) binds any name:
what follows it counts as before.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping

from planner.checkout_files import MAX_FILE_BYTES
from planner.discover import ModuleFile
from planner.imported_constants import Reads
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.template_placeholders import placeholder_before
from planner.template_tags import TagUse, tag_context
from planner.token_bounds import names_a_file

__all__ = ["FILE_SUFFIXES", "Attributes", "bound_attributes", "checkout_space", "key_prefix"]

#: Suffixes of files a program writes or reads by a name built from its module's path (``pkg.cli.log``,
#: ``pkg.cli.pkl``): data, archives, logs, certificates, catalogues, media. Only where the module binds no such
#: name: ``pkg.util.log`` stays a path when ``util`` defines ``log``.
FILE_SUFFIXES = frozenset(
    (
        "pkl pickle pck joblib npy npz mat h5 hdf5 hdf nc parquet feather arrow orc avro msgpack pb onnx pt pth ckpt "
        "safetensors bin dat db sqlite sqlite3 duckdb gz bz2 xz lzma zst zip tar tgz tbz2 rar log out err txt csv "
        "tsv json jsonl ndjson xml yaml yml toml ini cfg conf properties md rst html htm pdf pem crt cer der key p12 "
        "pfx pub po mo pot png jpg jpeg gif svg ico webp bmp tif tiff wav mp3 mp4 ogg flac lock pid sock bak tmp "
        "orig swp cache"
    ).split()
)
#: What ``names`` cannot see: a name bound through the module's namespace itself
_OPEN = re.compile(r"\bglobals\(\)|\bvars\(\)|sys\.modules\[__name__\]|\bexec\(")
#: ``global X`` in a function binds the module's X (read in the text: a string saying so only adds a name)
_GLOBAL = re.compile(r"(?<![\w.])global[ \t]+([A-Za-z_][\w \t,]*)")
_TAIL = re.compile(r"(?:\.[A-Za-z_]\w*)+")
_ATTRIBUTE = re.compile(r"[.:]([A-Za-z_]\w*)")
_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
#: a quote closing a path and a dot, not followed by ``+`` (``"pkg.cli." + key`` builds a path below it)
_PREFIX_QUOTED = re.compile(r"""["'`](?!\s*\+)""")
#: an import statement's module path: ``import pkg.slug``, ``from pkg.slug import x``
_IMPORTED = re.compile(r"(?<![\w.])(?:from|import)[ \t]+\Z")
_MODULE_NAMES = frozenset(
    "__name__ __file__ __doc__ __spec__ __loader__ __package__ __path__ __dict__ __builtins__ __all__".split()
)


def bound_attributes(source: str | bytes, path: str) -> frozenset[str] | None:
    """The names a module's ``source`` binds at its top level (definitions, assignments, imports, loop and ``with``
    targets, in any ``if``/``try``/``with``/loop block; ``global`` names of its functions; ``__all__``).

    Returns:
        The names, or None when any name may be the module's attribute (see the module docstring).
    """
    text = source.decode("utf-8", "surrogateescape") if isinstance(source, bytes) else source
    if _OPEN.search(text):
        return None
    try:
        tree = parse_python(source, path)
        with deep_walk():
            names = _Names()
            names.body(tree.body)
    except Unparsable:
        return None
    if names.open:
        return None
    for match in _GLOBAL.finditer(text):
        names.found.update(n for n in re.split(r"[\s,]+", match.group(1)) if n.isidentifier())
    return frozenset(names.found | _MODULE_NAMES)


class _Names:
    def __init__(self) -> None:
        self.found: set[str] = set()
        self.open = False

    def body(self, statements: Iterable[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.found.add(node.name)
                self.open |= node.name == "__getattr__" and not isinstance(node, ast.ClassDef)
            elif isinstance(node, ast.Import):
                self.found.update(a.asname or a.name.partition(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                self.open |= any(a.name == "*" for a in node.names)
                self.found.update(a.asname or a.name for a in node.names)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    self.target(target)
                if isinstance(node, ast.Assign) and any(_is_all(t) for t in node.targets):
                    self.strings(node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                self.target(node.target)
                self.body([*node.body, *node.orelse])
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        self.target(item.optional_vars)
                self.body(node.body)
            elif isinstance(node, (ast.If, ast.While)):
                self.body([*node.body, *node.orelse])
            elif isinstance(node, (ast.Try, ast.TryStar)):
                self.found.update(h.name for h in node.handlers if h.name)
                self.body([*node.body, *(s for h in node.handlers for s in h.body), *node.orelse, *node.finalbody])
            elif isinstance(node, ast.Match):
                self.body(s for case in node.cases for s in case.body)
            elif isinstance(node, ast.Expr):
                self.walrus(node.value)

    def target(self, node: ast.expr) -> None:
        if isinstance(node, ast.Name):
            self.found.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                self.target(element)
        elif isinstance(node, ast.Starred):
            self.target(node.value)

    def strings(self, value: ast.expr) -> None:
        for element in value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else ():
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                self.found.add(element.value)

    def walrus(self, value: ast.expr) -> None:
        if isinstance(value, ast.NamedExpr):
            self.target(value.target)


def _is_all(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id == "__all__"


def key_prefix(text: str) -> bool:
    """Is a Python string's whole ``text`` a dotted path and a dot (``"pkg.session."``)? Where no ``+`` nor f-string
    builds a name on it, it is a prefix of keys below the module, data (pyramid's cookie salt): no module path.

    Returns:
        ``True`` for that shape.
    """
    return text.endswith(".") and _DOTTED_PATH.fullmatch(text, 0, len(text) - 1) is not None


class Attributes:
    """The names each module binds, read when first asked for (``read``: a module's source, or None when it has
    none to read: a package, a missing file), or given (``known``: a module's names or None); and ``files``, the
    base names of the checkout's files named like a module path (planner/discover.py's ``named_files``). With neither, every
    token counts, as it did before."""

    def __init__(
        self,
        known: Mapping[str, frozenset[str] | None] | None = None,
        read: Callable[[str], tuple[str, bytes] | None] | None = None,
        files: Collection[str] = (),
        shadowed: Collection[str] = (),
    ) -> None:
        self.known: dict[str, frozenset[str] | None] = dict(known or {})
        self.read = read
        self.files = frozenset(files)
        #: submodules their packages shadow: such a path standing alone is the package's attribute, another object
        self.shadowed = frozenset(shadowed)
        #: told of every module asked about and of the bytes read from its file (planner/file_findings.py)
        self.log: Reads | None = None

    def names(self, module: str) -> frozenset[str] | None:
        """Returns: the names ``module`` binds, or None when it may bind any (or is not known)."""
        if self.log is not None:
            self.log.ask(module)
        if module not in self.known:
            found = self.read(module) if self.read is not None else None
            if found is not None and self.log is not None:
                self.log.read(module, found[1])
            self.known[module] = None if found is None else bound_attributes(found[1], found[0])
        return self.known[module]

    def settled(self, modules: Iterable[str]) -> Attributes:
        """These names of ``modules``, all read now, and no reader: what a worker process is given (pickled).

        Returns:
            A copy that reads nothing.
        """
        return Attributes({module: self.names(module) for module in modules}, files=self.files, shadowed=self.shadowed)

    def path_at(self, text: str, start: int, module: str) -> bool:
        """Is the token of ``text`` at ``start``, ``module``'s path and what follows, that module: no file named after
        it, neither by a documentation or data suffix (planner/token_bounds.py's ``names_a_file``) nor as
        :meth:`takes` reads it?

        Returns:
            ``True`` for a module path.
        """
        return not names_a_file(text, start + len(module)) and self.takes(text, start, module)

    def names_object(self, text: str, start: int, module: str) -> bool:
        """In Python source or a Python string, is ``module``'s path at ``start`` of ``text`` the object its package binds
        over the submodule (``pkg.slug("x")``, ``from pkg import slug``), not the module? Not where it is imported
        (``import pkg.slug``, ``from pkg.slug import x``), followed by an attribute, or the whole text. A configuration
        or documentation file's line does not ask: a directive, ``python -m`` or ``--cov=`` there takes the module.

        Returns:
            ``True`` for a shadowed submodule's object.
        """
        end = start + len(module)
        if module not in self.shadowed or _ATTRIBUTE.match(text, end) is not None or not (start or end < len(text)):
            return False
        return _IMPORTED.search(text, max(0, start - 16), start) is None

    def takes(self, text: str, start: int, module: str, tags: TagUse | None = None) -> bool:
        """Is the token of ``text`` at ``start``, ``module``'s path and what follows, that module (with its attribute)?
        ``tags``: how the Python string ``text`` reads its template tags, where its use says (planner/template_uses.py).

        Returns:
            ``False`` for a file's name, a host name, a prefix of keys (the module docstring's rules) or a name of a
            template's context (``{{cookiecutter.hooks}}``: planner/template_tags.py's ``tag_context``), else ``True``.
        """
        if tag_context(text, start, tags) or placeholder_before(text, start):  # ``$pkg.mod``: a Template's value
            return False
        end = start + len(module)
        if text[end : end + 1] == "." and _PREFIX_QUOTED.match(text, end + 1):
            return False  # ``'pkg.session.'`` in prose: a prefix of keys below it, data (:func:`key_prefix`)
        tail = _TAIL.match(text, end)
        if tail is not None:
            if text[start : tail.end()] in self.files:
                return False
            parts = text[end + 1 : tail.end()].split(".")
            if parts[-1].lower() in FILE_SUFFIXES:
                names = self.names(module)
                if names is not None and parts[0] not in names:
                    return False
        attribute = _ATTRIBUTE.match(text, end) if "." not in module else None
        if attribute is not None:
            names = self.names(module)
            return names is None or attribute.group(1) in names
        return True


def checkout_space(
    root: str, modules: Mapping[str, ModuleFile], files: Collection[str], shadowed: Collection[str] = ()
) -> Attributes:
    """The plan's space: each module's names read from its file under ``root`` when first asked for (a package's
    are any: its submodules are attributes), the checkout's ``files`` named like a module path, and the submodules
    their packages ``shadowed`` (planner/resolve.py).

    Returns:
        An :class:`Attributes` that reads the checkout.
    """

    def read(module: str) -> tuple[str, bytes] | None:
        file = modules.get(module)
        if file is None or file.is_package:
            return None
        try:
            with open(os.path.join(root, file.path), "rb") as handle:  # discovery listed it: a regular file
                return file.path, handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None

    return Attributes(read=read, files=files, shadowed=shadowed)
