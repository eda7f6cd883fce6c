"""Module paths that live outside the static import graph, found at plan time (issue 13, classes 1-5).

The import graph sees ``import`` statements; real packages also reach their modules by a computed name, and name them
in strings and prose. Each finding is a :class:`~planner.graph.Reference` of a kind below, resolved to the module it
names, so the plan lists it under that module's rename with ``path:line`` and what Guardian does about it
(planner/reference_kinds.py):

- ``lazy-getattr``: a package's ``__getattr__`` imports a submodule by a name checked against constants
  (``import_module(f".{name}", __name__)``); ``computed-import`` is the same elsewhere, or such a path given
  to any call (planner/built_paths.py); ``lazy-attach`` is ``lazy_loader.attach(__name__, submodules=[...])``, or a
  ``from . import`` of the stub ``attach_stub(__name__, __file__)`` reads (planner/stub_tables.py);
  ``lazy-module`` a dict of submodule names handed to a call beside ``__name__`` (planner/handed_tables.py);
  ``discovery`` is a module ``pkgutil.iter_modules``/``walk_packages`` can find. All keep the old path (a shim).
- ``sys.modules``, ``regex`` (``pkg\\.mod`` in a pattern), ``string-part`` (a dotted path inside a longer string: an
  implicit concatenation's part, an f-string's literal part, a message), ``exec-source`` (Python source given to
  ``exec``/``eval``/``compile``), ``module-table`` (a table of submodule names read only as ``sys.modules["pkg." +
  name]``: planner/module_tables.py): rewritten in place.
- ``module-alias``: ``sys.modules[f"pkg.mod.{name}"] = ...``, an alias registered below a module that is no package
  (requests' ``requests.packages.urllib3``): the key and the module keep the old path (a shim).
- ``pickled``: a class's module path inside pickled bytes (``b"\\x80\\x02cpkg.mod\\nKlass\\n..."``, protocol 4's
  length-prefixed ``\\x8c\\x07pkg.mod``): data written before the rename loads by the old path, and the bytes cannot
  be rewritten (a length prefix, a test of old data): ``keep-old-path``.
- ``docstring`` and ``comment`` (prose in Python files; ``docs`` is prose in ``.rst``/``.md``/``.txt``, found by the
  scan): rewritten unless ``--no-prose``.
- ``file-path``: a module's file by its path from the repository root, in a string
  (``exec(open("pkg/_version.py").read())`` in a ``setup.py``, a root conftest's ``collect_ignore``): rewritten in
  place (in prose too, where it is listed as ``docstring`` or ``comment``); ``file-name``: the same file by its bare
  name (``File "core.py", line``) where no other Python file of the checkout has that name, else ``shared-file-name``
  (one per file so named: a person tells which is meant).

What a file's strings, comments and pickled bytes name as text is found by the base class in
planner/path_mentions.py; planner/file_finder.py adds the computed imports, ``sys.modules`` keys, module tables
and lazy attachments; this module runs it over the checkout.

A computed import whose candidates are not constants is a hazard ``unresolved-dynamic-import`` naming the
modules it could reach. One given a name nothing of which is known here (``import_module(name)``, ``__import__(f(x))``) is
a hazard ``unknown-dynamic-import`` naming the package it can reach, with no shim. Only files whose bytes show a trigger are parsed: a plan reads each file once.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.conftest_globs import conftest_globs
from planner.dynamic_screen import dynamic_screen, worth_parsing
from planner.file_finder import FileFinder
from planner.file_findings import FindingsCache, FindingsReuse, ReadLog
from planner.graph import RepoScan
from planner.handed_heads import HEAD_PARAM, handed_heads
from planner.hazards import Hazard
from planner.implicit_bindings import find_implicit
from planner.imported_constants import ConstantCache
from planner.module_attributes import checkout_space
from planner.path_tokens import shared_tails, source_root_paths
from planner.python_source import Unparsable, deep_walk
from planner.reference_kinds import files_by_name
from planner.references import Reference
from planner.subclass_tables import subclass_reach
from planner.submodule_attributes import find_attribute_uses

__all__ = ["find_dynamic"]


def find_dynamic(
    root: Path, scan: RepoScan, cache: FindingsCache | None = None
) -> tuple[list[Reference], list[Hazard]]:
    """Every reference of classes 1-5 in the checkout's Python files (see the module docstring).

    References the scan already has (same path, line and module) are not repeated. ``cache``: each file's findings
    kept from an earlier plan, served while the file, the layout and the files it read are unchanged
    (planner/file_findings.py).

    Returns:
        (references, hazards), each sorted.
    """
    screen = dynamic_screen(scan.top_level)
    if screen is None:
        return [], []
    base = str(root)
    seen = {(r.path, r.line, r.module) for r in scan.references}
    references: list[Reference] = []
    hazards: list[Hazard] = []
    classes: set[str] = set()
    heads: list[tuple[str, str]] = []  #: (file, entry) of each helper importing its parameter + a tail
    by_path = {m.path: m.name for m in scan.modules.values()}
    by_path |= source_root_paths(scan.modules.values(), by_path)
    files = (*(m.path for m in scan.modules.values()), *(m.path for m in scan.scripts), *scan.other_files)
    tails = shared_tails(by_path, files)  # ``.../pkg/mod.py`` beside ``tests/data/proj/pkg/mod.py``
    named = {m.path: m.name for m in (*scan.modules.values(), *scan.scripts)}
    by_name = {name: [named[p] for p in paths] for name, paths in files_by_name(named).items()}
    # ``api.example.com``: no path, ``pkg.slug("x")``: a shadowed submodule's object (planner/module_attributes.py)
    space = checkout_space(base, scan.modules, scan.named_files, scan.shadowed)
    imported: ConstantCache = {}  # ``from pkg.consts import PKG``: each module's string constants, read once
    log = space.log = ReadLog()  # the other modules' files each file's findings depend on
    reuse = FindingsReuse(cache, base, scan, log)
    for file in (*scan.modules.values(), *scan.scripts):
        facts = scan.facts.get(file.path)
        if facts is not None and (facts.syntax_error or facts.shim or facts.dynamic is False):
            continue  # ``dynamic``: the scan already screened the file's bytes (see worth_parsing)
        try:
            with open(os.path.join(base, file.path), "rb") as handle:  # not pathlib: 2,000 files, 40 ms less
                raw = handle.read()
        except OSError:
            continue
        if (facts is None or facts.dynamic is None) and not worth_parsing(raw, screen):
            continue
        key, found = reuse.lookup(file, raw, facts)
        if found is None:
            finder = FileFinder(file, raw, scan, by_path, by_name, space)
            finder.shared_tails = tails
            finder.imported = (base, imported, log)
            finder.named = named
            try:
                with deep_walk():
                    finder.run()
            except Unparsable:
                continue  # too deep for the walk: read_facts lists the files that cannot be read
            found = reuse.store(key, finder.findings())
        references.extend(r for r in found.references if (r.path, r.line, r.module) not in seen)
        hazards.extend(found.hazards)
        classes.update(c for c in found.classes if not c.startswith(HEAD_PARAM))
        heads += [(file.path, c) for c in found.classes if c.startswith(HEAD_PARAM)]
    references += conftest_globs(base, scan, named)  # ``collect_ignore_glob = ["*/win_reg.py"]``
    if classes:
        inherited, more = subclass_reach(root, scan, classes)
        references += [r for r in inherited if (r.path, r.line, r.module) not in seen]
        hazards += more
    if heads:  # ``load(__name__)`` of ``def load(base): import_module(base + ".plugins")``
        owners = (*scan.modules.values(), *scan.scripts)
        found_heads = handed_heads(root, owners, scan.facts, scan.modules, heads)
        references += [r for r in found_heads if (r.path, r.line, r.module) not in seen]
    references += [r for r in find_implicit(root, scan) if (r.path, r.line, r.module) not in seen]
    references += find_attribute_uses(root, scan)  # what apply does differs from a path on that line
    references = sorted(set(references), key=lambda r: (r.path, r.line, r.kind, r.text, r.module))
    return references, sorted(set(hazards), key=lambda h: (h.module, h.kind, h.path, h.line))
