"""String and non-Python references of a batch: exact dotted paths only, with the batch's mapping.

The rewriting itself belongs to :mod:`codemods.rewrite_string_refs` (``mock.patch``,
``importlib.import_module``, ``__import__``, ``pytest_plugins``, string annotations, type comments,
doctests, Sphinx roles) and :mod:`codemods.rewrite_config_refs` (entry points, ``setup.cfg``,
``tox.ini``, ``.coveragerc``, Sphinx ``automodule``, ``python -m``). This module picks the files that
can hold such a reference, runs both over them (in worker processes with ``--jobs``) and writes the
results into the workspace; what they could not rewrite exactly is returned for the report.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from codemods.base import Renames
from codemods.config_lines import holds_examples
from codemods.cst_source import source_codec, source_text
from codemods.held_tables import holders_of_tables
from codemods.string_prefilter import imports_renamed, names_parts, names_relative
from codemods.string_tokens import regex_group_renamed
from codemods.workspace import Workspace
from planner.cython_imports import CYTHON_SUFFIXES
from planner.doctest_text import is_prose_file
from planner.entry_point_groups import entry_point_groups
from planner.file_kinds import named_files
from planner.identity_names import identity_names
from planner.module_attributes import Attributes
from planner.page_scripts import is_page
from planner.path_tokens import ELIDED
from planner.python_commands import may_run_source
from planner.script_strings import data_keys, is_script_file
from planner.string_shapes import PACKAGE_GIVEN
from planner.tool_globs import PATH_GLOB, glob_name_starts

if TYPE_CHECKING:
    from planner.plan import Rename


#: Characters of source the parent rewrites itself when there is a pool (``--jobs`` 2 or more): a pass whose
#: candidate files hold more goes to the workers, whatever their number. libcst's tree of a file with its
#: metadata takes about 500 bytes per character of source (redis 8.2.0's ``redis/commands/core.py``, 467 KB:
#: a 250 MiB peak), so the parent's memory no longer follows the pass's size (docs/benchmarks-apply.md).
#: Without a pool the parent releases the trees every that many characters (:func:`_in_parent`).
PARENT_CHARS = 200_000

#: Calls that take a submodule by its attribute name (``getattr(pkg, "alpha")``): codemods/rewrite_string_refs.py
#: and a relative ``__import__("mod", globals(), None, [], 1)``: a submodule by its last part
_ATTRIBUTE_WORDS = (b"getattr(", b"hasattr(", b"setattr(", b"delattr(", b"patch.object(", b"__import__(")
#: ``vars(pkg)["alpha"]``, ``pkg.__dict__.get("alpha")``, ``attrgetter("alpha.V")(pkg)``: codemods/attribute_reads.py
_READ_WORDS = (b"vars(", b"__dict__", b"attrgetter(")
_IMPORT_WORDS = (b"import_module(", b"__import__(")


class _Modules(Protocol):
    def name(self, path: str) -> str: ...
    def package(self, path: str) -> str | None: ...


def _one(
    kind: str,
    path: str,
    text: str,
    mapping: dict[str, str],
    module: str | None,
    prose: bool = True,
    paths: dict[str, str] | None = None,
    groups: frozenset[str] = frozenset(),
    names: dict[str, str] | None = None,
    shared: tuple[str, ...] = (),
    listed: tuple[str, ...] = (),
    keys: tuple[str, ...] = (),
    space: Attributes | None = None,
    beside: dict[str, str | None] | None = None,
    held: tuple[str, frozenset[str]] | None = None,
    shown: dict[str, tuple[str, ...]] | None = None,
) -> tuple[str, Any]:
    if kind == "py":
        from codemods.rewrite_string_refs import rewrite_string_refs

        return path, rewrite_string_refs(
            text,
            mapping,
            path=path,
            module=module,
            prose=prose,
            paths=paths,
            groups=groups,
            names=names,
            shared=shared,
            space=space,
            beside=beside,
            held=held,
            shown=shown,
        )
    from codemods.rewrite_config_refs import rewrite_config_refs

    return path, rewrite_config_refs(
        text,
        mapping,
        path=path,
        path_renames=paths,
        prose=prose,
        groups=groups,
        names=names,
        shared=shared,
        package=module,
        listed=listed,
        keys=keys,
        space=space,
    )


def _looks_up(path: str) -> bool:
    """Does the file at ``path`` look a catalogue's keys up: a script, or a page's ``<script>`` or attribute?"""
    return is_script_file(path) or is_page(path)


class _Spelled(NamedTuple):
    """A renamed module's spellings a Python file is searched for (:func:`_candidates`); each holds ``tail``."""

    tail: bytes  #: the module's base name
    needles: list[bytes]  #: the dotted name, its regex-escaped spellings (``pkg\.mod``, ``pkg\\.mod``), ``pkg:mod``
    quoted: list[bytes]  #: ``"mod"``, ``'mod'``
    dotted: list[bytes]  #: ``.mod``
    opened: list[bytes]  #: ``"mod.``, ``'mod.``


