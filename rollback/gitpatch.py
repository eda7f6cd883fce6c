"""Git-style patches that ``git apply`` accepts, byte for byte.

Text files get unified hunks over raw byte lines (CRLF and non-UTF-8 bytes pass through untouched,
``\\ No newline at end of file`` where a side lacks its final newline); files git would call binary
(a NUL byte in the first 8000 bytes) get a ``GIT binary patch`` with base85 ``literal`` data for both
directions. Headers carry full blob hashes (git needs them for binary patches), mode changes, created
and deleted files, and ``rename from``/``rename to`` with a similarity index.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable, Sequence
from typing import Literal

from rollback import linediff
from rollback.fsio import FileState
from rollback.manifest import FileRecord

NULL_SHA1 = "0" * 40
CONTEXT = 3
_SAFE = frozenset(range(0x20, 0x7F)) - {ord('"'), ord("\\")}
_ESCAPES = {7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", ord('"'): '"', ord("\\"): "\\"}


def git_blob_sha1(data: bytes) -> str:
    """Returns: the object id git gives ``data`` as a blob."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def is_binary(data: bytes) -> bool:
    """Returns: True when git would treat ``data`` as binary (a NUL in the first 8000 bytes)."""
    return b"\0" in data[:8000]


def git_mode(mode: int) -> str:
    """Returns: git's mode for a regular file: 100755 when the owner may execute it, else 100644."""
    return "100755" if mode & 0o100 else "100644"


def quote_path(path: str) -> str:
    """Git's C-style quoting for a path with special characters or non-ASCII bytes (``"a\\tb"``)."""
    raw = path.encode("utf-8", "surrogateescape")
    if all(byte in _SAFE for byte in raw):
        return path
    out = []
    for byte in raw:
        if byte in _SAFE:
            out.append(chr(byte))
        elif byte in _ESCAPES:
            out.append("\\" + _ESCAPES[byte])
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


def _name(prefix: str, path: str) -> str:
    return quote_path(prefix + path)


def _range(start: int, length: int) -> str:
    """Unified-diff range: ``start,length``; git omits ``,1`` and names the line before an empty range."""
    first = start + 1
    if length == 1:
        return f"{first}"
    if length == 0:
        first -= 1
    return f"{first},{length}"


def _lines(out: list[bytes], sign: bytes, lines: Sequence[bytes]) -> None:
    for line in lines:
        if line.endswith(b"\n"):
            out.append(sign + line)
        else:
            out.append(sign + line + b"\n\\ No newline at end of file\n")


def text_hunks(old: bytes, new: bytes) -> bytes:
    """Returns: the ``@@`` hunks turning ``old`` into ``new`` (empty when equal).

    The common head and tail are set aside before matching, so the usual codemod edit (a few import
    lines) costs time in the changed region only.
    """
    a = _split_lf(old)
    b = _split_lf(new)
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = linediff.opcodes(a[head : len(a) - tail], b[head : len(b) - tail])
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle]
    if tail:
        opcodes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    out: list[bytes] = []
    for group in _grouped(opcodes, CONTEXT):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2] - first[1])} +{_range(first[3], last[4] - first[3])} @@\n".encode())
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                _lines(out, b" ", a[i1:i2])
                continue
            _lines(out, b"-", a[i1:i2])
            _lines(out, b"+", b[j1:j2])
    return b"".join(out)


_Opcode = tuple[str, int, int, int, int]


