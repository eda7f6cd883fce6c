"""The findings of one Python file for :func:`planner.dynamic_imports.find_dynamic` (issue 13, classes 1-5): what it
names as text (the base class, planner/path_mentions.py), its computed imports, ``sys.modules`` keys, module tables and
lazy attachments. planner/dynamic_imports.py's docstring says what each kind of finding is."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.built_paths import built_paths
from planner.bytes_text import constant_text, plain_text
from planner.computed_names import known_prefix, known_text, local_values, name_parts, packages_only, template
from planner.computed_paths import listed_paths, runs_module
from planner.constant_names import candidates, enclosing_function, relative_values, string_constants
from planner.directory_discovery import kept_by_discovery
from planner.discover import ModuleFile
from planner.facts import DISCOVERED
from planner.file_findings import FileFindings
from planner.graph import RepoScan
from planner.handed_heads import head_parameter
from planner.handed_tables import handed_keys
from planner.hazards import Hazard
from planner.imported_constants import ConstantCache, Reads, imported_constants
from planner.joined_file_names import file_joins
from planner.listed_names import drawn_from_listing, live_module_name, unknown_hazards
from planner.module_attributes import Attributes, key_prefix
from planner.module_calls import attribute_submodule
from planner.module_tables import module_tables
from planner.namespace_sources import bare_imports, namespace_strings
from planner.path_mentions import PathMentions
from planner.pickled_data import MAX_PICKLE_BYTES, unpacked
from planner.pickled_references import literal_data
from planner.python_source import dotted_name, parse_python, walk_once
from planner.record_paths import record_paths, row_attributes
from planner.references import Reference, longest_module
from planner.string_shapes import resolved_relative
from planner.stub_tables import STUB_READER, stub_submodules
from planner.template_uses import template_uses

__all__ = ["FileFinder"]

#: What the other rules list of a path planner/computed_paths.py folds: its rule's listing stands instead
_FOLDED = frozenset({"computed-import", "computed-run"})


class FileFinder(PathMentions):
    """The findings of one file: what it names as text (the base class, planner/path_mentions.py), its computed
    imports, ``sys.modules`` keys, module tables and lazy attachments."""

    def __init__(
        self,
        file: ModuleFile,
        raw: bytes,
        scan: RepoScan,
        by_path: Mapping[str, str],
        by_name: Mapping[str, list[str]],
        space: Attributes,
    ) -> None:
        super().__init__(file, raw, scan, by_path, by_name, space)
        self.hazards: list[Hazard] = []
        self.constants: dict[str, list[str]] = {}
        self.values: dict[str, ast.AST] = {}
        self.tables: dict[str, ast.AST] = {}  #: literal tables of strings imported from other modules
        self.own_values: dict[str, ast.AST] = {}  #: the values this file's module level binds
        self.claimed: set[int] = set()  #: constants already reported under a more specific kind
        #: classes whose methods import a name nothing of which is known, and the helpers importing a parameter
        #: followed by a tail (planner/handed_heads.py's ``head-param:`` entries)
        self.classes: set[str] = set()
        self.unknown: dict[int, str] = {}  #: line -> the spelling of an unknown import's name (one per line)
        #: the checkout's root, constants read from modules, the log of the files read (planner/file_findings.py)
        self.imported: tuple[str, ConstantCache, Reads | None] = ("", {}, None)
        #: the modules this file finds by listing its own directory: they keep their names (no shim, no hazard)
        facts = scan.facts.get(file.path)
        lists = facts is not None and any(key.startswith(DISCOVERED) for key in facts.bound_names)
        self.listed = kept_by_discovery([file], scan.facts, scan.modules, scan.modules) if lists else {}

    def submodules(self, package: str, *, deep: bool = False) -> list[str]:
        prefix = package + "."
        return sorted(m for m in self.modules if m.startswith(prefix) and (deep or "." not in m[len(prefix) :]))

    def findings(self) -> FileFindings:
        """What :meth:`run` found (the reads are the log's: :class:`~planner.file_findings.FindingsReuse` adds them)."""
        hazards = (*self.hazards, *self.unknown_hazards())
        return FileFindings(tuple(self.references), hazards, tuple(sorted(self.classes)), ())

    # -- the walk ------------------------------------------------------------------------------
    def run(self) -> None:
        """Raises: Unparsable (the caller skips the file)."""
        tree = parse_python(self.raw, self.file.path)
        for statement in tree.body:  # module-level constants: the tables computed imports check against
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                targets, value = [statement.target], statement.value
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    self.values[target.id] = value
                    strings = string_constants(value, self.constants)
                    if strings is not None:
                        self.constants[target.id] = strings
        self.own_values = dict(self.values)  # before another module's: a row's string is rewritten where it stands
        root, cache, log = self.imported
        if root:  # ``from pkg.consts import PKG``: a prefix another module binds (its own bindings come first)
            self.values = {**imported_constants(tree, self.package, self.modules, root, cache, log=log), **self.values}
            self.tables = imported_constants(tree, self.package, self.modules, root, cache, tables=True, log=log)
            for spelled, table in self.tables.items():  # ``from ._lazy import SUBS``, ``_lazy.SUBS``: a lazy table
                held = string_constants(table, {}) if spelled not in self.constants else None
                if held is not None:
                    self.constants[spelled] = held
        nodes, parents = walk_once(tree)
        for entry in module_tables(tree, self.file.name, self.package, nodes):  # names only sys.modules keys use
            if f"{entry.package}.{entry.name}" in self.modules:
                self.add(entry.line, "module-table", entry.name, f"{entry.package}.{entry.name}")
        docstrings = self._docstrings(nodes)
        if b"exec" in self.raw or b"eval" in self.raw or b"compile" in self.raw:  # ``import tool``; ``eval("tool.V")``
            tops = {name for name, module in self.modules.items() if "." not in name and not module.is_package}
            self.namespace = namespace_strings(nodes, parents, bare_imports(nodes) & tops)
        if b"{{" in self.raw or b"{%" in self.raw:  # ``render("{{ pkg.mod.V }}", {"pkg": pkg})``: template_uses.py
            self.tag_uses = template_uses(nodes, parents)
        for node in nodes:
            if isinstance(node, ast.JoinedStr):
                self.fstring_parts.update(id(part) for part in node.values)
        regex_args = self._regex_arguments(nodes)
        if b".py" in self.raw:  # ``tmp_path / "main.py"``: a file of that directory, not the module's
            self.joined, self.written, self.elsewhere, self.placed = file_joins(tree, self.by_path, nodes)
        for path_node, name, module in built_paths(
            nodes, parents, self.constants, self.values, self.file, self.modules
        ):
            runs = runs_module(path_node, parents)  # ``run_module(f"pkg.{name}")``: no shim runs as the module
            if name is None and runs:
                for reached in self.submodules(module):
                    self.add(path_node.lineno, "computed-run", reached.rpartition(".")[2], reached)
            elif name is None:  # ``f"pkg.sub.{module}.time"``, ``module`` from another file (filelock's mocker.patch)
                self._unresolved(path_node, module, "a path built on the package with a part not known in this file")
            else:  # ``f"pkg.ext.{name}"`` given to a wrapper (griffe)
                self.add(path_node.lineno, "computed-run" if runs else "computed-import", name, module)
        source = self.raw.decode("utf-8", "surrogateescape")  # paths folded from known parts: computed_paths.py
        found = list(listed_paths(tree, source, self.file.name, self.package, self.modules, (nodes, parents)))
        constants: list[ast.Constant] = []
        built: set[int] = set()
        for node in nodes:
            if isinstance(node, ast.Call):
                self._call(node, parents)
                if (data := literal_data(node)) is not None:  # ``base64.b64decode("gASV...")``: a pickle?
                    self._pickled(data.decode("latin-1"), node.lineno)
            elif isinstance(node, ast.Subscript) and dotted_name(node.value) == "sys.modules":
                self._sys_modules(node)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.append(node)
            elif isinstance(node, (ast.BinOp, ast.JoinedStr)):  # ``"pkg.mod." + name``: a name built on it
                parts = node.values if isinstance(node, ast.JoinedStr) else [node.left, node.right]
                built.update(
                    id(part) for part in parts if isinstance(node, ast.JoinedStr) or isinstance(node.op, ast.Add)
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, bytes):  # compressed too
                if plain_text(node.value) is not None:  # ``b"<pkg.mod.Klass"``: text, read as its str spelling
                    constants.append(node)
                else:
                    self._pickled(unpacked(node.value, MAX_PICKLE_BYTES).decode("latin-1"), node.lineno)
        for constant in constants:  # after the calls: exec/eval claim their source strings first
            if id(constant) not in self.claimed and (
                id(constant) in built or not key_prefix(constant_text(constant) or "")
            ):
                self._constant(constant, docstrings, regex_args)
        self._comments()
        # a path folded from known parts is read once, by planner/computed_paths.py's rule
        folded = {(at, module) for *_, module, at in found}
        self.references = [r for r in self.references if r.kind not in _FOLDED or (r.line, r.module) not in folded]
        self.references += [Reference(self.file.path, *path[:4]) for path in found]

    def _sys_modules(self, node: ast.Subscript) -> None:
        """``sys.modules["pkg.mod"]`` names the module (``sys.modules``, rewritten). A key below a module that
        is no package, ``sys.modules[f"requests.packages.{mod}"] = ...``, registers an alias there: requests'
        ``packages.py`` makes ``requests.packages.urllib3`` urllib3, and its users import
        ``from requests.packages.urllib3.util import Retry``. That path is the module's public API: the key
        keeps the old path, and so does the module (``module-alias``, a shim)."""
        key = node.slice
        exact = isinstance(key, ast.Constant) and isinstance(key.value, str)
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            text = key.value
        else:
            text = known_prefix(name_parts(key, self.values), self.file.name, self.package)
        module = longest_module(text, self.modules) if text else None
        if module is None:
            return
        if text[len(module) : len(module) + 1] == "." and not self.modules[module].is_package:
            self.add(node.lineno, "module-alias", text, module)
            self.claimed.update(id(sub) for sub in ast.walk(key) if isinstance(sub, ast.Constant))
        elif exact:
            self.add(node.lineno, "sys.modules", text, module)

    def _call(self, node: ast.Call, parents: Mapping[int, ast.AST]) -> None:
        called = dotted_name(node.func)
        last = called.rpartition(".")[2]
        if self.file.is_package:  # ``_LazyModule(__name__, ..., _import_structure)``: planner/handed_tables.py
            for key, reached in handed_keys(node, self.values, self.package, self.modules, parents.get(id(node))):
                self.add(key.lineno, "lazy-module", str(key.value), reached)
                self.claimed.add(id(key))
        if last in ("import_module", "__import__") and node.args:
            self._computed(node, node.args[0], parents, called)
        elif last in ("getattr", "hasattr"):  # ``getattr(import_module(p), a)`` over a table's rows: record_paths.py
            for string, package in row_attributes(node, parents, self.own_values):  # this file's tables
                module = attribute_submodule([package], str(string.value), self.modules, self.space.shadowed)
                if module is not None:
                    self.add(string.lineno, "getattr", str(string.value), module)
                    self.claimed.add(id(string))
        elif last == "attach" and any(k.arg in ("submodules", "submod_attrs") for k in node.keywords):
            for keyword in node.keywords:
                names = (
                    string_constants(keyword.value, self.constants)
                    if keyword.arg in ("submodules", "submod_attrs")
                    else None
                )
                for name in names or ():
                    module = f"{self.package}.{name}"
                    if module in self.modules:
                        self.add(node.lineno, "lazy-attach", name, module)
        elif last == STUB_READER and self.file.is_package and self.imported[0]:  # planner/stub_tables.py
            base, _cache, log = self.imported
            for name in stub_submodules(base, self.file.path, self.package, self.modules, log):
                self.add(node.lineno, "lazy-attach", name, f"{self.package}.{name}")
        elif last in ("iter_modules", "walk_packages") and not packages_only(node, parents):
            deep = last == "walk_packages"
            reachable = self.submodules(self.package, deep=deep) if self.package else []
            for module in reachable:
                self.add(node.lineno, "discovery", module.rpartition(".")[2], module)
        elif (
            last in ("exec", "eval", "compile")
            and called in ("exec", "eval", "compile", "builtins.exec", "builtins.eval", "builtins.compile")
            and node.args
        ):
            source: ast.AST = node.args[0]
            if isinstance(source, ast.Name):
                source = self.values.get(source.id, source)
            if isinstance(source, ast.Constant) and isinstance(source.value, str):
                self.mentions(source.value, source.lineno, "exec-source", source)
                self.claimed.add(id(source))

    def _computed(self, call: ast.Call, arg: ast.AST, parents: Mapping[int, ast.AST], called: str) -> None:
        if isinstance(arg, ast.Constant) or resolved_relative(arg):
            return  # a literal name: the scan's own ``importlib`` (or ``relative:``: string_shapes.py) reference
        pieces = name_parts(arg, {**self.values, **local_values(call, parents)})
        shape: tuple[str, ast.AST | None, str] | None = template(pieces, self.file.name, self.package)
        whole = known_text(pieces, self.file.name, self.package) if shape is None else None
        if whole is not None:  # ``__name__ + ".alpha"``: every part known, one module (its old path kept alive)
            shape = (whole, None, "")
        tables = {**self.tables, **self.values}  # rows of a table imported from another module too
        reached = record_paths(arg, call, parents, tables, self.modules) if shape is None else None
        for path in reached or []:  # ``p, m = T[k]``, ``p + "." + m``: each row's path (planner/record_paths.py)
            self.add(call.lineno, "computed-import", path.rpartition(".")[2], path)
        if reached is not None:
            return
        if shape is None:
            if isinstance(arg, ast.Name) and candidates(arg, call, parents, self.constants, self._lookups()):
                shape = ("", arg, "")
            else:
                self._handed_head(call, pieces, parents)
                why = "the module name is computed from values not in scope"
                known = known_prefix(pieces, self.file.name, self.package)
                if known:
                    base, deep = self._reachable_from(known)
                    return self._unresolved(call, base, why, deep)
                if isinstance(arg, ast.Name):
                    # nothing of the name is known (a template key, a plugin name)
                    return self._unknown(call, arg, parents)
                owner = parents.get(id(call))
                while owner is not None and not isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    owner = parents.get(id(owner))
                owner = parents.get(id(owner)) if owner is not None else None
                if isinstance(owner, ast.ClassDef):  # a subclass elsewhere may set the table (subclass_tables.py)
                    self.classes.add(owner.name)
                return self._unresolved(call, self.package, why, False)
        prefix, variable, suffix = shape
        if not prefix and variable is not None:  # ``import_module(name)``, ``__import__(f(x))``, ``name + ".plugin"``
            if not suffix and live_module_name(variable, {**self.values, **local_values(call, parents)}):
                return  # ``import_module(fn.__module__)``: the defining module, by its name at run time
            looked = candidates(variable, call, parents, self.constants, self._lookups())
            if isinstance(variable, ast.Subscript) and looked:  # ``import_module(T[name], __name__)``: T's values
                return self._table_values(call, looked, parents)
            if isinstance(variable, ast.Name) and looked:
                return  # whole paths from constants: each a string the scan lists
            reached = (
                record_paths(variable, call, parents, tables, self.modules, bare=True)
                if isinstance(variable, ast.Name)
                else None
            )
            for path in reached or []:  # ``for p, a in MODS: import_module(p)``: each row's module
                self.add(call.lineno, "computed-import", path.rpartition(".")[2], path)
            if reached is not None:
                return
            self._handed_head(call, pieces, parents)
            return self._unknown(call, variable, parents)
        if prefix.startswith("."):
            anchor = self._anchor(call)
            level = len(prefix) - len(prefix.lstrip("."))
            parts = anchor.split(".") if anchor else []
            base = ".".join(parts[: len(parts) - (level - 1)]) if anchor and level - 1 < len(parts) else ""
            prefix = (base + "." + prefix[level:]) if base else ""
        # the known part may end inside a name: ``f"._known_{key}"`` (wcwidth) reaches pkg._known_*
        base, _, stem = prefix.rpartition(".")
        if not base or base.partition(".")[0] not in self.scan.top_level:
            return
        names = candidates(variable, call, parents, self.constants, self._lookups()) if variable is not None else [""]
        function = enclosing_function(call, parents)
        kind = "lazy-getattr" if function == "__getattr__" else "computed-import"
        if names is None:
            return self._unresolved(call, base, "its candidate names are not constants in scope", stem=stem)
        for name in sorted(set(names)):
            module = longest_module(f"{base}.{stem}{name}{suffix}", self.modules)
            if module is not None and module.startswith(base + "."):
                self.add(call.lineno, kind, name or stem, module)

    def _handed_head(self, call: ast.Call, pieces: list[ast.AST], parents: Mapping[int, ast.AST]) -> None:
        """``def load(base): import_module(base + ".plugins")``: the calls say (planner/handed_heads.py)."""
        handed = head_parameter(call, pieces, parents, self.file.name, self.package)
        if handed is not None:
            self.classes.add(handed)

    def _lookups(self) -> dict[str, ast.AST]:
        """The module-level values a table lookup reads: this file's, over the tables it imports."""
        return {**self.tables, **self.values}

    def _table_values(self, call: ast.Call, values: list[str], parents: Mapping[int, ast.AST]) -> None:
        """``import_module(SUBMODULES[name], __name__)``: each relative value of the table is a module below the
        anchor (planner/constant_names.py's ``relative_values``; the scan lists the absolute ones as strings)."""
        kind = "lazy-getattr" if enclosing_function(call, parents) == "__getattr__" else "computed-import"
        for name, module in relative_values(values, self._anchor(call), self.modules):
            self.add(call.lineno, kind, name, module)

    def _anchor(self, call: ast.Call) -> str:
        package = (
            call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "package"), None)
        )
        if isinstance(package, ast.Constant) and isinstance(package.value, str):
            return package.value
        if package is not None and dotted_name(package) == "__name__":
            return self.file.name
        return self.package

    def _reachable_from(self, prefix: str) -> tuple[str, bool]:
        """The package a name starting with ``prefix`` lies in, and True: the unknown rest can hold dots.
        ``"pkg."`` or ``"pkg"`` then unknown text (``"".join(["pkg", dot, rest])``): every module below
        ``pkg``; a prefix outside the checkout's packages: none."""
        base = prefix[:-1] if prefix.endswith(".") else prefix
        if base not in self.modules and base not in self.scan.top_level:
            base = base.rpartition(".")[0]
        return (base, True) if base.partition(".")[0] in self.scan.top_level else ("", False)

    def _unknown(self, call: ast.Call, part: ast.AST, parents: Mapping[int, ast.AST]) -> None:
        """Nothing of the name before the unknown ``part`` is known here (a parameter, a call's result, a plugin's
        name from a setting): it may be any module, of the checkout or not. The plan says so (:meth:`unknown_hazards`,
        one hazard per file and package), with no shim: keeping every module alive for each such call would shim
        the whole checkout (a plugin loader's ``import_module(name)`` mostly loads other distributions). A name
        drawn from a listing (``pkgutil.walk_packages``, ``os.listdir``...) is the renamed one after apply: none."""
        if drawn_from_listing(part, call, parents, {**self.values, **local_values(call, parents)}):
            return
        spelled = ast.unparse(part)
        self.unknown.setdefault(call.lineno, spelled if len(spelled) <= 60 else spelled[:57] + "...")

    def unknown_hazards(self) -> list[Hazard]:
        """The file's unknown imports as hazards (planner/listed_names.py: one per package they can reach)."""
        return unknown_hazards(self.file.path, self.unknown, self.scan.top_level, self.modules)

    def _unresolved(self, call: ast.expr, base: str, why: str, deep: bool = False, stem: str = "") -> None:
        reachable = self.submodules(base, deep=deep) if base else []
        reachable = [m for m in reachable if m[len(base) + 1 :].startswith(stem) and m not in self.listed]
        if not reachable:
            return
        for module in reachable:  # each may be reached by its old name: kept alive like a lazy table's
            self.add(call.lineno, "unresolved-import", module.rpartition(".")[2], module)
        shown = ", ".join(reachable[:8]) + (f" and {len(reachable) - 8} more" if len(reachable) > 8 else "")
        self.hazards.append(
            Hazard(
                "unresolved-dynamic-import",
                base,
                self.file.path,
                call.lineno,
                f"{self.file.path}:{call.lineno} imports a module by a computed name ({why}); "
                f"it can reach {shown}: Guardian keeps the old paths of these alive with shims",
            )
        )
