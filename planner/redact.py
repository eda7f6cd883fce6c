"""The one redaction of database secrets: every DSN Guardian prints, logs or stores goes through it.

A DSN reaches Guardian in several forms, and each hides its password differently:

* a URL ``postgresql://user:secret@host/db`` (any scheme: ``mysql://``, ``mysql+pymysql://``), whose
  password may hold an unescaped ``@``, ``/``, ``:`` or a space (the last ``@`` before the host ends it);
* a query parameter ``?password=secret`` (also ``sslpassword``, ``passwd``, ``pwd``);
* libpq's ``key=value`` form ``host=h user=u password=secret`` or ``password='se cret'``;
* a JSON key ``"password": "secret"``;
* an option or variable: ``--password=secret``, ``PGPASSWORD=secret``, ``MYSQL_PWD=secret``.

:func:`redact` replaces each secret with ``***`` and leaves the rest readable (user, host, database).
It errs on the side of hiding: what it cannot parse it hides rather than prints.
"""

from __future__ import annotations

import re

MASK = "***"
# A URL's userinfo may hold a password with spaces (``u:se cret@host``): up to an '@' on the same line
# it is taken as part of the URL, so the whole password is hidden (at worst a little more is).
#: Each pattern that starts with a run of name characters starts only where that run starts (a lookbehind)
#: and takes it possessively: tried at every character of a long ``a-a-a-...`` run, the run was scanned
#: again each time (quadratic, issue 11 review 13). What the run's start adds to a match is kept as it is.
_URL = re.compile(r"(?<![A-Za-z0-9+.-])[0-9+.-]*+(?P<url>[A-Za-z][A-Za-z0-9+.-]*+://(?:[^\s/@:]*:[^@\n]*?@)?\S+)")
_SECRET_KEY = r"[A-Za-z0-9_-]*(?:password|passwd|pwd)"
_SECRET_NAME = re.compile(rf"(?i){_SECRET_KEY}")
_QUERY = re.compile(rf"(?i)([?&;]{_SECRET_KEY}=)[^&#\s]*")
_JSON = re.compile(rf'(?i)("{_SECRET_KEY}"\s*:\s*)"(?:[^"\\]|\\.)*"')
#: ``\b`` then a name ending in a password word: the run of name characters, from its start, when a word
#: boundary lies before the password word in it (the run starts after a non-word character, or holds a ``-``).
_KEY_VALUE = re.compile(
    r"(?i)((?<![A-Za-z0-9_-])(?:(?<!\w)|(?=[A-Za-z0-9_]*+-))[A-Za-z0-9_-]*+(?:(?<=password)|(?<=passwd)|(?<=pwd))"
    r"\s*=\s*)('(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?|\S+)"
)
#: What every pattern above needs in the text (same flags): a URL's ``://`` or a password word. Most
#: text Guardian stores has neither (a plan's module paths: the run log redacts every string of it).
_MAY_HOLD_SECRET = re.compile(r"(?i)://|passw|pwd")


def _redact_url(match: re.Match[str]) -> str:
    url = match.group("url")
    scheme, _, rest = url.partition("://")
    query_at = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, query_at)
    if at < 0 and "@" in rest[query_at:]:
        at = rest.rfind("@")  # a password holding '?' or '#': hide up to the last '@'
    if at >= 0:
        userinfo = rest[:at]
        if ":" in userinfo:
            rest = f"{userinfo.split(':', 1)[0]}:{MASK}{rest[at:]}"
    return f"{scheme}://{_QUERY.sub(lambda m: m.group(1) + MASK, rest)}"


def _redact_plain(text: str) -> str:
    text = _JSON.sub(lambda m: m.group(1) + f'"{MASK}"', text)
    return _KEY_VALUE.sub(lambda m: m.group(1) + MASK, text)


def _passwords_of(dsn: str) -> list[str]:
    """The password of ``dsn`` and the pieces another parser may take for it (libpq ends a URL's
    password at its first ``@``, Guardian at its last; either may echo the rest as a host name)."""
    found: list[str] = []
    for match in _URL.finditer(dsn):
        rest = match.group("url").partition("://")[2]
        at = rest.rfind("@")
        userinfo = rest[:at] if at >= 0 else ""
        if ":" in userinfo:
            password = userinfo.split(":", 1)[1]
            found += [password, *password.split("@"), *password.split(":")]
    found += [m.group(2).strip("'\"") for m in _KEY_VALUE.finditer(dsn)]
    found += [m.group(0).split("=", 1)[1] for m in _QUERY.finditer(dsn)]
    return sorted({p for p in found if len(p) >= 3}, key=len, reverse=True)


def redact(text: str, *, dsn: str | None = None) -> str:
    """Returns: ``text`` with every database password in it replaced by ``***`` (see the module docstring).

    Args:
        dsn: the DSN ``text`` is about (a driver's error message): its password is hidden wherever it
            appears, even where the driver parsed the DSN differently and printed part of it.
    """
    if dsn:
        for password in _passwords_of(dsn):
            text = text.replace(password, MASK)
    if _MAY_HOLD_SECRET.search(text) is None:
        return text
    pieces: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        pieces.append(_redact_plain(text[last : match.start("url")]))
        pieces.append(_redact_url(match))
        last = match.end()
    pieces.append(_redact_plain(text[last:]))
    return "".join(pieces)


def is_secret_key(name: str) -> bool:
    """Returns: True for a key whose value is a secret (``password``, ``PGPASSWORD``, ``pwd``...)."""
    return _SECRET_NAME.fullmatch(name) is not None
