"""``git`` as Guardian runs it: never a program the checkout's own git configuration names.

A checkout that comes with its ``.git/`` directory (a vendored tree, a tarball, a CI cache) can set
``core.fsmonitor`` (a command ``git status`` runs) or ``core.hooksPath`` (hooks ``git add`` may
run). Every git command Guardian starts turns both off on its command line, which wins over any
configuration file. ``core.attributesFile`` is set to the null device the same way: one naming
``/dev/zero`` made ``git status`` read it line by line until memory ran out (issue 11, review 13); Guardian
needs no user-wide attributes (filters are off anyway). ``core.excludesFile`` is left alone: git reads
it only up to its size (a device reads as empty), and the user's global ignore rules must keep deciding
which files are ignored, as in the user's own ``git status``. It also runs with ``GIT_NO_LAZY_FETCH=1``: a ``.git/`` that claims to be a
partial clone, with an object missing, would otherwise make git fetch it from the "promisor" remote
the configuration names, through the ``core.sshCommand`` (or any transport) that configuration
chooses. Filter drivers are switched off by :func:`git_command`; nested repositories (submodules,
each with its own configuration and filters) are never entered (``--ignore-submodules=all``).
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from failures.hard_links import second_names
from failures.paths import nearest_holding, within
from failures.regular_files import NotRegularFile, read_regular
from rollback.errors import GitFailed, UnreadableGitFile
from rollback.programs import program

#: The argv prefix of every git command Guardian runs.
_OFF = ("core.fsmonitor=false", f"core.hooksPath={os.devnull}", f"core.attributesFile={os.devnull}")
GIT: tuple[str, ...] = ("git", *(arg for setting in _OFF for arg in ("-c", setting)))


#: Seconds a git command may take before Guardian gives up with an error (exit 2): generous for
#: ``git status`` on a large tree; a configuration ``[include] path`` naming a FIFO makes git wait for
#: ever (issue 11). :func:`locate` and the start-up checks, which read no work tree, wait less.
GIT_TIMEOUT = 600.0
LOCATE_TIMEOUT = 30.0
HANG_HINT = "a .git/config [include] path naming a FIFO or a device makes git wait for ever"

#: Environment variables holding "" and "false", for ``--config-env`` overrides.
_EMPTY, _FALSE = "GUARDIAN_GIT_EMPTY", "GUARDIAN_GIT_FALSE"


def environment() -> dict[str, str]:
    """The environment of every git command: this process's without any ``GIT_*`` variable, with
    on-demand fetching turned off.

    No ``GIT_*`` variable of the environment reaches git: where the repository is, its index, objects
    and configuration are what its ``.git`` says, never what the environment says. A relative
    ``GIT_DIR``, ``GIT_INDEX_FILE``, ``GIT_OBJECT_DIRECTORY``, ``GIT_CONFIG_GLOBAL`` or ``GIT_EXEC_PATH``
    resolves in the current directory, for git the checkout (issue 11, eleventh review); an absolute one
    would point git at another repository's index. ``GIT_NO_LAZY_FETCH`` exists since git 2.39.4/2.45;
    an older git ignores it, so every transport is also refused (``GIT_ALLOW_PROTOCOL`` empty wins over
    any ``protocol.*.allow`` of the configuration): no ``core.sshCommand``, no local remote's
    ``uploadpack`` command, no remote helper. Guardian never fetches; git only ever reads the local
    repository."""
    kept = {key: value for key, value in os.environ.items() if not key.upper().startswith("GIT_")}
    return {**kept, "GIT_NO_LAZY_FETCH": "1", "GIT_ALLOW_PROTOCOL": "", _EMPTY: "", _FALSE: "false"}


def run(
    repo: Path, *args: str, filters_off: bool = False, check: bool = False, timeout: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in ``repo``, output captured as bytes.

    Args:
        filters_off: the prefix of :func:`git_command` (for commands that read or stage file contents).
        check: raise :class:`GitFailed` (exit 2, git's own message) when git fails.
        timeout: seconds; when given, :class:`subprocess.TimeoutExpired` is the caller's to handle.
            Without it, :data:`GIT_TIMEOUT`, and git not finishing in time is :class:`GitFailed`.

    Raises:
        GitFailed: ``check`` and git failed, or git did not finish in :data:`GIT_TIMEOUT` s.
    """
    try:
        prefix = git_command(repo) if filters_off else GIT
        argv = [program("git"), *prefix[1:], *args]
        done = subprocess.run(
            argv, cwd=repo, capture_output=True, env=environment(), timeout=timeout or GIT_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        if timeout is not None:
            raise
        raise GitFailed(" ".join(args[:1]), f"did not finish in {GIT_TIMEOUT:g} s ({HANG_HINT})") from None
    if check and done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise GitFailed(" ".join(args[:1]), (lines[-1] if lines else f"exit status {done.returncode}")[:300])
    return done


@dataclass(frozen=True)
class GitDirs:
    """Where git keeps a work tree's data, from one ``git rev-parse`` (:func:`locate`)."""

    #: the git directory as git printed it; git's whole answer when :attr:`readable` is False
    printed: str
    #: the real paths of the git directory, of git's work tree and of the common directory
    #: (objects, refs, config); all "" when not :attr:`readable`
    git_dir: str
    top: str
    common: str

    @property
    def readable(self) -> bool:
        """False when a path holds a newline or another control character: git prints them one per
        line, so which line is which is unknown (every check refuses such a repository)."""
        return bool(self.git_dir)


def locate(repo: Path) -> GitDirs | None:
    """Where git keeps ``repo``'s data (one ``git rev-parse``, which reads no index), or None outside
    a git work tree.

    Raises:
        OSError: git is not installed. subprocess.SubprocessError: git did not answer in :data:`LOCATE_TIMEOUT` s.
    """
    args = ("rev-parse", "--absolute-git-dir", "--show-toplevel", "--git-common-dir")
    done = run(repo, *args, timeout=LOCATE_TIMEOUT)
    if done.returncode != 0:
        return None  # outside git: no git command Guardian runs changes anything
    printed = done.stdout.decode("utf-8", "surrogateescape")
    lines = printed.split("\n")
    if len(lines) != 4 or lines[3] or not all(lines[:3]) or any(_CONTROL.search(line) for line in lines):
        return GitDirs(printed.rstrip("\n"), "", "", "")  # a path git prints on no single line (`gitdir: g<LF>x`)
    git_dir, top = (os.path.realpath(line) for line in lines[:2])
    common = os.path.realpath(os.path.join(repo, lines[2]))  # relative to the current directory, or absolute
    return GitDirs(lines[0], git_dir, top, common)


def foreign_git_dir(repo: Path, dirs: GitDirs) -> str | None:
    """The git directory of ``repo`` (located by :func:`locate`) when it belongs to another work tree, else None.

    A ``.git`` *file* (a tarball, a CI cache) can name any git directory of the machine
    (``gitdir: ../other/.git``): ``git status``, ``git add -N`` and ``git rm --cached`` would then
    change another repository's index. Git's work tree must be exactly the directory holding the
    ``.git`` git found from ``repo``: another repository's submodule has a ``core.worktree`` naming its
    own tree, and a dotfiles repository (yadm, vcsh) one naming ``$HOME``, which holds the checkout
    (issue 11, eleventh review); so does a shipped ``.git/`` whose ``core.worktree`` is a parent directory.
    A git directory outside the work tree is then accepted when it names this work tree back: a linked
    worktree (its ``gitdir`` file is this tree's ``.git``) or a submodule (its ``core.worktree``).
    Any git directory is refused when its ``commondir`` file names a directory outside the tree (git
    would write objects and refs there), unless it is a genuine linked worktree's, ``<common>/worktrees/
    <name>`` (a directory of the other repository, which no checkout can make); and when its index or
    object directories are symlinks, which git writes through.
    Fails closed: a git directory, work tree or common directory whose path holds a newline or another
    control character (git prints them one per line) is refused as git printed them.
    """
    if not dirs.readable:
        return dirs.printed
    git_dir, top, common = dirs.git_dir, dirs.top, dirs.common
    if nearest_holding(os.path.realpath(repo)) != top:  # where git's discovery stops
        return dirs.printed  # git's work tree is elsewhere (a core.worktree naming another tree, or $HOME)
    linked = _written_through_link(git_dir, common)
    if linked is not None:
        return linked
    if common != git_dir and not within(common, top):  # a commondir file puts objects, refs, config there
        if within(git_dir, top) or os.path.dirname(git_dir) != os.path.join(common, "worktrees"):
            return common
    if within(git_dir, top):
        return None
    try:
        back = _read_git_file(os.path.join(git_dir, "gitdir"), 1 << 16).decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        back = ""
    if back and os.path.realpath(Path(git_dir) / back) == os.path.join(top, ".git"):
        return None
    if run(repo, "config", "--local", "--get", "core.worktree").stdout.strip():
        return None
    return dirs.printed


#: Characters no path git prints for Guardian may hold: a newline cuts git's line-by-line answer.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def linked_shared_index(repo: Path, dirs: GitDirs) -> str | None:
    """Where a split index's shared file in ``repo``'s git directory (located by :func:`locate`) leads
    when it is a symlink or a hard link, else None. Every git command that reads the index "freshens"
    that file, an ``utime`` that follows the link."""
    if dirs.readable:
        return _linked_shared_index(dirs.git_dir)
    try:  # a path with a control character: the git directory alone is one line
        done = run(repo, "rev-parse", "--absolute-git-dir", timeout=LOCATE_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return _linked_shared_index(done.stdout.decode("utf-8", "surrogateescape").removesuffix("\n"))


def _linked_shared_index(git_dir: str) -> str | None:
    """Where a ``sharedindex.*`` file of ``git_dir`` leads when it is a symlink or has a second name
    (git writes its own by temporary file and rename: they have one), else None."""
    try:
        entries = [entry for entry in os.scandir(git_dir) if entry.name.startswith("sharedindex.")]
    except OSError:
        return None
    for entry in entries:
        if entry.is_symlink():
            return os.path.realpath(entry.path)
        try:
            if second_names(entry.stat(follow_symlinks=False)) is not None:
                return entry.path
        except OSError:
            continue
    return None


def _written_through_link(git_dir: str, common: str) -> str | None:
    """Where a symlink at a file git writes for Guardian's commands leads (the index, the object
    directories ``git add -N`` writes the empty blob into), else None: git writes through it.
    Also where the empty blob leads when it exists already in the object directory or in one that
    ``objects/info/alternates`` names: git then only "freshens" it, an ``utime`` that follows a
    symlink (``e6/9de29b... -> ~/.bashrc`` set the mtime of the user's file); and where a symlink in
    their ``pack/`` directories leads (a packed empty blob is freshened the same way); and a split
    index's shared file that is a symlink or a hard link (freshened whenever git reads the index)."""
    shared = _linked_shared_index(git_dir)
    if shared is not None:
        return shared
    objects = os.path.join(common, "objects")
    try:
        fan_out = [entry.path for entry in os.scandir(objects)] if not os.path.islink(objects) else []
    except OSError:
        fan_out = []
    for path in (os.path.join(git_dir, "index"), objects, *fan_out):
        if os.path.islink(path):
            return os.path.realpath(path)
    for directory in _object_directories(objects):
        linked_pack = _linked_pack(directory)
        if linked_pack is not None:
            return linked_pack
        for blob in _EMPTY_BLOBS:
            path = os.path.join(directory, blob)
            if not os.path.lexists(path):
                continue
            if os.path.realpath(path) != os.path.join(os.path.realpath(directory), blob) or not _empty_blob(path):
                return os.path.realpath(path)
    return None


def _linked_pack(objects: str) -> str | None:
    """Where a symlink in ``objects/pack/`` (or that directory, a symlink) leads, else None. A pack that
    holds the empty blob is "freshened" too: git sets the mtime of the ``.pack``, through the link."""
    packs = os.path.join(objects, "pack")
    try:
        entries = [packs] + ([entry.path for entry in os.scandir(packs)] if not os.path.islink(packs) else [])
    except OSError:
        return None
    for path in entries:
        if os.path.islink(path):
            return os.path.realpath(path)
    return None


def _empty_blob(path: str) -> bool:
    """Is ``path`` the empty blob, or a file of one name? A hard link (``git clone`` of a local
    repository makes them) must hold the object itself: a tarball can link the name to any file."""
    try:
        if second_names(os.stat(path)) is None:
            return True
        return zlib.decompressobj().decompress(read_regular(path, 1 << 12), 64) == b"blob 0\0"
    except (OSError, ValueError, zlib.error):  # larger than 4 KiB: not the empty blob
        return False


#: The empty blob (SHA-1 and SHA-256 repositories), the one object ``git add -N`` stores.
_EMPTY_BLOBS = (
    "e6/9de29bb2d1d6434b8b29ae775ad8c2e48c5391",
    "47/3a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813",
)


def shared_object_store(dirs: GitDirs) -> str | None:
    """Where a git object store (located by :func:`locate`) is shared with files outside its work tree, else None.

    ``git add -N`` stores the empty blob; when git already has it, git only "freshens" the copy it
    finds, an ``utime`` on a pack or loose object that may be another repository's: one an
    ``objects/info/alternates`` entry names, or one a hard link shares (``git clone --shared`` and a
    local ``git clone`` make both, and so can a shipped ``.git/``). Shared: an alternate object
    directory outside the work tree, or a pack or empty blob with a second name. Fails closed: a
    path git prints on no single line is shared.
    """
    if not dirs.readable:
        return dirs.printed
    top = dirs.top
    objects = os.path.join(dirs.common, "objects")
    for index, directory in enumerate(_object_directories(objects)):
        if index and not within(os.path.realpath(directory), top):
            return os.path.realpath(directory)
        for blob in _EMPTY_BLOBS:
            if _second_name(os.path.join(directory, blob)):
                return os.path.join(directory, blob)
        try:
            packs = [entry.path for entry in os.scandir(os.path.join(directory, "pack"))]
        except OSError:
            packs = []
        for pack in packs:
            if _second_name(pack):
                return pack
    return None


def _second_name(path: str) -> bool:
    try:
        return second_names(os.lstat(path)) is not None
    except OSError:
        return False


def _object_directories(objects: str, depth: int = 0) -> list[str]:
    """``objects`` and the object directories its ``info/alternates`` names, recursively (git stops
    at 5 levels); a relative entry is relative to the directory whose file names it."""
    found = [objects]
    try:
        lines = _read_git_file(os.path.join(objects, "info", "alternates"), 1 << 20).splitlines()
    except OSError:
        return found
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(b"#") or depth >= 5:
            continue
        if line.startswith(b'"') and line.endswith(b'"') and len(line) > 1:  # git's C-style quoting
            line = codecs.escape_decode(line[1:-1])[0]
        found += _object_directories(os.path.join(objects, os.fsdecode(line)), depth + 1)
    return found


def _read_git_file(path: str, limit: int) -> bytes:
    """The bytes of a small file of a git directory, read before git runs (``failures/regular_files.py``).

    Raises:
        UnreadableGitFile: it is a FIFO, socket or device (a plain ``open()`` waits for ever, and so
            would git), or larger than ``limit`` bytes.
        OSError: it cannot be read (missing, a symlink).
    """
    try:
        return read_regular(path, limit)
    except NotRegularFile as exc:
        raise UnreadableGitFile(path, str(exc)) from None
    except ValueError as exc:
        raise UnreadableGitFile(path, str(exc)) from None


def git_command(repo: Path) -> tuple[str, ...]:
    """:data:`GIT` for commands that read or stage the tree's files (``status``, ``add``, ``rm``),
    plus an empty command for every filter driver the checkout's configuration defines.

    A ``clean``/``smudge``/``process`` filter is a program git runs on the tree's files when
    ``.gitattributes`` names it; a shipped ``.git/config`` could name any program. An empty command
    on the command line wins over the file and makes git pass the bytes through unfiltered.
    Reading the configuration (``git config --null --get-regexp``) runs nothing. A driver's name
    can hold a space (the output is read NUL-separated) or ``=`` (``filter=a=b`` in ``.gitattributes``),
    which ``-c KEY=VALUE`` would cut at its first ``=``: such a driver's overrides are ``--config-env``
    pairs, naming an environment variable that :func:`environment` sets (to "" or "false").
    """
    found = subprocess.run(
        [program("git"), *GIT[1:], "config", "--null", "--get-regexp", r"^filter\..*\.(clean|smudge|process)$"],
        cwd=repo,
        capture_output=True,
        env=environment(),
        timeout=GIT_TIMEOUT,
        check=False,
    )
    keys = {entry.split(b"\n", 1)[0] for entry in found.stdout.split(b"\0") if entry}
    drivers = sorted({key[len(b"filter.") :].rsplit(b".", 1)[0] for key in keys})
    overrides: list[str] = []
    for driver in drivers:
        name = driver.decode("utf-8", "surrogateescape")
        for key, value in (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")):
            if "=" in name:  # git >= 2.31; an older git refuses the option: it fails, it runs nothing
                overrides.append(f"--config-env=filter.{name}.{key}={_EMPTY if not value else _FALSE}")
            else:
                overrides += ["-c", f"filter.{name}.{key}={value}"]
    return (*GIT, *overrides)
