"""A salt that is a module path is data signed before the rename: left, and listed (issue 13, breaker F3).

Django's ``PasswordResetTokenGenerator`` salts its tokens with its class's path (``key_salt =
"django.contrib.auth.tokens.PasswordResetTokenGenerator"``), and ``signing.dumps(value, salt="pkg.sessions")``
or ``def sign(value, salt="pkg.tokens")`` with a module's. Apply rewrote those strings with the module, so every
token and cookie issued before the rename stopped verifying (2 of 2 tests lost). A whole module path (or a path
and an attribute) given as ``salt=``/``*_salt=``, bound to such a name or a default of such a parameter is a
``signing-salt`` reference, action ``keep``: listed, left; the same path elsewhere is rewritten; revert gives back
every byte.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

TOKENS = """\
import hashlib
import hmac


def sign(value: str, salt: str = "pkg.tokens") -> str:
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


def dumps(value: str, *, salt: str) -> str:
    return sign(value, salt=salt)


class TokenGenerator:
    key_salt = "pkg.tokens.TokenGenerator"

    def make(self, user: str) -> str:
        return sign(user, self.key_salt)


SESSION_SALT: str = "pkg.sessions"
HANDLER = "pkg.tokens.TokenGenerator"
"""
TEST = """\
from pkg.tokens import SESSION_SALT, TokenGenerator, dumps, sign


def test_tokens_issued_before_still_verify() -> None:
    assert TokenGenerator().make("alice") == "0a6bec5ce83dc1ba"
    assert dumps("bob", salt=SESSION_SALT) == "2bad786287f04404"
    assert dumps("bob", salt="pkg.sessions") == "2bad786287f04404"
    assert sign("carol") == "935666667a2cadea"
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/sessions.py": "X = 1\n",
    "pkg/tokens.py": TOKENS,
    "tests/test_tokens.py": TEST,
}
SALTS = {
    ("pkg/tokens.py", 5, "pkg.tokens"),
    ("pkg/tokens.py", 14, "pkg.tokens.TokenGenerator"),
    ("pkg/tokens.py", 20, "pkg.sessions"),
    ("tests/test_tokens.py", 7, "pkg.sessions"),
}


def test_a_salt_naming_a_module_is_left_and_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "1 passed")
    found = {(r["path"], r["line"], r["text"], r["kind"], r["action"]) for _, r in plan_references(plan)}
    assert {(p, n, t, "signing-salt", "keep") for p, n, t in SALTS} <= found
    assert ("pkg/tokens.py", 21, "pkg.tokens.TokenGenerator", "string", "rewrite") in found
    assert not {f for f in found if (f[0], f[1], f[2]) in SALTS and f[3] != "signing-salt"}

    applied(cli, repo, "1 passed")
    [new] = (repo / "pkg").glob("WF*_tokens.py")
    text = new.read_text()
    assert text == TOKENS.replace('HANDLER = "pkg.tokens.', f'HANDLER = "pkg.{new.stem}.')
    assert (repo / "tests" / "test_tokens.py").read_text() == TEST.replace("pkg.tokens", f"pkg.{new.stem}")
    reverted(cli, repo, original)
