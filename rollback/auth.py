"""Binding what Guardian writes to this user on this machine: an HMAC key kept outside every checkout.

Journal manifests and the facts cache carry an HMAC-SHA256 made with this key; what a checkout ships
(a committed ``.guardian/``, a tarball with one) cannot carry a valid one, so it is never recovered,
reverted or deserialised as Guardian's own.

The key lives in the user's state directory, not in the repository or its ``.git/``: a vendored tree,
a tarball or a CI cache can ship a ``.git/`` directory, but never the home directory of the user who
runs Guardian. ``$GUARDIAN_STATE_DIR`` (else ``$XDG_STATE_HOME/guardian``, else
``~/.local/state/guardian``) holds ``journal.key``: 32 random bytes, mode 0600, made on first use.
Another user (or a fresh CI container) has another key: it sees the journal as untrusted and says so;
``guardian journal BATCH --trust`` adopts an entry after the user has inspected it.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from pathlib import Path

from failures import ExitCode
from failures.paths import within
from rollback.errors import RollbackError

STATE_ENV = "GUARDIAN_STATE_DIR"
KEY_NAME = "journal.key"
_KEY_BYTES = 32
_cache: dict[Path, bytes] = {}


class KeyUnavailable(RollbackError):
    """The key cannot be read or created (an unwritable home directory)."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"cannot use Guardian's key {path}: {why}", hint=f"set {STATE_ENV} to a private, writable directory"
        )


class UnsafeEnvDir(RollbackError):
    """A directory named by the environment is relative (it resolves in the current directory, in CI the
    checkout) or inside the repository: a checkout could ship its contents, or a symlink there."""

    exit_code = ExitCode.USAGE


def state_dir() -> Path:
    """Returns: the per-user directory holding the key (see the module docstring).

    A relative ``$XDG_STATE_HOME`` is ignored, as the XDG specification says.

    Raises:
        UnsafeEnvDir: ``$GUARDIAN_STATE_DIR`` is relative.
    """
    explicit = os.environ.get(STATE_ENV)
    if explicit:
        return Path(env_dir(STATE_ENV, explicit))
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "state"
    return base / "guardian"


def env_dir(variable: str, value: str, repo: Path | None = None) -> str:
    """Returns: ``value`` of the environment ``variable``, checked: absolute, and outside ``repo``.

    Raises:
        UnsafeEnvDir: it is relative, or inside ``repo`` (also after resolving symlinks).
    """
    if not os.path.isabs(value):
        raise UnsafeEnvDir(
            f"{variable}={value}: a relative path (it would resolve in the current directory)",
            hint=f"set {variable} to an absolute path outside the repository, or unset it",
        )
    if repo is not None and _inside(value, repo):
        raise UnsafeEnvDir(
            f"{variable}={value}: inside the repository (a checkout could ship what is there)",
            hint=f"set {variable} to a directory outside the repository, or unset it",
        )
    return value


def _inside(path: str, repo: Path) -> bool:
    """Returns: True when ``path``, as written or with its symlinks resolved, is ``repo`` or below it; or
    when one of its leading parts, resolved, is ``repo`` or below it (``/link/repo/tmp`` with ``/link`` a
    symlink, or ``/alias/tmp`` with ``/alias -> repo/sub``, and the last part a symlink leading out: the path
    still goes through the checkout, whose link decides where it ends)."""
    root = os.path.realpath(repo)
    if within(os.path.normpath(path), root) or within(os.path.realpath(path), root):
        return True
    prefix = os.path.normpath(path)
    while os.path.isabs(prefix):
        if within(os.path.realpath(prefix), root):
            return True
        parent = os.path.dirname(prefix)
        if parent == prefix:
            break
        prefix = parent
    return False


def check_env_dirs(repo: Path, config_root: Path | None = None) -> None:
    """Start-up check: ``$GUARDIAN_STATE_DIR`` and ``$GUARDIAN_SCRATCH``, when set, are absolute and outside
    ``repo``; when unset, the key directory they default to (from ``HOME`` or ``XDG_STATE_HOME``) is outside
    ``repo``; and so is the temporary directory (``TMPDIR``, ``TEMP``, ``TMP``), checked before it is probed.
    ``HOME``, ``XDG_CONFIG_HOME`` and the key directory, where git reads its global configuration and
    Guardian its key, are also outside ``config_root`` when given (a larger tree that could ship them: the
    directory run from, for a tree without ``.git``; failures.paths.checkout_root).

    Raises:
        UnsafeEnvDir: exit 2, naming the variable.
    """
    for variable in (STATE_ENV, "GUARDIAN_SCRATCH"):
        value = os.environ.get(variable)
        if value:
            env_dir(variable, value, repo)
    # git reads its global configuration from there, where trace2.* targets append to or create any
    # file; and Python's user site (usercustomize, .pth) lives below HOME.
    roots = (repo,) if config_root is None else (repo, config_root)
    for variable in ("HOME", "XDG_CONFIG_HOME"):
        value = os.environ.get(variable)
        if not value:
            continue
        if not os.path.isabs(value):  # git resolves it in its current directory: the checkout
            raise UnsafeEnvDir(
                f"{variable}={value}: a relative path (git would resolve it in the repository and read the "
                "checkout's files as your global configuration)",
                hint=f"set {variable} to an absolute path outside the repository, or unset it",
            )
        inside = next((root for root in roots if _inside(value, root)), None)
        if inside is not None:
            raise UnsafeEnvDir(
                f"{variable}={value}: inside the repository {inside} (git would read the checkout's files as your "
                "global configuration)",
                hint=f"run Guardian with {variable} outside the repository",
            )
    # The defaults come from the environment too: ``HOME`` or ``XDG_STATE_HOME`` inside the checkout (CI
    # setups that keep caches in the project directory) would let a symlink the checkout ships decide
    # where the key is made, or ship the key itself; ``TMPDIR`` likewise for the scratch copy.
    key_dir = state_dir()
    if not os.environ.get(STATE_ENV) and any(_inside(str(key_dir), root) for root in roots):
        source = "XDG_STATE_HOME" if os.path.isabs(os.environ.get("XDG_STATE_HOME") or "") else "HOME"
        raise UnsafeEnvDir(
            f"{source}: Guardian's key directory {key_dir} is inside the repository "
            "(a checkout could ship the key, or a symlink there)",
            hint=f"set {STATE_ENV} to a private directory outside the repository",
        )
    _check_temporary(repo)


