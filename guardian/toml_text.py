"""TOML values written by Guardian (``guardian init``): strings from the checkout, escaped.

A folder or file name is the checkout's data. Pasted between quotes, a name holding ``"`` and a
newline ends the string and adds keys to the generated ``guardian.toml`` (a plain ``"`` makes the
file invalid). :func:`basic_string` follows the TOML 1.0 specification for basic strings: ``"`` and
``\\`` are escaped, and so is every control character (U+0000 to U+001F and U+007F, the ones a basic
string may not hold), with its short form (``\\n``, ``\\t``...) or ``\\uXXXX``; everything else,
any Unicode letter included, is kept as it is. ``tomllib`` reads the value back as exactly the name.
"""

from __future__ import annotations

from collections.abc import Iterable

_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def writable(value: str) -> bool:
    """Whether ``value`` can be a TOML string: Unicode scalar values only (a file name that is not
    valid UTF-8 decodes to lone surrogates, which no TOML file can hold)."""
    return not any(0xD800 <= ord(char) <= 0xDFFF for char in value)


def basic_string(value: str) -> str:
    """``value`` as a TOML basic string, quotes included.

    Raises:
        ValueError: ``value`` holds a lone surrogate (see :func:`writable`).
    """
    if not writable(value):
        raise ValueError(f"{value!r} is not valid Unicode: no TOML string can hold it")
    out = []
    for char in value:
        if char in _SHORT:
            out.append(_SHORT[char])
        elif ord(char) < 0x20 or char == "\x7f":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def string_array(values: Iterable[str]) -> str:
    """``values`` as a one-line TOML array of basic strings."""
    return "[" + ", ".join(basic_string(value) for value in values) + "]"