def _spelled(old: str) -> _Spelled:
    tail = old.rpartition(".")[2]
    dotted = "." in old
    return _Spelled(
        tail.encode(),
        [s.encode() for s in (old, old.replace(".", "\\."), old.replace(".", "\\\\.")) if dotted or s == old]
        # ``pkg.plugins:alpha``: the submodule read after a colon (an entry point, ``resolve_name``: Renames' colon chain)
        + [f"{old[:i]}:{old[i + 1 :]}".encode() for i, c in enumerate(old) if c == "."],
        [f"{q}{tail}{q}".encode() for q in "\"'"] if dotted else [],
        [f".{tail}".encode()] if dotted else [],
        [f"{q}{tail}.".encode() for q in "\"'"] if dotted else [],
    )


def _candidates(
    workspace: Workspace,
    mapping: Mapping[str, str],
    modules: _Modules,
    reference_files: Collection[str],
    paths: Collection[str] = (),
    names: Collection[str] = (),
) -> list[tuple[str, str, str, str | None]]:
    spelled = {old: _spelled(old) for old in mapping}
    needles = [n for spelling in spelled.values() for n in spelling.needles]
    # ``import_module("pkg." "mod")``: an implicit concatenation split at a dot, whose bytes never spell ``pkg.mod``;
    # a string part that ends with a renamed module's path up to one of its dots lets the file through
    split_heads = {
        f"{old[: i + 1]}{q}".encode() for old in mapping for i, c in enumerate(old) if c == "." for q in "\"'"
    }
    # ``open("pkg/_version.py")``, ``'parsers/lalr_parser.py'``: a renamed file by its path (from a directory);
    # ``'pexpect/expect'``: a whole string, the file's path without ``.py`` (planner/references.py's stem_path);
    # ``r"pkg[/\\]errors\.py"``: its bare name in a regex, the dot escaped (codemods/string_tokens.py sub_escaped_paths).
    # Each by the file's name up to its first dot, which every form holds
    moved: dict[bytes, set[bytes]] = {}
    for name in {p.rpartition("/")[2].encode() for p in paths}:
        forms = moved.setdefault(name.partition(b".")[0], set())
        forms.update([name, *(name.replace(b".", escape) for escape in (b"\\.", b"\\\\."))])
        if name.endswith(b".py"):
            forms.update(b"/" + name.removesuffix(b".py") + q for q in (b'"', b"'"))
    words = {spelling.tail for spelling in spelled.values()} | moved.keys()
    found: list[tuple[str, str, str, str | None]] = []
    matcher = Renames.of(mapping)
    parents = {old.rpartition(".")[0] for old in mapping if "." in old}
    python: set[str] = set()
    for files in workspace.files_with_words(old.rpartition(".")[2] for old in mapping).values():
        python |= files
    for path in sorted(python):
        if not workspace.exists(path) or not (path.endswith(".py") or path in workspace.python_scripts):
            continue
        data = workspace.read_bytes(path)
        # a parent package's __init__ names its submodules by their bare names (__all__, a lazy table)
        parent = path.endswith("/__init__.py") and modules.name(path) in parents
        text = source_text(data, source_codec(data))
        # every spelling searched for holds a renamed module's base name or a moved file's name up to its first dot:
        # the file is searched for the spellings of the words its bytes hold (a batch of 100 renames has 2,800
        # spellings: searching each file for all of them was 3 of 70 s of apply's CPU at 2,000 modules)
        held = {word for word in words if word in data}
        own = [spelling for spelling in spelled.values() if spelling.tail in held]
        named = [form for word in held for form in moved.get(word, ())]
        file_needles = [n for spelling in own for n in spelling.needles]
        quoted_tails = [t for spelling in own for t in spelling.quoted]
        dotted_tails = [t for spelling in own for t in spelling.dotted]
        opened_tails = [t for spelling in own for t in spelling.opened]
        # ``>>> from pkg import mod`` in a doctest (boltons), or in generated source: no dotted needle
        if (
            parent
            or any(n in data for n in file_needles)
            or any(form in data for form in named)
            or any(h in data for h in split_heads)
            or (b"import" in data and imports_renamed(text, matcher))
            or (any(w in data for w in PACKAGE_GIVEN) and names_relative(text, matcher))  # ``".mod:X"``
            or names_parts(text, matcher)  # ``["pkg", "mod"]``: a path by its parts
            or (b"\\." in data and regex_group_renamed(text, matcher))  # ``pkg\\.(legacy|other)``
            or b"sys.modules[" in data  # a table of submodule names the keys read (planner/module_tables.py)
            # ``getattr(pkg, "alpha")``, ``mock.patch.object(pkg, "alpha")``: a submodule by its attribute name, in a
            # file whose ``import pkg.alpha`` Rope has rewritten already
            or (any(w in data for w in _ATTRIBUTE_WORDS) and any(t in data for t in quoted_tails))
            or (any(w in data for w in _READ_WORDS) and any(t in data for t in (*quoted_tails, *opened_tails)))
            # ``import_module("pkg").mod``: a submodule read from what the call returns (codemods/import_chains.py)
            or (any(w in data for w in _IMPORT_WORDS) and any(t in data for t in dotted_tails))
            # ``PKG + ".m1"``, ``f"pkg.{'m3'}"``: a path folded from known parts (planner/computed_paths.py)
            or any(t in data for t in (*dotted_tails, *quoted_tails))
        ):
            found.append(("py", path, text, modules.name(path)))
    stems = [old.replace(".", "/").encode() for old in mapping] + [n.encode() for n in names]  # and ``core.py``
    tails = [old.rpartition(".")[2].encode() for old in mapping]
    heads = {old.partition(".")[0].encode() + b"." for old in mapping if "." in old}
    for path in sorted(reference_files):
        if not workspace.exists(path):
            continue
        data = workspace.read_bytes(path)
        if b"\0" in data:  # no text (the plan skips it too): a data file of an unknown suffix may be binary
            continue
        if is_script_file(path):  # a script's whole string literals only (planner/script_strings.py): no path, glob
            if any(h in data for h in heads) and any(n in data for n in needles):  # ``/*`` is no glob there
                found.append(("cfg", path, data.decode("utf-8", "surrogateescape"), None))
            continue
        # a Cython source's ``from .ext import X``: resolved against its directory's package
        package = modules.package(f"{path.rpartition('/')[0]}/__init__.py") if path.endswith(CYTHON_SUFFIXES) else None
        relative = package is not None and b"import" in data and any(t in data for t in tails)
        # ``python -c "from pkg import cli"`` in a script, a page's ``>>> from pkg import cli``: no dotted needle either
        code = (
            b"import" in data
            and any(t in data for t in tails)
            and (may_run_source(data) or holds_examples(path, data.decode("utf-8", "surrogateescape")))
        )
        if (
            relative
            or code
            or any(n in data for n in needles)
            or any(p in data for p in stems)
            or _name_globs(data, paths)
        ):
            found.append(("cfg", path, data.decode("utf-8", "surrogateescape"), package))
    return found


