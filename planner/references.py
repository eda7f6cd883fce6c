"""Mentions of the checkout's modules outside import statements: the :class:`Reference` record, and the strings in
Python code (``mock.patch("pkg.mod.x")``, ``importlib.import_module``, ``__all__``, Sphinx roles, doctests: found by
planner/read_facts.py), each resolved to the module it names. Module names and paths in non-Python files (entry
points, tool configuration, docs, CI) are planner/file_references.py's, pickled data planner/pickled_references.py's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from planner.attribute_reads import MEMBERS
from planner.attribute_strings import PREFIX as ATTRIBUTE
from planner.attribute_strings import attribute_module
from planner.discover import ModuleFile
from planner.entry_point_groups import entry_point_groups
from planner.facts import FileFacts
from planner.identity_names import identity_names
from planner.import_calls import BOUND, CHAIN, HANDED, absolute_path, chain_submodules
from planner.module_attributes import Attributes
from planner.prefixed_names import PREFIXED, prefixed_module
from planner.star_exports import STAR_EXPORT
from planner.string_shapes import file_relative_module, imported_path


@dataclass(frozen=True)
class Reference:
    """A mention of a module path outside an import statement."""

    path: str
    line: int
    kind: str
    text: str
    module: str = ""  #: the module it resolves to

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "kind": self.kind, "text": self.text, "module": self.module}


#: No module path has more parts: the searches of module paths stop there, or a string of 100,000 parts
#: is searched prefix by prefix, in time growing with the square of its length (review 20).
MAX_DEPTH = 64


def longest_module(text: str, modules: Mapping[str, ModuleFile]) -> str | None:
    """The longest dotted prefix of ``text`` (``pkg.mod.attr`` or ``pkg.mod:attr``) that is a module."""
    dotted = text.split(":", 1)[0]
    parts = dotted.split(".", MAX_DEPTH)[:MAX_DEPTH]
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def _folded_star_exports(file: ModuleFile, fact: FileFacts, modules: Mapping[str, ModuleFile]) -> Iterable[Reference]:
    """The ``star-export`` entries of an ``__all__`` with no ``__all__`` string fact of their own: folded from
    ``"alpha beta".split()``, ``list(_SUBS) + [...]``, ``[*_A, ...]`` (planner/star_exports.py)."""
    spelled = {string.text for string in fact.strings if string.kind == "__all__"}
    for key, line in fact.bound_names.items():
        name = key[len(STAR_EXPORT) :] if key.startswith(STAR_EXPORT) else ""
        if name and name not in spelled and f"{file.name}.{name}" in modules:
            yield Reference(file.path, line, "star-export", name, f"{file.name}.{name}")


def colon_chain(
    text: str, start: int, module: str, modules: Mapping[str, ModuleFile], shadowed: Collection[str] = ()
) -> str:
    """The module ``text`` names at ``start`` where ``module`` (a package) is followed by ``:`` and a chain of
    attributes: ``pkg.sub:mod.K`` (``pkgutil.resolve_name``, an entry point ``pkg.plugins:alpha``) reads ``mod`` from
    ``pkg.sub`` as ``__import__("pkg.sub").sub.mod`` does (planner/import_calls.py's ``chain_submodules``, shadowed
    submodules aside): the last submodule of the chain, else ``module``. Apply reads the same (codemods/base.py's
    ``Renames``: the segment after the colon is rewritten, the colon kept)."""
    end = start + len(module)
    file = modules.get(module)
    if file is None or not file.is_package or text[end : end + 1] != ":":
        return module
    chain = _CHAIN.match(text, end + 1)
    found = chain_submodules(module, chain.group(0).split(".", MAX_DEPTH), modules, shadowed) if chain else []
    return found[-1][1] if found else module


_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def python_references(
    file: ModuleFile, fact: FileFacts, modules: Mapping[str, ModuleFile], top_level: frozenset[str], space: Attributes
) -> Iterable[Reference]:
    doctests: set[tuple[int, str]] = set()  # ``from pkg import a, b``: pkg once, each a that is a module
    if file.is_package:  # an ``__all__`` folded from constants (``"a b".split()``): entries no literal spells
        yield from _folded_star_exports(file, fact, modules)
    for string in fact.strings:
        text = string.text
        if string.kind == "doctest-from" and text in space.shadowed:
            continue  # ``>>> from pkg import slug``: the object the package binds over the submodule, left by apply
        if string.kind == "__all__" and "." not in text and file.is_package:
            candidate = f"{file.name}.{text}"
            if candidate in modules:  # ``star-export``: only ``from pkg import *`` loads it (planner/star_exports.py)
                kind = "star-export" if STAR_EXPORT + text in fact.bound_names else "__all__"
                yield Reference(file.path, string.line, kind, text, candidate)
            continue
        if string.kind.startswith("relative:"):
            relative = _relative_module(text, file, string.kind, modules)
            if relative is not None:
                yield Reference(file.path, string.line, "relative-path", text, relative)
            continue
        if string.kind.startswith("file-relative:"):  # ``is_relative("util", spec.__file__)``: for a person
            below = file_relative_module(text, string.kind[14:], file.package, fact, modules)
            if below is not None:  # exactly one module of the checkout by that name: rewritten; else for a person
                absolute = longest_module(text, modules)
                kind = "relative-name" if absolute is None or absolute == below else "file-relative"
                yield Reference(file.path, string.line, kind, text, below)
            continue
        if string.kind.startswith(ATTRIBUTE):  # ``getattr(pkg, "alpha")``: the submodule, as apply decides
            for kind, submodule in attribute_module(string, file.package, fact, modules, space.shadowed):
                yield Reference(file.path, string.line, kind, text, submodule)
            continue
        if string.kind.startswith(MEMBERS):  # ``inspect.getmembers(pkg)``: names compared nobody knows where
            listed_owner = imported_path(text, file.package, fact) or text
            members = sorted(m for m in modules if m.rpartition(".")[0] == listed_owner and m not in space.shadowed)
            yield from (Reference(file.path, string.line, "module-members", m.rpartition(".")[2], m) for m in members)
            continue
        if string.kind.startswith(HANDED):  # ``self.m = __import__("pkg")``, ``return x``: any submodule, later
            handed = absolute_path(string.kind.partition(":")[2], file.package)
            reached = sorted(m for m in modules if handed and m.startswith(f"{handed}.") and m not in space.shadowed)
            yield from (Reference(file.path, string.line, "handed-import", m[len(f"{handed}.") :], m) for m in reached)
            continue
        if string.kind.startswith((CHAIN, BOUND)):  # ``__import__("pkg.m1").m1.V``: the submodule as an attribute
            owner = absolute_path(string.kind.partition(":")[2], file.package)
            names, kind = text.split("."), "import-attribute" if string.kind.startswith(CHAIN) else "bound-attribute"
            for index, submodule in chain_submodules(owner, names, modules, space.shadowed) if owner else ():
                yield Reference(file.path, string.line, kind, names[index], submodule)
            continue
        if string.kind.startswith(PREFIXED):  # ``helper("mod.Class")`` where ``helper`` builds ``f"pkg.{name}"``
            below = prefixed_module(text, string.kind[len(PREFIXED) :], modules)
            if below is not None and space.path_at(f"{string.kind[len(PREFIXED) :]}.{text}", 0, below):
                yield Reference(file.path, string.line, "prefixed-name", text, below)
            continue
        if string.kind == "py_modules-unknown":  # ``py_modules=find_modules()``: may name any top-level module
            top = (name for name in modules if "." not in name)
            yield from (Reference(file.path, string.line, string.kind, text, name) for name in top)
            continue
        if text.partition(".")[0].partition(":")[0] not in top_level:
            continue
        if string.kind in ("module-parts", "module-words"):  # ``["pkg", "mod"]``: a whole path, never an attribute
            if text in modules:
                yield Reference(file.path, string.line, string.kind, ", ".join(map(repr, text.split("."))), text)
            continue
        module = longest_module(text, modules)
        module = colon_chain(text, 0, module, modules, space.shadowed) if module and ":" in text else module
        if string.kind == "doctest-from":
            string = replace(string, kind="doctest")  # listed as any doctest import
        if string.kind == "doctest" and module is not None:
            if (string.line, module) in doctests:
                continue
            doctests.add((string.line, module))
        if module is not None and (module != text.partition(".")[0] or string.kind != "string"):
            if string.kind != "string" or space.path_at(text, 0, module):  # "pkg.mod.pkl": a data file, as apply reads
                yield Reference(file.path, string.line, string.kind, text, module)


def _relative_module(text: str, file: ModuleFile, kind: str, modules: Mapping[str, ModuleFile]) -> str | None:
    """The module a relative path (``.mod:attr``, ``..sub.mod``) names against the package name its call is
    given: ``__name__`` is the file's module, ``__package__`` its package, ``=pkg`` a literal package name
    (``import_module``'s rule)."""
    path = text.partition(":")[0]
    level = len(path) - len(path.lstrip("."))
    base = kind.removeprefix("relative:")
    parts = (file.name if base == "__name__" else base[1:] if base.startswith("=") else file.package).split(".")
    if level > len(parts):
        return None
    module = longest_module(".".join([*parts[: len(parts) - level + 1], path[level:]]), modules)
    return module if module is not None and len(module.split(".")) > len(parts) - level + 1 else None


#: References inside Python source (a doctest, generated code): ``import pkg.plugins`` names the module.
_SOURCE = frozenset({"doctest", "code-string", "exec-source"})


def without_group_names(root: Path, references: list[Reference]) -> list[Reference]:
    """``references`` less the exact mentions of a module path that is also an entry-point group name
    (``entry_points(group="pkg.plugins")``, ``[project.entry-points."pkg.plugins"]``): the plugins'
    contract, which ``apply`` keeps as it is (planner/entry_point_groups.py).

    Returns:
        The references Guardian acts on.
    """
    exact = {r.path for r in references if r.text == r.module and "." in r.module and r.kind not in _SOURCE}
    named = {r.path for r in references if r.text.startswith(f"{r.module}.") and r.path.endswith(".py")}
    texts = []
    for rel in sorted(exact | named):
        try:
            texts.append((rel, (root / rel).read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    groups = entry_point_groups(t for t in texts if t[0] in exact) if texts else frozenset()
    held = identity_names(texts) if named else frozenset()  # ``@task(name="pkg.tasks.mul")``: planner/identity_names.py
    if not groups and not held:
        return references
    return [
        replace(r, kind="identity-name") if r.text in held and r.kind in _HELD else r
        for r in references
        if not (r.text == r.module and r.module in groups and r.kind not in _SOURCE)
    ]


#: The kinds apply reads by whole tokens, where an identity name is kept (a call that takes a module path rewrites it)
_HELD = frozenset({"string", "string-part", "docstring", "comment", "docs"})
