"""What each string of a module is, by where it stands: the first half of the string codemod.

A libcst pass marks, before any string is rewritten, the strings whose place says what they are: the
target of a call that takes a module path (planner/module_calls.py), a relative ``import_module`` or table
entry, a submodule by its attribute name (``patch.object(pkg, "mod")``), ``pytest_plugins``, a package's
``__all__``, a ``py_modules`` list, a module table, a path as a list of its parts, a docstring, a dict key, a
string a name is built on (``"pkg.mod." + name``), an alias key below a renamed module.
codemods/rewrite_string_refs.py, the subclass, rewrites each string by what is marked here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import ClassVar

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider, ProviderT, QualifiedNameProvider

from codemods.attribute_reads import attribute_reads
from codemods.base import Edit, Renames
from codemods.concatenated_strings import simple_parts, spread
from codemods.import_chains import chain_renames, fromlist_renames, named_renames
from codemods.module_keys import ModuleKeys, sub_run_modules
from codemods.module_scope import (
    PartsContexts,
    docstring_nodes,
    literal_strings,
    module_bindings,
    module_parts,
    relative_pair,
    relative_table,
    resolve_relative,
    sys_modules_key,
)
from codemods.package_init_refs import PackageInitRefs
from codemods.string_tokens import whole_path
from planner.attribute_strings import called_owner
from planner.computed_paths import Literal
from planner.dunder_all import ALL_METHODS
from planner.import_calls import call_ast, import_level
from planner.module_calls import MODULE_PATH_CALLS, RELATIVE_KINDS, attribute_call_kind, attribute_submodule
from planner.py_modules import KEYWORD, py_modules, string_positions
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.star_exports import star_loaded

__all__ = ["StringContexts"]


#: Calls whose first positional argument is a dotted target -> kind of the edit (one table with the planner's).
TARGET_CALLS = MODULE_PATH_CALLS
_DUNDER = frozenset({"__import__", "builtins.__import__"})


class StringContexts(PackageInitRefs):
    """libcst transformer base: marks what each string of one module is; the subclass
    (codemods/string_rewriter.py) rewrites. ``warnings`` lists what cannot be rewritten."""

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (QualifiedNameProvider,)  # and the base's

    def __init__(
        self,
        renames: Renames,
        *,
        path: str,
        module: str | None,
        is_package: bool,
        tables: Mapping[tuple[int, int], str] | None = None,
        computed: Mapping[Literal, str] | None = None,
    ) -> None:
        super().__init__(renames, path=path, module=module, is_package=is_package)
        self.tables = tables or {}  #: (line, column) of a module-table entry -> its new name (module_scope.py)
        #: a literal holding a renamed segment of a path folded from known parts -> its new value (computed_paths.py)
        self.computed = computed or {}
        self._computed: dict[int, str] = {}  #: id(SimpleString or FormattedStringText) -> its new value
        self.warnings: list[str] = []
        self._contexts: dict[int, str] = {}  # id(SimpleString) -> kind of an explicit context
        self._replacements: dict[int, tuple[str, str]] = {}  # id(SimpleString) -> (new raw, kind)
        self._dict_keys: set[int] = set()
        self._built: set[int] = set()  #: id(SimpleString): ``"pkg.mod." + name``, a name built on it
        self._docstrings: set[int] = set()
        self._bindings: frozenset[str] = frozenset()
        self._annotation_depth = 0
        self._kept: set[int] = set()  #: id(string or f-string part): an alias key below a renamed module
        self._after_python: set[int] = set()  #: id(f-string part) right after ``sys.executable``
        self._code = cst.Module([])
        self._keys = ModuleKeys("")  #: the strings that are module names by where they stand (module_keys.py)
        self._concatenated: set[int] = set()  #: id(SimpleString): a part of ``"a" "b"``, no whole string of its own
        self._inner: set[int] = set()  #: id(ConcatenatedString or Attribute) inside another: read with the outer one
        self._named: dict[tuple[int, int], str] = {}  #: where a followed name's attribute ends -> its new name
        self._chains: dict[int, str] = {}  #: id(Attribute) -> its new name: a submodule read from an import's result
        self._chained = False  #: does the module call an import function at all
        self._star: dict[str, int] | None = None  #: ``__all__`` entries only a star import loads, once asked
        self._spread: dict[int, str] = {}  #: id(SimpleString) -> its new text, a part of a concatenation read whole
        self._py_modules: set[tuple[int, int]] = set()  #: (line, column) of each string naming a py_modules module

    # -- helpers -------------------------------------------------------------------------------
    def _warn(self, node: cst.CSTNode, reason: str, text: str) -> None:
        self.warnings.append(f"{self.path}:{self._line(node)}: manual follow-up: {reason}: {text!r}")

    def _names(self, node: cst.CSTNode) -> set[str]:
        names = {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
        full = get_full_name_for_node(node)
        if full:
            names.add(full)
        return {n.rpartition(".<locals>.")[2] for n in names}

    def _package(self) -> str | None:
        if self.module is None:
            return None
        return self.module if self.is_package else self.module.rpartition(".")[0]

    # -- collecting contexts -------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)  # a PEP 562 package's __all__ keeps the old names its table serves
        self._code = node  # the source of a call planner/import_calls.py reads
        self._chained = "import_module" in self._text or "__import__" in self._text
        self._named = named_renames(self._text, self._package(), self.renames) if self._chained else {}
        self._docstrings |= docstring_nodes(node)
        self._bindings = module_bindings(node, self.renames, self._package())
        self._keys = ModuleKeys(self._text)
        self._parts = PartsContexts(
            self._text, self._start
        )  # ``file_from_modpath(["pkg", "mod"])``: on the first question
        if KEYWORD in self._text:  # ``setup(py_modules=MODULES)``: each a module's name (planner/py_modules.py)
            self._setup_modules(self._text)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._docstrings |= docstring_nodes(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._docstrings |= docstring_nodes(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Add):
            self._built.update(id(part) for part in (node.left, node.right) if isinstance(part, cst.SimpleString))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        """``__import__("pkg.m1").m1.V``, ``import_module("pkg").m7``: a submodule read from what the call returns
        (codemods/import_chains.py), for the outermost attribute of a chain."""
        if id(node) in self._inner:
            return
        chain: list[cst.Attribute] = []
        value: cst.BaseExpression = node
        while isinstance(value, cst.Attribute):
            chain.insert(0, value)
            self._inner.add(id(value))
            value = value.value
        if isinstance(value, cst.Call) and self._chained:
            self._chains |= chain_renames(self._code.code_for_node(value), chain, self._package(), self.renames)
        elif isinstance(value, cst.Name) and self._named:  # ``x = __import__("pkg.m1")`` then ``x.m1``
            for attribute in chain:
                end = self.get_metadata(PositionProvider, attribute.attr).end
                if (end.line, end.column) in self._named:
                    self._chains[id(attribute)] = self._named[(end.line, end.column)]

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        parts = [id(part) for part in (node.left, node.right) if isinstance(part, cst.SimpleString)]
        self._built.update(parts)
        self._concatenated.update(parts)
        if id(node) not in self._inner:
            self._inner.update(id(sub) for sub in (node.left, node.right) if isinstance(sub, cst.ConcatenatedString))
            self._whole(node)

    def _whole(self, node: cst.ConcatenatedString) -> None:
        """``import_module("pkg." "splitmod")``: the parts' joined text, as the plan reads it (``ast``'s one
        constant), rewritten by a whole string's rules where it is a call's target, a module key (where it starts),
        a whole dotted path or holds ``python -m``; the new text goes back over the same parts
        (codemods/concatenated_strings.py)."""
        parts = simple_parts(node)
        if parts is None:
            return
        joined = "".join(part.raw_value for part in parts)
        start = self._start(parts[0])
        context = self._contexts.get(id(node)) or self._keys.kind(start)
        new = whole_path(joined, self.renames, call=context is not None) if context or "." in joined else None
        if new is None and "-m" in joined:
            after = self._keys.led(start)
            new = sub_run_modules(joined, self.renames.mapping, after_interpreter=after)
            context = "python -m"
        if new is None or new == joined:
            return
        texts = spread([part.raw_value for part in parts], new)
        first = next(part for part, text in zip(parts, texts) if text != part.raw_value)  # the line that changes
        self.edits.append(Edit(self.path, self._line(first), context or "string", joined, new))
        self._spread |= {id(part): text for part, text in zip(parts, texts)}

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if isinstance(node.key, cst.SimpleString):
            self._dict_keys.add(id(node.key))

    def visit_Annotation(self, node: cst.Annotation) -> None:
        self._annotation_depth += 1

    def leave_Annotation(self, original_node: cst.Annotation, updated_node: cst.Annotation) -> cst.Annotation:
        self._annotation_depth -= 1
        return updated_node

    def visit_Call(self, node: cst.Call) -> None:
        method = node.func  # ``__all__.append("x")`` / ``.extend([...])``: entries, as the plan reads them
        if isinstance(method, cst.Attribute) and isinstance(method.value, cst.Name) and method.value.value == "__all__":
            index = ALL_METHODS.get(method.attr.value)
            if index is not None and len(node.args) == index + 1 and not any(a.keyword or a.star for a in node.args):
                self._assigned("__all__", node.args[index].value)
            return
        names = self._names(node.func)
        if self._chained and names & _DUNDER:  # ``fromlist=["m2"]``: the submodule, as ``.m2`` reads it
            found = fromlist_renames(node, self._code.code_for_node(node), self._package(), self.renames)
            self._replacements |= {key: (new, "import-attribute") for key, new in found.items()}
        args = [a for a in node.args if a.keyword is None and a.star == ""]
        kind = next((TARGET_CALLS[n] for n in names if n in TARGET_CALLS), None)
        if kind is not None and args and isinstance(args[0].value, cst.SimpleString | cst.ConcatenatedString):
            target = args[0].value
            level = self._import_level(node) if kind == "__import__" else 0
            if level != 0:  # ``__import__("helper", globals(), None, ["x"], 1)``: no absolute path
                if level is not None and isinstance(target, cst.SimpleString):
                    self._relative_dunder(target, level)
                return
            self._contexts[id(target)] = kind
            if isinstance(target, cst.ConcatenatedString):  # ``import_module("pkg." "mod")``: read whole
                return
            if kind in RELATIVE_KINDS and target.raw_value.startswith("."):  # ``resolve_name(".m", "pkg")`` too
                self._relative(node, target)
            return
        self._relative_table(node)
        # ``mock.patch.object(pkg, "alpha")``, ``getattr(pkg, "alpha")``: the submodule, by its attribute name (a
        # built-in by the name it is called with: a file without CALL_WORDS is read without qualified names)
        attribute_kind = attribute_call_kind([*names, get_full_name_for_node(node.func) or ""])
        if attribute_kind and len(args) >= 2 and isinstance(args[1].value, cst.SimpleString):
            self._attribute(args[0].value, args[1].value, kind=attribute_kind)
        for owner, string, name in attribute_reads(node):  # ``vars(pkg)["alpha"]``: codemods/attribute_reads.py
            self._attribute(owner, string, kind="getattr", name=name)

    def _import_level(self, call: cst.Call) -> int | None:
        """planner/import_calls.py's ``import_level`` of ``call``, asked of its ``ast`` as the plan asks it."""
        tree = call_ast(self._code.code_for_node(call))
        return None if tree is None else import_level(tree)

    def _relative_dunder(self, target: cst.SimpleString, level: int) -> None:
        """``__import__("helper", globals(), None, ["x"], 1)``: the name below the file's package, as
        ``import_module(".helper", __package__)`` reads it."""
        new = resolve_relative("." * level + target.raw_value, self._package(), self.renames)
        if new == "":
            self._warn(target, "relative __import__ whose package is unknown or moved", target.raw_value)
        elif new is not None:
            self._replacements[id(target)] = (new[level:], "__import__")

    def _relative(self, call: cst.Call, target: cst.SimpleString) -> None:
        package: str | None = None
        for number, arg in enumerate(call.args):
            if (arg.keyword.value if arg.keyword is not None else ("package" if number == 1 else "")) != "package":
                continue
            value = arg.value
            if isinstance(value, cst.SimpleString):
                package = value.raw_value
            elif isinstance(value, cst.Name) and value.value == "__package__":
                package = self._package()
            elif isinstance(value, cst.Name) and value.value == "__name__":
                package = self.module
        new = resolve_relative(target.raw_value, package, self.renames)
        if new is None:
            return
        if new == "":
            self._warn(target, "relative import_module whose package is unknown or moved", target.raw_value)
            return
        self._replacements[id(target)] = (new, "import_module")

    def visit_Tuple(self, node: cst.Tuple) -> None:
        """``(__spec__.parent, ".main")``: codemods/module_scope.py's ``relative_pair``; a path's parts too."""
        self._relative_strings(*relative_pair(node))
        self.visit_List(node)

    def visit_List(self, node: cst.List | cst.Tuple | cst.Subscript) -> None:
        """``["pkg", "mod"]``: a renamed module's path as a list of its parts (module_scope.py's ``module_parts``)."""
        self._replacements |= {id(s): (new, "module-parts") for s, new in module_parts(node, self.renames, self._parts)}

    def _relative_table(self, call: cst.Call) -> None:
        """``apipkg.initpkg(__name__, {"Other": ".othermodule:Other"})``: codemods/module_scope.py."""
        self._relative_strings(*relative_table(call))

    def _relative_strings(self, base: str, strings: list[cst.SimpleString]) -> None:
        package = self.module if base == "__name__" else base[1:] if base.startswith("=") else self._package()
        for string in strings:
            new = resolve_relative(string.raw_value, package, self.renames, colon=True)
            if new:
                self._replacements[id(string)] = (new, "relative-path")

    def _attribute(self, owner: cst.BaseExpression, attr: cst.SimpleString, *, kind: str, name: str = "") -> None:
        """``name``: the attribute's name, the string's first part (``attrgetter("alpha.VALUE")``), else all of it."""
        space = self.renames.space
        shadowed = space.shadowed if space is not None else frozenset()
        name = name or attr.raw_value
        owners = sorted(self._names(owner))
        if isinstance(owner, cst.Call):  # ``getattr(importlib.import_module("pkg.sub"), "mod")``: what it returns
            tree = call_ast(self._code.code_for_node(owner))
            owners = [called_owner(tree)] if tree is not None and called_owner(tree) else []
        old = attribute_submodule(owners, name, self.renames.mapping, shadowed)
        new = self.renames.mapping[old] if old is not None else ""
        if old is not None and new.rpartition(".")[0] == old.rpartition(".")[0]:  # still the owner's attribute
            self._replacements[id(attr)] = (new.rpartition(".")[2] + attr.raw_value[len(name) :], kind)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        """``sys.modules[f"pkg.mod.{name}"]``: an alias registered below a renamed module keeps the old path
        (planner/dynamic_imports.py's ``module-alias``: the module keeps it too, with a shim)."""
        self.visit_List(node)  # ``table["pkg", "mod"]``
        for owner, string, name in attribute_reads(node):  # ``vars(pkg)["alpha"]``, ``pkg.__dict__["alpha"]``
            self._attribute(owner, string, kind="getattr", name=name)
        found = sys_modules_key(node) if "sys.modules" in self._names(node.value) else None
        if found is not None and any(found[1].startswith(f"{old}.") for old in self.renames.mapping):
            self._kept.add(id(found[0]))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._assigned(target.target.value, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._assigned(node.target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._assigned(node.target.value, node.value)

    def _assigned(self, name: str, value: cst.BaseExpression) -> None:
        if name == "pytest_plugins":
            for string in literal_strings(value):
                self._contexts[id(string)] = "pytest_plugins"
        elif name == "__all__" and self.is_package and self.module is not None:
            for string in literal_strings(value):
                self._all_entry(string)

    def _all_entry(self, string: cst.SimpleString) -> None:
        tail = string.raw_value
        new = self.renames.mapping.get(f"{self.module}.{tail}")
        if new is None or not tail.isidentifier():
            return
        if tail in self._bindings or self._lazy:
            return  # the package still binds or serves the old name (kept local name, lazy table): still valid
        if tail in self._star_loaded():
            return  # only ``from pkg import *`` loads it, by this name: kept, with a shim (planner/star_exports.py)
        if new.rpartition(".")[0] != self.module:
            self._warn(string, f"__all__ names {self.module}.{tail}, which moves to another package", tail)
            return
        self._replacements[id(string)] = (new.rpartition(".")[2], "__all__")

    def _star_loaded(self) -> dict[str, int]:
        """planner/star_exports.py's ``star_loaded`` of this ``__init__``, asked of its ``ast`` as the plan asks it."""
        if self._star is None:
            try:
                with deep_walk():
                    self._star = star_loaded(parse_python(self._text))
            except Unparsable:
                self._star = {}  # libcst's parse reports it
        return self._star

    def _setup_modules(self, code: str) -> None:
        try:
            with deep_walk():
                strings, unknown = py_modules(parse_python(code))
        except Unparsable:
            return  # libcst's parse reports it
        self._py_modules = string_positions(code, strings)
        top = sorted(old for old in self.renames.mapping if "." not in old)
        for line, text in unknown if top else ():  # as the plan lists it (planner/references.py)
            self.warnings.append(
                f"{self.path}:{line}: manual follow-up: py_modules that Guardian cannot read may name "
                f"{', '.join(top)}: {text!r}"
            )

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self.computed:  # ``PKG + ".m1"``: planner/computed_paths.py
            new = self.computed.get(Literal(*self._start(node), -1))
            if new is not None:
                self._computed[id(node)] = new
        if self._py_modules and self._start(node) in self._py_modules:
            self._contexts[id(node)] = "py_modules"
        if self.tables:  # ``modules = ("calc", ...)`` read as ``sys.modules["pkg." + m]``: the new name
            start = self.get_metadata(PositionProvider, node).start
            new = self.tables.get((start.line, start.column))
            if new is not None:
                self._replacements[id(node)] = (new, "module-table")

    def _start(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        parts = list(node.parts)
        if self.computed:  # ``f"{PKG}.m2"``: its literal parts by their index, as ``ast`` counts them
            line, column = self._start(node)
            for index, part in enumerate(parts):
                new = self.computed.get(Literal(line, column, index))
                if new is not None and isinstance(part, cst.FormattedStringText):
                    self._computed[id(part)] = new
        if any(isinstance(part, cst.FormattedStringText) and "-m" in part.value for part in parts):
            self._after_python.update(  # ``f"{sys.executable} -m tool"``: codemods/module_keys.py
                id(part)
                for before, part in zip(parts, parts[1:])
                if isinstance(before, cst.FormattedStringExpression)
                and isinstance(part, cst.FormattedStringText)
                and self._keys.led(self._start(before.expression))
            )