def _in_parent(args: list[tuple[Any, ...]]) -> list[tuple[str, Any]]:
    """Each file's rewriting in this process, its trees released as it goes: they are cyclic garbage (libcst's
    metadata), which the command's collector thresholds (guardian/process.py) left for the batch's collection,
    so every tree of the pass was alive at once (redis 8.2.0's first batch: 2.3 million objects, 670 MiB). A
    full collection after every :data:`PARENT_CHARS` characters parsed bounds them by that and one file."""
    results: list[tuple[str, Any]] = []
    parsed = 0
    for arg in args:
        results.append(_one(*arg))
        parsed += len(arg[2])
        if parsed > PARENT_CHARS:
            gc.collect()
            parsed = 0
    return results


def _beside(path: str, holders: Mapping[str, Collection[str]], moved: Mapping[str, str]) -> dict[str, str | None]:
    """The shared bare names (``holders``: name -> the checkout's files so named) of which a file is in ``path``'s
    directory (passlib's ``autogenerated by _gen_files.py`` in ``_blowfish/unrolled.py``) -> that file's new bare name,
    ``None`` where it is not renamed (``moved``: the batch's old paths -> new): planner/path_mentions.py's rule."""
    folder = path.rpartition("/")[0]
    found: dict[str, str | None] = {}
    for name, files in holders.items():
        here = f"{folder}/{name}" if folder else name
        if here in files:
            found[name] = moved[here].rpartition("/")[2] if here in moved else None
    return found


