"""What Guardian does with each kind of reference it finds outside the import graph (issue 13).

``keep-old-path``: the old module path stays reachable after the rename (a lazy table rewritten to a mapping, else a
shim: codemods/keep_alive.py); ``rewrite``: the exact path is rewritten in place; ``rewrite-keep-old-path``: both, for
the checkout's own entry-point declarations (an installed copy of the distribution, an editable install's
``entry_points.txt`` in ``site-packages``, names the old path until it is reinstalled); ``rewrite-prose``: the same in
docstrings, comments and docs, unless ``--no-prose``; ``keep-old-name``: the package binds the submodule's old name
again (codemods/old_name_bindings.py); ``keep``: the string is left as it is, a name no rename changes (a
signing salt: planner/signing_salts.py; a URL endpoint: planner/endpoint_names.py); ``follow-up``: listed for a person. A
renamed module's bare file name
(``"core.py"``, a traceback's frame) is a ``file-name`` when no other Python file of the checkout has it, else a
``shared-file-name`` (:func:`bare_renames`); a renamed module's file path counts from the root, from its source
root (:func:`root_relative`) or from a directory above the file naming it (:func:`package_relative`).
planner/dynamic_imports.py and the scan find the kinds. Where a path is a whole token: planner/token_bounds.py;
doctests and prose files: planner/doctest_text.py; other tools' path globs: planner/tool_globs.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

__all__ = [
    "ACTIONS",
    "BARE_FILE_NAME",
    "DYNAMIC_KINDS",
    "ENTRY_POINT_SPEC",
    "KEEP_ALIVE_KINDS",
    "PROSE_KINDS",
    "STRING_KINDS",
    "bare_renames",
    "files_by_name",
    "package_relative",
    "reference_action",
    "root_relative",
    "top_level_entry_points",
]

#: Reference kind -> what Guardian does with it after a rename.
ACTIONS: Mapping[str, str] = {
    "lazy-getattr": "keep-old-path",
    "lazy-attach": "keep-old-path",
    "lazy-module": "keep-old-path",  # ``_LazyModule(__name__, ..., {"sub": [...]})``: planner/handed_tables.py
    "computed-import": "keep-old-path",
    "computed-path": "rewrite",  # ``PKG + ".m1"``: the literal holding the segment (planner/computed_paths.py)
    "computed-run": "follow-up",  # the same for ``run_module``/``-m`` where no literal holds it: no shim runs
    "discovery": "keep-old-path",
    "unresolved-import": "keep-old-path",
    "pickled": "keep-old-path",
    "module-alias": "keep-old-path",
    "star-export": "keep-old-path",  # ``__all__ = ["starmod"]`` that only ``from pkg import *`` loads: kept as it is
    "entry-point": "rewrite-keep-old-path",
    "sys.modules": "rewrite",
    "module-table": "rewrite",
    "regex": "rewrite",
    "placeholder": "follow-up",  # ``"from $pkg.mod import x"``: a Template's value, then a tail (template_placeholders.py)
    "regex-part": "follow-up",  # ``pkg\\.leg.*``: part of a segment, which the new name does not start with
    "string-part": "rewrite",
    "exec-source": "rewrite",
    "file-path": "rewrite",
    "file-name": "rewrite",
    "joined-file-name": "follow-up",  # ``tmp_path / "main.py"``: a file of another directory, for a person
    "relative-path": "rewrite",
    "module-parts": "rewrite",  # ``file_from_modpath(["pkg", "mod"])``: a module's path as a list of its parts
    "module-words": "follow-up",  # ``run(["pkg", "mod"])``: the same words where nothing says module path
    "py_modules-unknown": "follow-up",  # ``setup(py_modules=find())``: names Guardian cannot read (py_modules.py)
    "relative-name": "rewrite",  # ``is_relative("util", spec.__file__)``: the one module of that name, below the file
    "file-relative": "follow-up",  # the same name, also an absolute path of another module: for a person
    "prefixed-name": "rewrite",  # ``helper("mod.Class")``, ``helper`` building ``f"pkg.{name}"``: ``pkg.mod``
    "import-attribute": "rewrite",  # ``__import__("pkg.m1").m1``: a submodule as an attribute of what the call returns
    "bound-attribute": "follow-up",  # the same read from a name bound to the call's result and bound again
    "template-name": "follow-up",  # ``{{ pkg.mod }}`` where ``import pkg`` binds the module, its renderer unseen
    "module-members": "follow-up",  # ``inspect.getmembers(pkg)``: each submodule's name, compared nobody knows where
    "handed-import": "follow-up",  # the call's result handed on whole (returned, an argument, an attribute): each
    # submodule of what it returns may be read from it out of sight (planner/import_names.py)
    "implicit-submodule": "rewrite",
    "submodule-attribute": "keep-old-name",
    "docstring": "rewrite-prose",
    "comment": "rewrite-prose",
    "c-source": "rewrite",
    "json": "rewrite",  # from here to "docs": the files tools run or load (planner/tool_files.py)
    "makefile": "rewrite",
    "dockerfile": "rewrite",
    "procfile": "rewrite",
    "shell": "rewrite",
    "template": "rewrite",  # a quoted string in a template's tag: ``{{ _("pkg.cli.title") }}`` in an HTML page
    "python-c": "rewrite",  # ``from pkg import cli`` in a ``python -c`` source there (planner/python_commands.py)
    "docs": "rewrite-prose",
    # ``key_salt = "pkg.tokens.Generator"``: a salt signed into values issued before the rename (signing_salts.py)
    "signing-salt": "keep",
    # ``@task(name="pkg.tasks.mul")``: a task's identity, kept as written everywhere (planner/identity_names.py)
    "identity-name": "keep",
    # ``url_for("auth.login")``: a blueprint's and a view's name, which no rename changes (endpoint_names.py)
    "endpoint-name": "keep",
}
KEEP_ALIVE_KINDS = frozenset(k for k, v in ACTIONS.items() if v.endswith("keep-old-path"))
DYNAMIC_KINDS = frozenset(k for k, v in ACTIONS.items() if v == "keep-old-path") | {"sys.modules", "module-table"}
#: An entry point as a ``setup.py`` declares it (``"tool = pkg.cli:main"``, one a line in an INI string):
#: a string so shaped there is an ``entry-point`` reference
ENTRY_POINT_SPEC = re.compile(r"^\s*[\w.-]+\s*=\s*[A-Za-z_][\w.]*(?::[\w.]+)?(?:\s*\[[^\]\n]*\])?\s*$", re.M)
#: The value of one entry point that names a module without a dot, ``N8 = tool:Checker`` (an INI line, a
#: ``setup.py`` string) or ``tool = "tool:main"`` (a TOML line): the module, then its attribute
_TOP_LEVEL_ENTRY = re.compile(r"^\s*[\w.-]+\s*=\s*[\"']?([A-Za-z_]\w*):[A-Za-z_][\w.]*", re.M)


def top_level_entry_points(text: str, top_level: Mapping[str, bool]) -> list[tuple[int, int, str]]:
    """The entry points in ``text`` (lines known to declare entry points) that name a top-level module by
    ``module:attr`` (pep8-naming's ``N8 = pep8ext_naming:NamingChecker``); ``top_level``: each top-level name of
    the checkout -> whether it is a module (a package's ``__init__`` keeps its name).

    Returns:
        The start and end of each ``module:attr`` in ``text``, and its module.
    """
    return [
        (match.start(1), match.end(0), match.group(1))
        for match in _TOP_LEVEL_ENTRY.finditer(text)
        if top_level.get(match.group(1))
    ]


STRING_KINDS = frozenset({"regex", "string-part", "exec-source"})
PROSE_KINDS = frozenset({"docstring", "comment", "docs"})


def reference_action(kind: str) -> str:
    """What Guardian does with a reference of ``kind``: ``rewrite``, ``rewrite-prose``, ``keep-old-path``,
    ``rewrite-keep-old-path``, ``keep-old-name``, ``keep`` or ``follow-up`` (for a person: a path in a longer token or a glob,
    ``x-pkg.mod``, ``pkg.mod*``, a TOML/INI section header, a shared bare file name, a wide glob, a file-relative name).

    Returns:
        The action's name.
    """
    if kind in ACTIONS:
        return ACTIONS[kind]
    return "follow-up" if kind in ("longer-token", "section-header", "shared-file-name", "wide-glob") else "rewrite"


#: A module's file by its bare name, standing alone (the bounds of codemods/string_tokens.py's paths): not
#: inside a longer path or name (``pkg/core.py``, ``xcore.py``, ``my-core.py``, ``core.py.bak``, ``core.pyc``).
#: ``./core.py`` is the same name; a stub (``core.pyi``) is not the module's file. Starts only where a token starts.
BARE_FILE_NAME = re.compile(r"(?<![\w./-])(?:\./)?([A-Za-z_]\w*+\.py)(?![\w/~-]|\.\w)")


def files_by_name(paths: Iterable[str]) -> dict[str, list[str]]:
    """The checkout's Python files (repo-relative ``paths``: every discovered one, renamed or not, exempt or
    not, tests too) by their bare file name.

    Returns:
        ``core.py`` -> the paths of the files so named, sorted.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(set(paths)):
        if path.endswith(".py"):
            found.setdefault(path.rpartition("/")[2], []).append(path)
    return found


def bare_renames(paths: Mapping[str, str], names: Mapping[str, Collection[str]]) -> tuple[dict[str, str], list[str]]:
    """The bare file names of a batch's renamed files (``paths``, old -> new repo-relative paths), split by
    whether the checkout's ``names`` (:func:`files_by_name`) attribute them: ``"core.py"`` when no other
    Python file is named so (glom's traceback tests name each frame's file so: ``File "core.py", line``),
    else a name for a person (``models.py`` of two packages). A file at the root is named by its path.

    Returns:
        (old bare name -> new, the renamed files' names that several files share).
    """
    unique: dict[str, str] = {}
    shared: list[str] = []
    for old, new in paths.items():
        base, new_base = old.rpartition("/")[2], new.rpartition("/")[2]
        if "/" not in old or not base.endswith(".py") or base == new_base:
            continue
        if len(names.get(base, ())) > 1:
            shared.append(base)
        else:
            unique[base] = new_base
    return unique, sorted(set(shared))


def package_relative(holder: str, paths: Mapping[str, str]) -> dict[str, str]:
    """``paths`` (repo-relative, old -> new) and the same paths as the Python file ``holder`` may name them:
    relative to its directory or to one of that directory's parents below the repository root (lark's
    standalone tool reads ``'utils.py'`` and ``'parsers/lalr_parser.py'`` from its package's directory).
    A relative path that two directories give differently is left out, and so is a bare file name: the
    checkout's other files of that name decide whether it is attributed (:func:`bare_renames`).

    Returns:
        old path -> new path, the repo-relative ones first.
    """
    folders: list[str] = []
    folder = holder.rpartition("/")[0]
    while folder:
        folders.append(folder)
        folder = folder.rpartition("/")[0]
    relative: dict[str, str] = {}
    clashes: set[str] = set()
    for old, new in paths.items():
        for folder in folders:
            if old.startswith(folder + "/") and new.startswith(folder + "/"):
                rel, rel_new = old[len(folder) + 1 :], new[len(folder) + 1 :]
                if "/" not in rel:
                    continue
                if relative.setdefault(rel, rel_new) != rel_new:
                    clashes.add(rel)
    return {**paths, **{k: v for k, v in relative.items() if k not in clashes and k not in paths}}


def path_ends_in(text: str, paths: Iterable[str]) -> bool:
    """Whether ``text`` may hold a path :func:`package_relative` gives for ``paths`` (``.py`` left out): each
    ends as one of ``paths`` does, with ``/`` and its file name (a path at the root: the whole path), so a text
    holding none of those ends holds none of the paths (checking them costs a walk of every path's folders)."""
    return any(("/" + old.rpartition("/")[2] if "/" in old else old).removesuffix(".py") in text for old in paths)


def root_relative(paths: Mapping[str, str], roots: Iterable[str], taken: Collection[str]) -> dict[str, str]:
    """``paths`` (repo-relative, old -> new) and the same paths from their source root: a module's file as an
    installed copy or a traceback names it, ``anyio/_core/_sockets.py`` for ``src/anyio/_core/_sockets.py``
    (anyio's tests let blockbuster allow a blocking call with ``can_block_in("anyio/_core/_sockets.py", ...)``,
    matched against the end of a code object's file name). A path some file of the checkout has from the
    repository root (``taken``) is that file's.

    Returns:
        old path -> new path, the repo-relative ones first.
    """
    prefixes = [f"{root}/" for root in roots if root not in ("", ".")]
    below = {
        old[len(prefix) :]: new[len(prefix) :]
        for old, new in paths.items()
        for prefix in prefixes
        if old.startswith(prefix) and new.startswith(prefix) and "/" in old[len(prefix) :]
    }
    return {**paths, **{k: v for k, v in below.items() if k not in paths and k not in taken}}
