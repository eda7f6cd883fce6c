"""The journal on disk: ``.guardian/journal/<batch-id>/`` with its manifest, patches, SQL and blobs.

Layout (docs/design.md "Files it writes")::

    .guardian/.gitignore                 "*": git status stays clean
    .guardian/journal/.lock              the repository lock (rollback.lock)
    .guardian/journal/<id>/manifest.json status, base commit, every file's sha256 and mode before/after
    .guardian/journal/<id>/forward.patch git-style diff, `git apply` accepts it
    .guardian/journal/<id>/reverse.patch its exact inverse
    .guardian/journal/<id>/up.sql, down.sql   when the batch touches the database
    .guardian/journal/<id>/blobs/<sha256>     before/after contents: revert restores from these
    .guardian/journal/<id>/history/<n>/       earlier attempts of the same id (reverted or failed)

Every file is written atomically and fsynced (the blobs of a batch all at once, before the tree is
changed); blobs are verified against their name when read. The entry holds copies of the user's files
(a 0600 secrets module too): its directories are created 0700 and its files 0600 (:data:`PRIVATE`),
never readable by another user, whatever the mode of ``.guardian/journal`` itself.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

from failures.regular_files import read_regular
from rollback.auth import repository_identity, sign, verify
from rollback.door import make_dirs, move, open_dir, split_relpath, write_file, write_in
from rollback.errors import CorruptJournal, UnknownBatch, UntrustedEntry
from rollback.fsio import fsync_dir, sha256_bytes, sync_staged
from rollback.manifest import Manifest, check_batch_id, parse_manifest

JOURNAL_DIR = ".guardian/journal"
MANIFEST = "manifest.json"
FORWARD = "forward.patch"
REVERSE = "reverse.patch"
UP_SQL = "up.sql"
DOWN_SQL = "down.sql"
HISTORY = "history"
STAGING = ".staging"
MAC_SUFFIX = ".mac"
#: A journal file larger than this is refused as damaged (a manifest of a million files stays below it).
MAX_FILE_BYTES = 1 << 30
#: v2: the MAC covers the repository's identity (:func:`repository_identity`); entries signed
#: before (v1) no longer verify and are shown as untrusted, adopted with ``journal ID --trust``
_MANIFEST_PURPOSE = b"guardian-journal-manifest-v2"
_FILE_PURPOSE = b"guardian-journal-file-v2"
_MAC_KEY = b',\n  "mac": "'
#: The mode of every file of an entry (its directories are 0o700: ``private=True`` at the door).
PRIVATE = 0o600


def _signed_data(identity: bytes, batch_id: str, *parts: bytes) -> bytes:
    return b"\0".join((identity, batch_id.encode(), *parts))


def sign_manifest(identity: bytes, batch_id: str, body: bytes) -> bytes:
    """``manifest.json``'s bytes with a last key ``"mac"``: the HMAC of everything before it, of the
    batch id and of the repository's ``identity`` (rollback.auth).

    Raises:
        KeyUnavailable: this user's key cannot be read or created.
    """
    mac = sign(_MANIFEST_PURPOSE, _signed_data(identity, batch_id, body))
    assert body.endswith(b"\n}\n")
    return body[:-3] + _MAC_KEY + str(mac).encode("ascii") + b'"\n}\n'


def manifest_authentic(identity: bytes, batch_id: str, raw: bytes) -> bool:
    """Returns: True when ``raw`` was written by :func:`sign_manifest` with this user's key, for this
    batch id, in the repository of ``identity``."""
    at = raw.rfind(_MAC_KEY)
    if at < 0 or not raw.endswith(b'"\n}\n'):
        return False
    mac = raw[at + len(_MAC_KEY) : -4]
    try:
        return verify(_MANIFEST_PURPOSE, _signed_data(identity, batch_id, raw[:at] + b"\n}\n"), mac.decode("ascii"))
    except UnicodeDecodeError:
        return False


def _holds(path: Path, digest: str) -> bool:
    """Whether ``path`` is a regular file whose content has the sha256 ``digest``: a blob this batch
    stored already. Blob names are predictable (a module's hash, a batch number), so a name alone
    proves nothing; a FIFO is never opened."""
    try:
        return sha256_bytes(read_regular(path, MAX_FILE_BYTES)) == digest
    except (OSError, ValueError):
        return False


class JournalStore:
    """Reads and writes journal entries of one repository."""

    #: manifest path -> (its bytes, their parse, signed by this user): shared by every store of the
    #: process (a command's start-up recovery check and the command itself read the same manifests),
    #: valid while the bytes are the same
    _parsed: dict[Path, tuple[bytes, Manifest, bool]] = {}

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.identity = repository_identity(repo)
        self.root = repo / JOURNAL_DIR
        self._unsynced: list[Path] = []

    def ensure(self) -> None:
        """Create the journal directory and ``.guardian/.gitignore`` (``*``) when missing."""
        make_dirs(self.repo, JOURNAL_DIR, where="the journal", private=True)  # refuses a symlink on the way
        if not os.path.lexists(self.repo / ".guardian" / ".gitignore"):
            write_file(self.repo, ".guardian/.gitignore", b"*\n", 0o644)

    def entry_dir(self, batch_id: str) -> Path:
        """Returns: the directory of ``batch_id`` (validated as a safe directory name)."""
        return self.root / check_batch_id(batch_id)

    def staging(self, batch_id: str) -> Path:
        """Returns: where temporary files of this batch are written before being renamed into the tree."""
        return self.entry_dir(batch_id) / STAGING

    def rel(self, path: Path) -> str:
        """Returns: ``path`` relative to the repository, with ``/``."""
        return path.relative_to(self.repo).as_posix()

    def ids(self) -> list[str]:
        """Returns: every batch id that has a manifest (unordered)."""
        if not self.root.is_dir():
            return []
        return [
            child.name
            for child in self.root.iterdir()
            if not child.name.startswith(".") and (child / MANIFEST).is_file()
        ]

    def max_sequence(self) -> int:
        """Returns: the highest sequence number used by any entry or archived attempt (0 when none)."""
        if not self.root.is_dir():
            return 0
        highest = 0
        for child in self.root.iterdir():
            if child.name.startswith(".") or not child.is_dir():
                continue
            if (child / MANIFEST).is_file():
                highest = max(highest, self.read(child.name, trusted=False).sequence)
            highest = max([highest] + [m.sequence for m in self.history(child.name)])
        return highest

    def read(self, batch_id: str, *, trusted: bool = True) -> Manifest:
        """Returns: the manifest of ``batch_id``.

        Args:
            trusted: refuse a manifest not signed with this user's key (False: for showing it only).

        Raises:
            UnknownBatch: no such entry.
            CorruptJournal: the manifest cannot be read or parsed.
            UntrustedEntry: it is well-formed but not signed by this user's Guardian.
        """
        path = self.entry_dir(batch_id) / MANIFEST
        try:
            raw = read_regular(path, MAX_FILE_BYTES)
            text = raw.decode("utf-8")
        except FileNotFoundError:
            raise UnknownBatch(batch_id, sorted(self.ids())) from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CorruptJournal(self.rel(path), f"unreadable: {exc}") from None
        # Parsing (and checking every key of) a manifest of thousands of files is costly and
        # `revert --all` reads each one many times: reuse the parse while the bytes are the same.
        cached = self._parsed.get(path)
        if cached is not None and cached[0] == raw:
            manifest, authentic = cached[1], cached[2]
        else:
            manifest = parse_manifest(text, self.rel(path))
            if manifest.batch_id != batch_id:
                raise CorruptJournal(self.rel(path), f"batch_id is {manifest.batch_id!r}, expected {batch_id!r}")
            authentic = manifest_authentic(self.identity, batch_id, raw)
            self._parsed[path] = (raw, manifest, authentic)
        if trusted and not authentic:
            raise UntrustedEntry(self.rel(path), batch_id)
        return manifest

    def trust(self, batch_id: str) -> Manifest:
        """Adopt an entry after the user inspected it: sign its manifest and files with this user's key.

        Returns:
            The manifest.
        """
        manifest = self.read(batch_id, trusted=False)
        directory = self.entry_dir(batch_id)
        for name in (FORWARD, REVERSE, UP_SQL, DOWN_SQL):
            try:
                data = read_regular(directory / name, MAX_FILE_BYTES)
            except FileNotFoundError:
                continue
            self.write_file(batch_id, name, data)
        self.write(manifest)
        return manifest

    def read_signed(self, batch_id: str, name: str) -> bytes:
        """Returns: the entry's file ``name`` (``down.sql``), when signed by this user's Guardian.

        Raises:
            UntrustedEntry: it is missing its signature or does not match it.
        """
        path = self.entry_dir(batch_id) / name
        try:
            data = read_regular(path, MAX_FILE_BYTES)
            mac = read_regular(path.with_name(name + MAC_SUFFIX), MAX_FILE_BYTES).decode("ascii").strip()
        except (OSError, UnicodeDecodeError, ValueError):
            raise UntrustedEntry(self.rel(path), batch_id) from None
        if not verify(_FILE_PURPOSE, _signed_data(self.identity, batch_id, name.encode(), data), mac):
            raise UntrustedEntry(self.rel(path), batch_id)
        return data

    def write(self, manifest: Manifest, *, durable: bool = True) -> None:
        """Write ``manifest.json`` atomically, and durably unless ``durable`` is False: then
        :meth:`sync` must follow before anything relies on it surviving a power loss (several
        manifests written in a row share one sync)."""
        path = self.entry_dir(manifest.batch_id) / MANIFEST
        raw = sign_manifest(self.identity, manifest.batch_id, manifest.dumps().encode("utf-8"))
        write_file(self.repo, self.rel(path), raw, PRIVATE, durable=durable, where="the journal", private=True)
        if not durable:
            self._unsynced.append(path)
        self._parsed[path] = (raw, manifest, True)

    def sync(self) -> None:
        """Make the manifests written with ``durable=False`` durable (one file-system sync on Linux)."""
        if self._unsynced:
            sync_staged(self.root, self._unsynced)
            for directory in sorted({path.parent for path in self._unsynced}):
                fsync_dir(directory)
            self._unsynced.clear()

    def write_file(self, batch_id: str, name: str, data: bytes) -> str:
        """Write a patch or SQL file of the entry, and its signature (``<name>.mac``) beside it.

        Returns:
            Its path relative to the repository.
        """
        path = self.entry_dir(batch_id) / name
        write_file(self.repo, self.rel(path), data, PRIVATE, where="the journal", private=True)
        mac = f"{sign(_FILE_PURPOSE, _signed_data(self.identity, batch_id, name.encode(), data))}\n".encode("ascii")
        write_file(self.repo, self.rel(path) + MAC_SUFFIX, mac, PRIVATE, where="the journal", private=True)
        return self.rel(path)

    def write_blobs(self, batch_id: str, contents: Iterable[bytes]) -> None:
        """Store each of ``contents`` content-addressed, atomically but not yet durably: :meth:`sync_blobs`
        makes every blob of the entry durable at once, before the tree is changed. The blobs directory
        is walked once (the door: no symlink followed) and each blob written in it."""
        directory = self.entry_dir(batch_id) / "blobs"
        rel = self.rel(directory)
        with ExitStack() as opened:
            fd: int | None = None
            for data in contents:
                digest = sha256_bytes(data)
                if _holds(directory / digest, digest):  # a file of that name a checkout shipped is not a stored blob
                    continue
                if fd is None:
                    parts = split_relpath(rel, where="the journal")
                    fd = opened.enter_context(
                        open_dir(self.repo, parts, create=True, rel=rel, where="the journal", private=True)
                    )
                write_in(fd, f"{rel}/{digest}", data, PRIVATE, durable=False, where="the journal")

    def sync_blobs(self, batch_id: str) -> None:
        """Make the entry's blobs durable (one file-system sync on Linux, else one fsync each)."""
        directory = self.entry_dir(batch_id) / "blobs"
        if directory.is_dir():
            sync_staged(directory, sorted(directory.iterdir()))
            fsync_dir(directory)

    def blob_reader(self, batch_id: str) -> Callable[[str], bytes]:
        """Returns: ``read(sha256) -> bytes`` for this entry's blobs, verifying each hash.

        The reader raises CorruptJournal for a missing blob or one whose content does not match its name.
        """
        directory = self.entry_dir(batch_id) / "blobs"

        def read(digest: str) -> bytes:
            path = directory / digest
            try:
                data = read_regular(path, MAX_FILE_BYTES)
            except FileNotFoundError:
                raise CorruptJournal(self.rel(path), "blob missing") from None
            except (OSError, ValueError) as exc:
                raise CorruptJournal(self.rel(path), f"blob unreadable: {exc}") from None
            if sha256_bytes(data) != digest:
                raise CorruptJournal(self.rel(path), "blob content does not match its sha256")
            return data

        return read

    def archive(self, batch_id: str) -> Path:
        """Move the current entry of ``batch_id`` into ``history/<n>/`` so the id can be applied again.

        Returns:
            The archive directory.
        """
        directory = self.entry_dir(batch_id)
        history = directory / HISTORY
        make_dirs(self.repo, self.rel(history), where="the journal", private=True)
        number = 1 + max((int(p.name) for p in history.iterdir() if p.name.isdigit()), default=0)
        target = history / str(number)
        # a new name: an existing one (or a symlink planted there) fails, a symlink on the way is refused
        make_dirs(self.repo, self.rel(target), where="the journal", private=True, exclusive=True)
        for child in directory.iterdir():
            if child.name == HISTORY:
                continue
            if child.name == STAGING:
                shutil.rmtree(child, ignore_errors=True)
                continue
            move(self.repo, self.rel(child), self.rel(target / child.name), where="the journal")
        fsync_dir(target)
        fsync_dir(directory)
        return target

    def history(self, batch_id: str) -> list[Manifest]:
        """Returns: the archived manifests of ``batch_id``, oldest first (unreadable ones skipped)."""
        history = self.entry_dir(batch_id) / HISTORY
        if not history.is_dir():
            return []
        found = []
        for child in sorted((p for p in history.iterdir() if p.name.isdigit()), key=lambda p: int(p.name)):
            try:
                found.append(
                    parse_manifest(read_regular(child / MANIFEST, MAX_FILE_BYTES).decode("utf-8"), self.rel(child))
                )
            except (OSError, CorruptJournal, UnicodeDecodeError, ValueError):
                continue
        return found

    def clear_staging(self, batch_id: str) -> None:
        """Remove leftover temporary files of the entry (a crash may leave some; never in the tree)."""
        shutil.rmtree(self.staging(batch_id), ignore_errors=True)
