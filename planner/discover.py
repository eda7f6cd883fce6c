"""Find the Python modules of a checkout and name them from the configured source roots.

Only files on disk are read: an installed copy of the same package (Guardian itself imports click,
rope, networkx ...) is never consulted, so analysing a checkout of any of them is correct. Only files
:func:`planner.checkout_files.readable` allows are listed: no FIFO, device, or symlink leading out.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from planner.checkout_files import MAX_FILE_BYTES, hard_link, readable_status, real_root, skip_large, too_large
from planner.config import Config, skipped_dir
from planner.errors import InputError
from planner.file_kinds import (
    DATA_MAX_BYTES,
    ENTRY_POINTS,
    PICKLE_FILES,
    PROSE_SUFFIXES,
    READ_SUFFIXES,
    REFERENCE_NAMES,
    is_data_file,
    named_files,
)
from planner.pickle_sniff import looks_pickled
from planner.script_strings import is_script_file
from planner.tool_files import (
    GENERATED_JSON,
    JSON_MAX_BYTES,
    TOOL_DIRS,
    completion_directory,
    script_kind,
    tool_name,
)


class ModuleFile(NamedTuple):
    """One importable Python module (or a Python file outside the source roots). (A named tuple:
    one per file, and a frozen dataclass costs several times as much to build.)"""

    name: str  #: dotted module name ("pkg.sub.mod"; "pkg.sub" for pkg/sub/__init__.py)
    path: str  #: repo-relative POSIX path of the .py file
    is_package: bool
    source_root: str | None  #: the source root it was named from; None for files outside every root
    stub: str | None = None  #: repo-relative path of a .pyi beside it

    @property
    def package(self) -> str:
        """The package relative imports in this file resolve against."""
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def basename(self) -> str:
        return self.name.rpartition(".")[2]


@dataclass(frozen=True)
class Discovery:
    modules: dict[str, ModuleFile]  #: importable modules under the source roots, by dotted name
    scripts: tuple[ModuleFile, ...]  #: Python files outside the source roots (tests, scripts): importers only
    other_files: tuple[str, ...]  #: non-Python files that may reference modules
    top_level: frozenset[str]  #: top-level package/module names of the checkout
    #: the status (``os.stat``) of every Python file listed, by path, taken as it was listed: the
    #: facts cache keys a file by it (planner/scan.py) without asking the file system again
    #: (empty after :func:`rediscover`: a consumer then asks)
    status: Mapping[str, os.stat_result] = field(default_factory=dict)
    listed: tuple[str, ...] = ()  #: every file above and the stubs, in the walk's order
    data_files: tuple[str, ...] = ()  #: files that may be pickles (:data:`PICKLE_FILES`, planner/pickle_sniff.py)
    #: the base names of every file of the walk named like a module path, listed or not (``pkg.cli.pkl``): a
    #: string naming one is that file's name (planner/module_attributes.py)
    named_files: frozenset[str] = frozenset()
    #: modules whose file is a symlink leading out of the repository (path, module): never read nor rewritten
    outside_links: tuple[tuple[str, str], ...] = ()
    #: directory symlinks inside the repository and where each leads (link, target), repo-relative
    dir_links: tuple[tuple[str, str], ...] = ()


def _walk(root: Path, links: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """(relative dir, file names) for every directory below ``root``, pruned and sorted; ``links`` gets the
    relative path of each directory symlink met (``os.walk`` does not go into one)."""
    found: list[tuple[str, list[str]]] = []
    tools: set[str] = set()  # hidden tool directories (``.github``) and the directories below them
    for dirpath, dirnames, filenames in os.walk(root):
        if links is not None:
            links.extend(
                os.path.relpath(os.path.join(dirpath, d), root).replace(os.sep, "/")
                for d in dirnames
                if os.path.islink(os.path.join(dirpath, d))
            )
        metadata = dirpath.endswith(".egg-info")
        in_tool = dirpath in tools
        dirnames[:] = (
            []
            if metadata
            else sorted(
                d for d in dirnames if not skipped_dir(dirpath, d) and (not d.startswith(".") or d in TOOL_DIRS)
            )
        )
        tools.update(os.path.join(dirpath, d) for d in dirnames if in_tool or d in TOOL_DIRS)
        rel = os.path.relpath(dirpath, root)
        if metadata:  # build output, but importlib.metadata loads plugins from its entry points (Markdown)
            filenames = [f for f in filenames if f == ENTRY_POINTS]
        elif in_tool:  # a CI workflow, a launch configuration, a CI job's Python script (``.github/scripts/x.py``)
            filenames = [f for f in filenames if not f.endswith(PICKLE_FILES)]
        found.append(("" if rel == "." else rel.replace(os.sep, "/"), sorted(filenames)))
    return found


def discover(config: Config) -> Discovery:
    """Every module of the checkout, named from ``config.source_roots``.

    Raises:
        InputError: a source root does not exist.
    """
    root = config.root
    if not root.is_dir():
        raise InputError(str(root), "repository not found", hint="pass --repo DIR")
    roots = sorted(config.source_roots, key=lambda r: (-len(r), r))  # nested roots win
    for source_root in roots:
        if not (root / source_root).is_dir():
            raise InputError(source_root, "source root does not exist", hint="fix source_roots in the configuration")
    real, base = real_root(root), os.fspath(root)
    status: dict[str, os.stat_result] = {}
    dotted: set[str] = set()
    sniffed: set[str] = set()  # pickles by their bytes, under another name
    outside: list[tuple[str, str]] = []  # modules linked out of the repository
    links: list[str] = []  # directory symlinks
    for rel_dir, files in _walk(root, links):
        dotted.update(f for f in files if f.count(".") > 1)
        for filename in files:
            rel = f"{rel_dir}/{filename}" if rel_dir else filename
            info = _listed(base, rel, real)
            if _other_name(filename) and looks_pickled(os.path.join(base, rel)):  # ``point.p``, ``model.bin``
                info = info or os.lstat(os.path.join(base, rel))
                sniffed.add(rel)
            if info is not None:
                status[rel] = info
            elif filename.endswith(".py") and os.path.islink(os.path.join(base, rel)):  # leads out (or nowhere)
                module = _name(rel, roots)
                if module is not None:
                    outside.append((rel, module.name))
    listed = list(status)
    found = _classify(config, listed, pickles=sniffed)
    suffixless = {s.path for s in found.scripts if not s.path.endswith(".py")}
    python = {rel: info for rel, info in status.items() if rel.endswith(".py") or rel in suffixless}
    named = named_files(dotted, found.top_level)
    return Discovery(
        found.modules,
        found.scripts,
        found.other_files,
        found.top_level,
        python,
        found.listed,
        found.data_files,
        named,
        tuple(outside),
        tuple(_inside(base, links, real)),
    )


def _inside(base: str, links: Iterable[str], real: str) -> Iterator[tuple[str, str]]:
    """Each directory link of ``links`` that leads to a directory inside the repository, with that directory."""
    for link in links:
        target = os.path.relpath(os.path.realpath(os.path.join(base, link)), real).replace(os.sep, "/")
        if target != "." and not target.startswith("../") and os.path.isdir(os.path.join(real, target)):
            yield link, target


def _other_name(filename: str) -> bool:
    """May the file ``filename`` be a pickle under another name than a pickle's?"""
    return filename.isprintable() and not filename.endswith((".py", ".pyi", *PICKLE_FILES))


