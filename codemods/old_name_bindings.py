"""The old name of a renamed submodule, bound again in its package (issue 13: public paths stay alive).

``from .functoolz import *`` in ``toolz/__init__.py`` makes ``toolz.functoolz`` an attribute of the
package, and code reaches the submodule by it (``import toolz; toolz.functoolz.curry``, ``from toolz
import functoolz``). After Rope's rename the import reads ``from .WF1_functoolz import *``, which binds
only the new name. For each rename the plan lists with a ``submodule-attribute`` reference
(planner/submodule_attributes.py) the package's ``__init__`` gets, right after the first module-level
import of the renamed module::

    from . import (  # guardian-binding: old name kept until guardian retire
        WF1_functoolz as functoolz,
    )

so ``pkg.functoolz`` and ``from pkg import functoolz`` give the renamed module as before. The line is a
compatibility binding, handled like a shim: listed in the batch's edits (kind ``old-name-binding``),
recognised by its marker (planner/facts.py ``BINDING_MARKER``) so ``guardian check`` still reports a new
import of the old path as retired, and removed by ``guardian retire``
(guardian/workflow/retirement.py). A submodule no code uses by that attribute gets no binding. The
marker stays on the import's first line (the facts read it there) and every line fits in 79 columns,
whatever the names' lengths (a project lints its own source); the one line an earlier Guardian wrote,
``from . import WF1_functoolz as functoolz  # guardian-binding: ...``, is still found and removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import libcst as cst
from libcst.helpers import get_full_name_for_node

from codemods.cst_source import parse_cst
from codemods.errors import EditedBlock
from codemods.fitted_lines import WIDTH
from codemods.module_scope import from_source
from codemods.workspace import Workspace
from planner.facts import BINDING_MARKER
from planner.plan import Rename
from planner.python_source import Unparsable

__all__ = ["BINDING_COMMENT", "add_bindings", "bind_old_names", "find_bindings", "strip_bindings"]

KIND = "submodule-attribute"
BINDING_COMMENT = f"{BINDING_MARKER} old name kept until guardian retire"


def _imports(statement: cst.BaseStatement, package: str) -> set[str]:
    """Modules a module-level simple statement imports (``from .x import *``, ``import pkg.x``)."""
    found: set[str] = set()
    if not isinstance(statement, cst.SimpleStatementLine):
        return found
    for small in statement.body:
        if isinstance(small, cst.ImportFrom):
            source = from_source(small, package)
            if source is not None:
                found.add(source)
                if source == package and not isinstance(small.names, cst.ImportStar):
                    found.update(f"{package}.{get_full_name_for_node(a.name)}" for a in small.names)
        elif isinstance(small, cst.Import):
            found.update(get_full_name_for_node(a.name) or "" for a in small.names)
    return found


def _bound(module: cst.Module) -> set[str]:
    """Names the module binds at module level (simple statements, definitions)."""
    names: set[str] = set()
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.add(statement.name.value)
        for node in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
                names.update(
                    (a.asname.name.value if isinstance(a.asname.name, cst.Name) else "")
                    if a.asname is not None
                    else (get_full_name_for_node(a.name) or "").partition(".")[0]
                    for a in node.names
                )
            elif isinstance(node, (cst.Assign, cst.AnnAssign)):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                names.update(t.value for t in targets if isinstance(t, cst.Name))
    return names


def _binding_code(new: str, old: str, loaded: bool) -> str:
    """The binding's source: ``from . import (  # guardian-binding: ...``, then ``new as old``, within 79
    columns (``as old`` on a line of its own when the names are long); under ``if "new" in globals():``
    when ``loaded``: for a submodule another submodule loads while the package is imported, the import
    system has set ``new`` on the package (a global of its ``__init__``) when it did. The condition keeps
    the binding from importing anything itself: trio's ``_core`` loads ``_windows_cffi`` through ``_run`` on
    Windows only, and an unconditional binding imported it on Linux, where it fails (``kernel32.dll``)."""
    indent = "    " if loaded else ""
    alias = f"{indent}    {new} as {old},"
    if len(alias) > WIDTH:
        alias = f"{indent}    {new}\n{indent}    as {old},"
    code = f"{indent}from . import (  {BINDING_COMMENT}\n{alias}\n{indent})\n"
    return f'if "{new}" in globals():\n{code}' if loaded else code


def _binding(new: str, old: str, loaded: bool = False) -> cst.BaseStatement:
    """The binding as a statement: Guardian's own code, parsed through the gate (test_architecture); the
    module it is inserted in writes it with its own line ends and indentation."""
    statement = parse_cst(_binding_code(new, old, loaded)).body[0]
    assert isinstance(statement, cst.BaseStatement)
    return statement


def add_bindings(source: str, path: str, package: str, names: Mapping[str, str]) -> tuple[str, list[dict[str, object]]]:
    """Bind each old submodule name of ``names`` (old -> new, bare) after the import of its new module.

    A name the file binds already (Rope kept ``from . import WF1_sub as sub``) or whose new module only a
    function imports is left alone. One the file never names is loaded by another submodule while the
    package is imported (asttokens' ``util``, planner/implicit_bindings.py): it is bound at the end, if
    it was loaded (:func:`_binding_code`).

    Returns:
        (the new source, one edit per binding added).

    Raises:
        planner.python_source.Unparsable: the file does not parse.
    """
    tree = parse_cst(source, path)
    bound = _bound(tree)
    wanted = {f"{package}.{new}": old for old, new in names.items() if old not in bound}
    body: list[cst.BaseStatement] = []
    edits: list[dict[str, object]] = []
    for statement in tree.body:
        body.append(statement)
        for module in sorted(_imports(statement, package) & set(wanted)):
            old = wanted.pop(module)
            new = module.rpartition(".")[2]
            body.append(_binding(new, old))
            edits.append({"kind": "old-name-binding", "old": old, "new": f"from . import {new} as {old}"})
    for module, old in sorted(wanted.items()):
        new = module.rpartition(".")[2]
        if re.search(rf"\b{re.escape(new)}\b", source) is None:  # loaded through another submodule
            body.append(_binding(new, old, loaded=True))
            code = f'if "{new}" in globals(): from . import {new} as {old}'
            edits.append({"kind": "old-name-binding", "old": old, "new": code})
    if not edits:
        return source, []
    code = tree.with_changes(body=body).code
    lines = {m["old"]: code.count("\n", 0, m.start()) + 1 for m in _BINDING_BLOCK.finditer(code) if _guardians(m)}
    for edit in edits:
        edit["path"] = path
        edit["line"] = lines[str(edit["old"])]
    return code, edits


_NAME = r"[^\W\d]\w*"
_BINDING_BLOCK = re.compile(  # as :func:`_binding_code` writes it, in the file's line ends
    rf'^(?:if "(?P<loaded>{_NAME})" in globals\(\):\r?\n    )?from \. import \(  {re.escape(BINDING_COMMENT)}\r?\n'
    rf"[ \t]+(?P<new>{_NAME})(?: |\r?\n[ \t]+)as (?P<old>{_NAME}),\r?\n[ \t]*\)(?:\r?\n|\Z)",
    re.MULTILINE,
)
_BINDING_LINE = re.compile(  # the one line an earlier Guardian wrote
    rf'^(?:if "(?P<loaded>{_NAME})" in globals\(\): )?'
    rf"from \. import (?P<new>{_NAME}) as (?P<old>{_NAME})  {re.escape(BINDING_COMMENT)}(?:\r?\n|\Z)",
    re.MULTILINE,
)


def _found(source: str) -> list[re.Match[str]]:
    """Guardian's bindings in ``source``, in either form, in order (exactly its lines: a hand-written line
    with the marker is not Guardian's)."""
    if BINDING_MARKER not in source:
        return []
    found = [m for pattern in (_BINDING_BLOCK, _BINDING_LINE) for m in pattern.finditer(source) if _guardians(m)]
    return sorted(found, key=lambda m: m.start())


def find_bindings(source: str) -> list[str]:
    """The old names bound by the compatibility bindings Guardian wrote in ``source``."""
    return [match["old"] for match in _found(source)]


def _guardians(match: re.Match[str] | None) -> bool:
    """A binding as Guardian writes it (a condition names the module the binding imports)."""
    return match is not None and match.group("loaded") in (None, match.group("new"))


#: What may follow Guardian's conditional binding in a block it did not write: an indented line (a statement added to
#: the ``if``), or ``else``/``elif`` (a branch added to it)
_CONTINUED = re.compile(r"(?:[ \t]+\S|(?:else|elif)\b)")


def _continued(source: str, match: re.Match[str]) -> bool:
    """Does a person's code continue the ``if "new" in globals():`` block Guardian wrote at ``match``?"""
    if match.group("loaded") is None:
        return False
    following = next((line for line in source[match.end() :].splitlines() if line.strip()), "")
    return _CONTINUED.match(following) is not None


def strip_bindings(source: str, path: str = "__init__.py") -> str:
    """``source`` without the compatibility bindings Guardian wrote (``guardian retire``).

    Raises:
        codemods.errors.EditedBlock: a conditional binding a person continued (an ``else:``, a statement added to
            its block): removing Guardian's lines would orphan theirs, so nothing is removed.
    """
    kept, end = [], 0
    for match in _found(source):
        if _continued(source, match):
            line = source.count("\n", 0, match.start()) + 1
            raise EditedBlock(path, line, f"the binding of {match.group('old')} (`if ... in globals():`)")
        kept.append(source[end : match.start()])
        end = match.end()
    return "".join(kept) + source[end:]


def bind_old_names(
    workspace: Workspace, renames: Iterable[Rename], edits: list[dict[str, object]], warnings: list[str]
) -> None:
    """Add the compatibility bindings of a batch's renames to their packages' ``__init__`` in ``workspace``.

    Args:
        edits: the batch's reference edits, for its report: one is appended per binding added.
        warnings: the batch's warnings: one is appended per ``__init__`` that cannot be parsed.
    """
    wanted: dict[tuple[str, str], dict[str, str]] = {}
    for rename in renames:
        package, _, old = rename.old_module.rpartition(".")
        if (
            package
            and rename.new_module.rpartition(".")[0] == package
            and any(r.kind == KIND for r in rename.references)
        ):
            directory = rename.old.rpartition("/")[0]
            init = f"{directory}/__init__.py" if directory else "__init__.py"
            wanted.setdefault((init, package), {})[old] = rename.new_module.rpartition(".")[2]
    for (init, package), names in sorted(wanted.items()):
        if not workspace.exists(init):
            continue
        try:
            code, added = add_bindings(workspace.read_text(init), init, package, names)
        except Unparsable as error:
            warnings.append(f"{init}: old submodule names not bound: {error.message}")
            continue
        if added:
            workspace.write_text(init, code)
            edits += added