def _name_globs(data: bytes, paths: Collection[str]) -> bool:
    """Does ``data`` hold a path glob matching a renamed file by the start of its name (``*/pkg/_gen_*``)?"""
    if b"*" not in data or not paths:
        return False
    return any(glob_name_starts(g, paths) for g in PATH_GLOB.findall(data.decode("utf-8", "surrogateescape")))


def rewrite_references(
    workspace: Workspace,
    mapping: Mapping[str, str],
    modules: _Modules,
    reference_files: Collection[str],
    *,
    pool: Executor | None = None,
    prose: bool = True,
    paths: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    shared: Collection[str] = (),
    python_paths: Mapping[str, str] | None = None,
    listed: Collection[str] = (),
    space: Attributes | None = None,
    holders: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[str]]:
    """Rewrite exact references to the renamed modules in the workspace (in ``pool``'s worker
    processes when there are many files: the run's one pool, whose workers started once), and to
    their files by their repo-relative paths (``paths``: old file path -> new) and by their bare names
    (``names``: old -> new, names no other file of the checkout has; ``shared``: names others have too,
    listed for a person). ``python_paths``: ``paths`` and more for Python strings only, the paths from a
    source root (planner/reference_kinds.py's ``root_relative``), as the plan lists them. ``listed``: the
    checkout's files before the run's renames; a glob is not opened with ``*`` to match more of them. ``space``:
    the renamed modules' names and the checkout's files named like a module path (planner/module_attributes.py).
    ``holders``: each ``shared`` name -> the checkout's files so named; in a Python file beside one of them the name
    is that file's (:func:`_beside`).

    Returns:
        (edits made, references left for a person, warnings), each a plain dict/line for the report.
    """
    moved = dict(paths or {})
    bare, shared_names = dict(names or {}), tuple(shared)
    work = _candidates(workspace, mapping, modules, reference_files, moved, [*bare, *shared_names])
    plain = dict(mapping)
    # a group spelled like an old path is named in the files that name that path: the candidates
    groups = frozenset(plain.keys() & entry_point_groups((p, t) for _, p, t, _ in work))
    groups |= identity_names((p, t) for _, p, t, _ in work)  # ``@task(name="pkg.tasks.mul")``: kept as written
    in_python = dict(python_paths or moved)
    inits = {  # the renamed files' packages (not an elided spelling, ``.../pkg/mod.py``)
        f"{new.rpartition('/')[0]}/__init__.py" for new in moved.values() if new.endswith(".py") and ELIDED not in new
    }
    held, shown = holders_of_tables(workspace, work, modules, {old.rpartition(".")[0] for old in plain}, inits)
    files = tuple(listed)
    # the data's keys a script's lookup may name (``{"pkg.cli.title": ...}``): only those are rewritten there
    scripts = any(k == "cfg" and _looks_up(p) for k, p, _, _ in work)
    data = [t for k, p, t, _ in work if k == "cfg" and not is_script_file(p) and not is_prose_file(p)]
    keys = data_keys(data, {old.partition(".")[0] for old in plain}) if scripts else ()
    parallel = pool is not None and sum(len(t) for _, _, t, _ in work) > PARENT_CHARS
    space = space.settled(plain) if space is not None and parallel else space  # a worker gets the names, no reader
    args = [
        (
            k,
            p,
            t,
            plain,
            m,
            prose,
            in_python if k == "py" else moved,
            groups,
            bare,
            shared_names,
            files if globs else (),
            keys if k == "cfg" and _looks_up(p) else (),
            space,
            _beside(p, holders, moved) if k == "py" and holders else None,
            held.get(p) if k == "py" else None,
            shown.get(p) if k == "py" else None,
        )
        for k, p, t, m in work
        for globs in [k == "cfg" and bool(moved) and ("*" in t or "?" in t)]
    ]
    if pool is not None and parallel:
        results = list(pool.map(_one, *zip(*args), chunksize=8))
    else:
        results = _in_parent(args)
    edits: list[dict[str, object]] = []
    manual: list[dict[str, object]] = []
    warnings: list[str] = []
    texts = {p: t for _, p, t, _ in work}
    python = {p for k, p, _, _ in work if k == "py"}
    for path, result in results:
        if result.skipped:
            warnings.append(f"{path}: references not rewritten: {result.skipped}")
        for warning in result.warnings:
            manual.append({"path": path, "detail": warning})
        if result.changed and result.code != texts[path]:
            codec = source_codec(workspace.read_bytes(path)) if path in python else "utf-8"  # as _candidates read it
            workspace.write_bytes(path, result.code.encode(codec, "surrogateescape"))
            for edit in result.edits:
                edits.append(
                    {"path": edit.path, "line": edit.line, "kind": edit.kind, "old": edit.old, "new": edit.new}
                )
    return edits, manual, warnings


