"""A module that salts signatures with its own name keeps that name (issue 13, review of strings).

``signing.dumps(value, salt=__name__)``, ``key_salt = __name__``, ``def sign(value, salt=__name__)``: the salt is the
module's path, part of every value signed before the rename. A string salt is kept as written
(tests/apply/test_signing_salts.py); ``__name__`` follows the rename, so after apply the salt was the new path and
every value signed before stopped verifying, with nothing listed. planner/name_uses.py reads the module's name
given as a salt (a keyword, a ``*salt`` name, a parameter's default, a dict's ``"salt"`` value, in text too:
``f"{__name__}.reset"``), and the module keeps its name, listed under the plan's ``kept``, like a module that puts
its name into a file's name.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from apply_helpers import Invoke, applied, planned, reverted

TOKENS = """\
import hashlib
import hmac


def sign(value, salt=__name__):
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


class Generator:
    key_salt = __name__

    def make(self, user):
        return sign(user, self.key_salt)
"""
RESET = """\
from pkg.tokens import sign

CONFIG = {"salt": __name__}


def reset_token(user):
    return sign(user, salt=f"{__name__}.reset")
"""
PLAIN = "from pkg.tokens import sign\n\n\ndef label():\n    return sign(__name__)\n"
TEST = """\
from pkg import plain, reset, tokens


def test_values_signed_before_still_verify():
    assert tokens.sign("alice") == {tokens!r}
    assert tokens.Generator().make("alice") == {tokens!r}
    assert reset.reset_token("alice") == {reset!r}
    assert tokens.sign("alice", reset.CONFIG["salt"]) == {config!r}
    assert plain.label()
"""


def _digest(salt: str) -> str:
    return hmac.new(salt.encode(), b"alice", hashlib.sha256).hexdigest()[:16]


def test_a_module_salting_with_its_name_keeps_it(cli: Invoke, tmp_path: Path) -> None:
    files = {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/tokens.py": TOKENS,
        "pkg/reset.py": RESET,
        "pkg/plain.py": PLAIN,
        "tests/__init__.py": "",
        "tests/test_salts.py": TEST.format(
            tokens=_digest("pkg.tokens"), reset=_digest("pkg.reset.reset"), config=_digest("pkg.reset")
        ),
    }
    repo = tmp_path / "repo"
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    plan, original = planned(cli, repo, "1 passed")
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    assert sorted(kept) == ["pkg/reset.py", "pkg/tokens.py"]  # on main: none, both renamed
    assert "pkg/tokens.py:5, which salts signatures with its whole name" in kept["pkg/tokens.py"]
    assert "pkg/reset.py:3" in kept["pkg/reset.py"]
    renamed = [r["old"] for b in plan["batches"] for r in b["renames"]]
    assert renamed == ["pkg/plain.py"]  # its name given to a call is no salt: renamed

    applied(cli, repo, "1 passed")
    assert (repo / "pkg/tokens.py").read_text() == TOKENS
    reverted(cli, repo, original)