def _grouped(opcodes: list[_Opcode], n: int) -> list[list[_Opcode]]:
    """Hunks with up to ``n`` lines of context: difflib's ``get_grouped_opcodes`` on a given opcode list."""
    codes = [op for op in opcodes if op[1] != op[2] or op[3] != op[4]]
    if not codes or all(op[0] == "equal" for op in codes):
        return []
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = (tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2)
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = (tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n))
    groups: list[list[_Opcode]] = []
    group: list[_Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return groups


def _split_lf(data: bytes) -> list[bytes]:
    """Split on ``\\n`` only (git's notion of a line): ``\\r`` stays inside the line."""
    if not data:
        return []
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _base85_lines(data: bytes) -> bytes:
    compressed = zlib.compress(data, 9)
    out = []
    for offset in range(0, len(compressed), 52):
        chunk = compressed[offset : offset + 52]
        size = len(chunk)
        letter = chr(ord("A") + size - 1) if size <= 26 else chr(ord("a") + size - 27)
        out.append(letter.encode() + base64.b85encode(chunk, pad=True) + b"\n")
    return b"".join(out)


def binary_patch(old: bytes, new: bytes) -> bytes:
    """Returns: git's binary patch: ``literal`` of the new content, then of the old (for reversal)."""
    return (
        b"GIT binary patch\n"
        + f"literal {len(new)}\n".encode()
        + _base85_lines(new)
        + b"\n"
        + f"literal {len(old)}\n".encode()
        + _base85_lines(old)
        + b"\n"
    )


def similarity(old: bytes, new: bytes) -> int:
    """Returns: an approximate similarity percentage for the rename header (100 when identical)."""
    if old == new:
        return 100
    if not old or not new:
        return 0
    ratio = linediff.ratio(_split_lf(old), _split_lf(new))
    return min(99, int(ratio * 100))


Side = Literal["before", "after"]


def file_diff(
    path_a: str,
    path_b: str,
    old: FileState | None,
    new: FileState | None,
    content: Callable[[str], bytes],
    *,
    rename: bool,
) -> bytes:
    """One file's section of a patch, from state ``old`` at ``path_a`` to ``new`` at ``path_b``.

    Returns:
        The ``diff --git`` section (headers and hunks), empty when nothing changes.
    """
    old_bytes = content(old.sha256) if old else b""
    new_bytes = content(new.sha256) if new else b""
    a, b = _name("a/", path_a), _name("b/", path_b)
    head = [f"diff --git {a} {b}\n"]
    old_id = git_blob_sha1(old_bytes) if old else NULL_SHA1
    new_id = git_blob_sha1(new_bytes) if new else NULL_SHA1
    same_mode = old is not None and new is not None and git_mode(old.mode) == git_mode(new.mode)
    if old is None and new is not None:
        head.append(f"new file mode {git_mode(new.mode)}\n")
    elif new is None and old is not None:
        head.append(f"deleted file mode {git_mode(old.mode)}\n")
    elif old is not None and new is not None and not same_mode:
        head.append(f"old mode {git_mode(old.mode)}\nnew mode {git_mode(new.mode)}\n")
    if rename:
        head.append(f"similarity index {similarity(old_bytes, new_bytes)}%\n")
        head.append(f"rename from {quote_path(path_a)}\nrename to {quote_path(path_b)}\n")
    if old_bytes == new_bytes and (old is not None) == (new is not None) and old is not None:
        if rename or not same_mode:
            return "".join(head).encode()
        return b""
    head.append(f"index {old_id}..{new_id}" + (f" {git_mode(new.mode)}\n" if same_mode and new else "\n"))
    if is_binary(old_bytes) or is_binary(new_bytes):
        return "".join(head).encode() + binary_patch(old_bytes, new_bytes)
    if not old_bytes and not new_bytes:
        return "".join(head).encode()
    tab_a = "\t" if " " in path_a else ""
    tab_b = "\t" if " " in path_b else ""
    minus = "/dev/null" if old is None else a + tab_a
    plus = "/dev/null" if new is None else b + tab_b
    head.append(f"--- {minus}\n+++ {plus}\n")
    return "".join(head).encode() + text_hunks(old_bytes, new_bytes)


def build_patch(records: Sequence[FileRecord], content: Callable[[str], bytes], *, reverse: bool = False) -> bytes:
    """The whole patch of a batch: forward (before -> after) or reverse (after -> before).

    Returns:
        Patch bytes (``git apply`` input); renames appear as one section with rename headers.
    """
    sources = {record.old_path for record in records if record.old_path}
    sections: list[tuple[str, bytes]] = []
    for record in records:
        if record.path in sources and record.after is None:
            continue  # the rename's section covers the old path
        if record.old_path is not None:
            moved_from = next((r for r in records if r.path == record.old_path), None)
            old_state = moved_from.before if moved_from else None
            if reverse:
                section = file_diff(record.path, record.old_path, record.after, old_state, content, rename=True)
            else:
                section = file_diff(record.old_path, record.path, old_state, record.after, content, rename=True)
            sections.append((min(record.path, record.old_path), section))
            continue
        old, new = (record.after, record.before) if reverse else (record.before, record.after)
        sections.append((record.path, file_diff(record.path, record.path, old, new, content, rename=False)))
    return b"".join(section for _key, section in sorted(sections, key=lambda item: item[0]))
