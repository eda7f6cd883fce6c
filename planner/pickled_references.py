"""Modules that pickled data files load classes from (babel's ``locale-data/*.dat``): data pickled before the
rename loads its classes by the old module paths, kept alive with shims, the bytes never rewritten. So does a
pickle a source file holds in base64 (``base64.b64decode("gASV...")``, :func:`literal_data`), and one a data file
holds as a base64 string (a JSON fixture's ``{"blob": "gASV..."}`` the test gives ``b64decode``, :func:`text_pickles`:
breaker e10, whose test lost its class)."""

from __future__ import annotations

import ast
import base64
import binascii
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from planner.checkout_files import MAX_FILE_BYTES
from planner.discover import Discovery, ModuleFile
from planner.pickled_data import MAX_PICKLE_BYTES, read_pickled, unpacked
from planner.python_source import dotted_name
from planner.references import MAX_DEPTH, Reference

#: The decoders of text to bytes whose literal argument may hold a pickle: ``base64.b64decode("gASV...")``.
_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "b64decode": base64.b64decode,
    "standard_b64decode": base64.standard_b64decode,
    "urlsafe_b64decode": base64.urlsafe_b64decode,
    "decodebytes": base64.decodebytes,
    "b32decode": base64.b32decode,
    "b85decode": base64.b85decode,
    "a85decode": base64.a85decode,
}


def literal_data(call: ast.Call) -> bytes | None:
    """The bytes a decoder of :data:`_DECODERS` makes of its literal argument (``base64.b64decode("gASV...")``, a
    test's pickled fixture), decompressed when they start as compressed data (``zlib.compress``'d first); None
    for any other call, or text that does not decode."""
    decode = _DECODERS.get(dotted_name(call.func).rpartition(".")[2])
    text = call.args[0] if decode is not None and call.args else None
    if not isinstance(text, ast.Constant) or not isinstance(text.value, (str, bytes)) or decode is None:
        return None
    raw = text.value.encode("ascii", "ignore") if isinstance(text.value, str) else text.value
    try:
        return unpacked(decode(raw), MAX_PICKLE_BYTES)
    except (binascii.Error, ValueError):
        return None


def pickle_pattern(top_level: Iterable[str]) -> re.Pattern[str]:
    """A module path as pickle writes it, in pickled bytes read as latin-1: GLOBAL (``c`` module ``\n``
    name ``\n``), SHORT_BINUNICODE (``\x8c``, one length byte), BINUNICODE (``X``, four length bytes)."""
    names = "|".join(re.escape(t) for t in sorted(top_level, key=len, reverse=True))
    # At most MAX_DEPTH parts: read from each ``c`` of 100 KB of ``cpkg.cpkg...`` took minutes (review 20)
    path = rf"(?:{names})(?:\.[A-Za-z_]\w*+){{1,{MAX_DEPTH - 1}}}+"
    return re.compile(rf"(?<=c)({path})\n[A-Za-z_][\w.]*\n|(?<=\x8c)(?s:(.))({path})|(?<=X)(?s:(.{{4}}))({path})")


def pickled_modules(data: str, pattern: re.Pattern[str], modules: Mapping[str, ModuleFile]) -> list[str]:
    """The checkout's modules that pickled ``data`` (bytes as latin-1) loads classes from (exact: a
    length prefix must match), in order, each once."""
    found: list[str] = []
    for match in pattern.finditer(data):
        glob, short, short_path, long, long_path = match.groups()
        if glob is not None:
            path = glob
        elif short_path is not None:
            path = short_path[: ord(short)]  # the length prefix says where the string ends
        else:
            path = long_path[: int.from_bytes(long.encode("latin-1"), "little")]
        if path in modules and "." in path and path not in found:
            found.append(path)
    return found


def pickled_files(root: Path, found: Discovery) -> Iterable[Reference]:
    """``pickled`` references of the data files that may be pickles: data pickled before the rename loads
    its classes by the old module paths (kept alive with shims, the bytes never rewritten)."""
    pattern = pickle_pattern(found.top_level)
    tops = [t.encode() + b"." for t in found.top_level]
    for rel in found.data_files:
        raw = read_pickled(root / rel, MAX_FILE_BYTES)
        if raw is not None and any(top in raw for top in tops):
            for module in pickled_modules(raw.decode("latin-1"), pattern, found.modules):
                yield Reference(rel, 1, "pickled", module, module)


#: A pickle of protocol 2 to 5 in base64 (``\x80\x02`` ... ``\x80\x05``: ``gAI``, ``gAN``, ``gAS``, ``gAV``), standard
#: or URL-safe, as a whole token of a text file (a JSON or YAML string, a line of a fixture); at most the bytes
#: a pickle is read to
_BASE64_PICKLE = re.compile(r"(?<![\w+/-])gA[INSV][A-Za-z0-9+/_-]{4,}={0,2}(?![\w+/=-])")


def text_pickles(
    rel: str, text: str, pattern: re.Pattern[str], modules: Mapping[str, ModuleFile]
) -> Iterator[Reference]:
    """``pickled`` references of the base64 pickles the text file ``rel`` holds: its classes are loaded by their
    old module paths after the rename, so those are kept alive with shims (the text is never rewritten)."""
    if "gA" not in text:
        return
    for match in _BASE64_PICKLE.finditer(text):
        token = match.group(0)
        decode = base64.urlsafe_b64decode if "-" in token or "_" in token else base64.b64decode
        try:
            data = unpacked(decode(token + "=" * (-len(token) % 4)), MAX_PICKLE_BYTES)
        except (binascii.Error, ValueError):
            continue
        line = text.count("\n", 0, match.start()) + 1
        for module in pickled_modules(data.decode("latin-1"), pattern, modules):
            yield Reference(rel, line, "pickled", module, module)