def renamed_space(
    workspace: Workspace, renames: Iterable[Rename], files: Collection[str], shadowed: Collection[str] = ()
) -> Attributes:
    """What may follow a renamed module's path (planner/module_attributes.py), as the plan reads it: the names each
    renamed module binds, read from its file in the workspace (renamed by now) when first asked for (most files ask
    for none), the checkout's ``files`` (base names) named like a module path, and the submodules their packages
    ``shadowed`` (the plan's hazards). A package binds any name: its submodules are attributes.

    Returns:
        The matcher's space, for :func:`rewrite_references`.
    """
    paths = {rename.old_module: rename.new for rename in renames}

    def read(module: str) -> tuple[str, bytes] | None:
        path = paths.get(module, "")
        if path.rpartition("/")[2].startswith("__init__.") or not path.endswith(".py") or not workspace.exists(path):
            return None
        return path, workspace.read_bytes(path)

    return Attributes(read=read, files=named_files(files, {old.partition(".")[0] for old in paths}), shadowed=shadowed)


#: The plan's references apply leaves for a person, and how the batch's manual follow-ups name them.
_LISTED = {
    "file-relative": "a name given beside a module's __file__",  # ``is_relative("util", spec.__file__)``
    "module-words": "a list of words that joined is a module path (nothing there says it is one)",  # ``run([...])``
    "module-members": "a package's members listed by name (inspect.getmembers)",  # planner/attribute_reads.py
}


def listed_follow_ups(renames: Iterable[Rename]) -> list[dict[str, object]]:
    """The plan's ``file-relative`` and ``module-words`` references of the batch's renames (planner/string_shapes.py,
    planner/module_parts.py): apply leaves them, and the batch's manual follow-ups name each with its module."""
    return [
        {
            "path": ref.path,
            "detail": f"{ref.path}:{ref.line}: manual follow-up: {_LISTED[ref.kind]} names "
            f"{rename.old_module}, renamed to {rename.new_module}: {ref.text!r}",
        }
        for rename in renames
        for ref in rename.references
        if ref.kind in _LISTED
    ]