def _listed(base: str, rel: str, real: str) -> os.stat_result | None:
    """The status of ``rel`` when discovery lists it (a Python or reference file Guardian may read).

    Raises:
        InputError: a Python file larger than Guardian reads.
    """
    filename = rel.rpartition("/")[2]
    if not rel.isprintable():  # a byte that is not UTF-8, a newline: no plan or patch can name it (review 22)
        if filename.endswith(".py"):
            raise InputError(
                ascii(rel)[1:-1], "a file name that is not printable UTF-8", hint="rename the file or remove it"
            )
        return None
    known = filename.endswith(READ_SUFFIXES) or filename in REFERENCE_NAMES
    family = None if known else tool_name(filename)
    script = not known and family is None and "." not in filename  # maybe a shell script (``bin/deploy``)
    data = not known and family is None and not script  # ``.data``, ``.pyx``, an HTML page
    # ``.js``/``.ts``: their whole string literals only, a catalogue's keys looked up (planner/script_strings.py)
    data = data and (is_data_file(filename) or filename.lower().endswith(PROSE_SUFFIXES) or is_script_file(filename))
    if (not known and family is None and not script and not data) or filename in GENERATED_JSON:
        return None
    path = os.path.join(base, rel)
    if not filename.endswith((".py", ".pyi")) and os.path.islink(path):
        return None  # beautifulsoup4's ``NEWS.txt -> CHANGELOG``: a link's target is read (and rewritten) itself
    completion = script and completion_directory(rel.rpartition("/")[0])  # ``bash_completion.d/tool``: sourced
    if script and not completion and not _executable(path) and not _sourced_shell(path):
        return None  # LICENSE, AUTHORS: one ``lstat`` and a look at the first line, no hard-link warning
    info = readable_status(path, real)
    kind = script_kind(path) if script and info is not None else None
    if kind == "python" and info is not None and not info.st_mode & 0o111:
        kind = None  # a Python ``#!`` in a file nobody runs: no script
    kind = "shell" if completion and kind is None and info is not None else kind
    if info is not None and family == "json" and info.st_size > JSON_MAX_BYTES:
        return None  # generated data: a configuration file is far smaller
    if (
        info is not None
        and info.st_size > DATA_MAX_BYTES
        and not filename.endswith((".py", ".pyi", *PICKLE_FILES))
        and kind != "python"
    ):
        # a large data file (the listed files' bytes are held by apply's workspace); any reference file so large
        # is neither read by the plan nor rewritten by apply (a 2.1 MB run.sh was, unlisted: review 22, hole 23)
        return None
    if info is not None and script and kind is None:
        return None  # no script: neither a shell's ``#!`` nor Python's
    if info is None:  # a FIFO, a device, a symlink leading out, a file too large or hard-linked
        if filename.endswith(PICKLE_FILES):  # its pickled module paths are not kept alive: say so
            large = too_large(os.path.join(base, rel))
            if large is not None:
                skip_large(rel, f"{large} bytes, larger than Guardian reads ({MAX_FILE_BYTES} bytes)")
            return None
        # a Python file by its name, or an executable whose ``#!`` names Python (``bin/mytool``): skipped, its
        # imports would break after the rename (review 23, hole 05)
        python = filename.endswith(".py") or (script and _regular_python_script(path))
        size = too_large(os.path.join(base, rel)) if python else None
        if size is not None:  # a module Guardian cannot read would make a wrong plan: say so
            raise InputError(
                rel,
                f"{size} bytes, larger than Guardian reads ({MAX_FILE_BYTES} bytes)",
                hint="a Python file this large is generated data: move it out of the tree",
            )
        names = hard_link(os.path.join(base, rel)) if python or filename.endswith(".pyi") else None
        if names is not None:  # not read, and skipping it would leave its imports unrewritten: say so
            raise InputError(
                rel,
                f"a hard link ({names} names share its data, maybe a file outside the repository); "
                "Guardian does not read one",
                hint=f"if it is yours, give it its own copy (`cp -p {rel} {rel}.copy && mv {rel}.copy {rel}`); "
                "if not, remove it",
            )
    return info