#: Where Python's ``tempfile`` looks first, in its order (then /tmp, /var/tmp, /usr/tmp, the current directory).
TEMPORARY_VARIABLES = ("TMPDIR", "TEMP", "TMP")


def _check_temporary(repo: Path) -> None:
    """The temporary directory is outside ``repo``, checked before ``tempfile`` first looks at it.

    ``tempfile.gettempdir()`` proves a candidate writable by creating and unlinking a file in it: with
    ``TMPDIR`` in the checkout and a ``tmp -> ../elsewhere`` symlink the checkout ships, the check itself
    wrote outside the repository (issue 11, review 12). So the variables' values are checked as written
    (a relative one as ``tempfile`` resolves it, in the current directory) before anything probes them,
    and whatever ``GUARDIAN_SCRATCH`` says: the import checks, test runs and ``assess --baseline``
    make their scratch directories with ``tempfile`` too. The directory found is then pinned.

    Raises:
        UnsafeEnvDir: exit 2, naming the variable.
    """
    for variable in TEMPORARY_VARIABLES:
        value = os.environ.get(variable)
        if value and _inside(os.path.abspath(value), repo):
            raise UnsafeEnvDir(
                f"{variable}={value}: the temporary directory is inside the repository (scratch copies and "
                "temporary files would be made there, through any symlink the checkout ships)",
                hint=f"set {variable} to a directory outside the repository, or unset it (GUARDIAN_SCRATCH "
                "alone is not enough: Python's temporary files go there too)",
            )
    temporary = tempfile.gettempdir()  # its probe now writes in none of the repository's directories
    if _inside(temporary, repo):  # no candidate was writable: tempfile fell back to the current directory
        raise UnsafeEnvDir(
            f"TMPDIR: the temporary directory {temporary} is inside the repository (no other was writable)",
            hint="set TMPDIR to a writable directory outside the repository",
        )
    tempfile.tempdir = temporary


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyUnavailable(path, exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise KeyUnavailable(path, "not a regular file owned by this user")
        if info.st_mode & 0o077:
            raise KeyUnavailable(path, f"readable by others (mode {stat.S_IMODE(info.st_mode):04o}); chmod 600 it")
        data = os.read(fd, 4096)
    finally:
        os.close(fd)
    if len(data) < _KEY_BYTES:
        raise KeyUnavailable(
            path,
            "too short (damaged); delete it to make a new one (journal entries signed "
            "with it will then need `guardian journal BATCH --trust`)",
        )
    return data


def key(*, create: bool = True) -> bytes | None:
    """This user's key, made on first use when ``create``.

    Returns:
        The key, or None when it does not exist and ``create`` is False.

    Raises:
        KeyUnavailable: it cannot be read or created.
    """
    directory = state_dir()
    path = directory / KEY_NAME
    if path in _cache:
        return _cache[path]
    found = _read_key(path)
    if found is None:
        if not create:
            return None
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = directory / f".{KEY_NAME}.{secrets.token_hex(6)}"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                os.write(fd, secrets.token_bytes(_KEY_BYTES))
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(temporary, path)  # never replaces a key another process made meanwhile
            except OSError as exc:
                if exc.errno != errno.EEXIST:
                    raise
            finally:
                temporary.unlink()
        except OSError as exc:
            raise KeyUnavailable(path, exc.strerror or str(exc)) from None
        found = _read_key(path)
        if found is None:
            raise KeyUnavailable(path, "vanished while it was made")
    _cache[path] = found
    return found


def sign(purpose: bytes, data: bytes, *, create: bool = True) -> str | None:
    """Returns: the hex HMAC-SHA256 of ``data`` for ``purpose`` (None: no key and not ``create``).

    Raises:
        KeyUnavailable: the key cannot be read or created.
    """
    secret = key(create=create)
    if secret is None:
        return None
    return hmac.new(secret, purpose + b"\0" + data, hashlib.sha256).hexdigest()


def verify(purpose: bytes, data: bytes, mac: str) -> bool:
    """Returns: True when ``mac`` was made by :func:`sign` with this user's key (never creates the key)."""
    try:
        expected = sign(purpose, data, create=False)
    except KeyUnavailable:
        return False
    return expected is not None and hmac.compare_digest(expected, mac)


def repository_identity(repo: Path) -> bytes:
    """What a journal entry's or the tracking database's MAC binds it to: the repository root's resolved absolute path.

    A journal entry signed in one repository and copied (with its blobs) into another on the same machine
    does not verify there. The path is chosen over anything inside the checkout (``.git/config``, an
    id file): a checkout controls its own contents but not where its user puts it. The price: after
    ``mv`` (or ``cp -r``) of a repository its entries are untrusted until ``journal ID --trust``
    (its tracking database until ``guardian --trust-tracking``).
    """
    return os.fsencode(os.path.realpath(repo))