def _regular_python_script(path: str) -> bool:
    """Is ``path`` (no symlink: the caller skipped those) a regular file whose ``#!`` names Python?"""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and script_kind(path) == "python"


def _sourced_shell(path: str) -> bool:
    """Is ``path`` a regular file a shell sources though it has no execute bit: its first line a shell's ``#!``
    or zsh's ``#compdef``/``#autoload`` (argcomplete's ``bash_completion.d/_python-argcomplete``)?"""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and script_kind(path) == "shell"


def _executable(path: str) -> bool:
    """May ``path`` be an executable script: a symlink, or a regular file with an execute bit?"""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISLNK(mode) or (stat.S_ISREG(mode) and bool(mode & 0o111))


def _walk_order(rel: str) -> tuple[list[str], str]:
    """Where ``rel`` comes in :func:`_walk`'s order: directories top-down, sorted; files sorted."""
    folder, _, name = rel.rpartition("/")
    return (folder.split("/") if folder else [], name)


def rediscover(config: Config, found: Discovery, removed: Iterable[str], added: Iterable[str]) -> Discovery:
    """``found`` after files were removed and added (a batch's renames, shims and deletions): what
    :func:`discover` finds on the tree then, from the changed paths alone (no walk).

    Raises:
        InputError: an added Python file is larger than Guardian reads.
    """
    real = real_root(config.root)
    gone = set(removed)
    listed = [rel for rel in found.listed if rel not in gone]
    present = set(listed)
    base = os.fspath(config.root)
    for rel in sorted({rel for rel in added if rel not in present and _listed(base, rel, real) is not None}):
        listed.insert(bisect.bisect_left(listed, _walk_order(rel), key=_walk_order), rel)
    # stubs are found again by _classify; ``_replace`` only where there was one (0.02 s at 20,000 modules)
    named = {m.path: m if m.stub is None else m._replace(stub=None) for m in found.modules.values()}
    pickles = found.data_files
    return dataclasses.replace(
        _classify(config, listed, named, pickles=pickles),
        named_files=found.named_files,
        outside_links=found.outside_links,
        dir_links=found.dir_links,
    )


def _classify(
    config: Config, listed: list[str], named: Mapping[str, ModuleFile] | None = None, *, pickles: Collection[str] = ()
) -> Discovery:
    """The modules, scripts and reference files among ``listed`` (repo-relative, in walk order);
    ``named``: modules named from their paths already; ``pickles``: pickled data known by its bytes."""
    named = named or {}
    roots = sorted(config.source_roots, key=lambda r: (-len(r), r))  # nested roots win
    modules: dict[str, ModuleFile] = {}
    scripts: list[ModuleFile] = []
    others: list[str] = []
    data: list[str] = []
    stubs: set[str] = set()
    own = _own_config(config)
    for rel in listed:
        filename = rel.rpartition("/")[2]
        if filename.endswith(".pyi"):
            stubs.add(rel)
        elif filename.endswith(".py"):
            module = named.get(rel) or _name(rel, roots)
            if module is not None and module.name not in modules:
                modules[module.name] = module
            else:
                scripts.append(_script(rel))
        elif filename.endswith(PICKLE_FILES) or rel in pickles:
            data.append(rel)
        elif "." not in filename and tool_name(filename) is None and _python_script(config.root, rel):  # ``bin/mytool``
            scripts.append(_script(rel))
        elif rel != own:  # a reference file (``_listed`` lists no other): by suffix, name, family, ``#!``, data
            others.append(rel)
    for name, module in list(modules.items()) if stubs else ():
        stub = module.path[:-3] + ".pyi"
        if stub in stubs:
            modules[name] = ModuleFile(module.name, module.path, module.is_package, module.source_root, stub)
    top = frozenset(name.partition(".")[0] for name in modules)
    return Discovery(modules, tuple(scripts), tuple(others), top, listed=tuple(listed), data_files=tuple(data))


def _python_script(root: Path, rel: str) -> bool:
    """Is the file ``rel`` without a suffix (listed: an executable with a ``#!`` line) a Python script, read as
    Python (its imports and strings) rather than as a shell script's references?"""
    return script_kind(os.path.join(root, rel)) == "python"


def _own_config(config: Config) -> str | None:
    """Guardian's own configuration file (``guardian.toml``), which is no reference file: its globs and
    paths are the user's policy, never rewritten (like ``[tool.guardian]`` in a ``pyproject.toml``, whose
    other tables are the project's and stay reference files)."""
    source = config.source
    return None if source is None or source.rpartition("/")[2] == "pyproject.toml" else source


def _name(rel: str, roots: list[str]) -> ModuleFile | None:
    for source_root in roots:
        prefix = "" if source_root in (".", "") else source_root + "/"
        if not rel.startswith(prefix):
            continue
        parts = rel[len(prefix) :][:-3].split("/")
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        if not parts or not all(p.isidentifier() for p in parts):
            return None
        return ModuleFile(".".join(parts), rel, is_package, source_root or ".")
    return None


def _script(rel: str) -> ModuleFile:
    parts = (rel[:-3] if rel.endswith(".py") else rel).split("/")  # ``bin/mytool``: a Python script's own name
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    # ``.github/scripts/release.py``: a hidden tool directory's dot would start the name with an empty part
    name = ".".join(p if p.isidentifier() else p.replace("-", "_").replace(".", "_") for p in parts) or rel
    return ModuleFile(name, rel, is_package, None)
