"""A signing salt that is a module path is kept where configuration holds it too (issue 13, review of strings).

A salt given as a keyword or bound to a ``*salt`` name was kept (tests/apply/test_signing_salts.py). The same salt
held by a configuration was rewritten with the module, and every value signed before the rename stopped verifying:
a dict's ``{"salt": "pkg.tokens"}``, ``SETTINGS["SESSION_SALT"] = ...``, a TOML ``salt = "pkg.tokens"``, an INI
``salt = pkg.tokens``, a JSON ``"salt": "pkg.sessions"``, a YAML ``salt: pkg.tokens``. Each is now a ``signing-salt``
reference, action ``keep`` (planner/signing_salts.py); the same path under another key is still rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

TOKENS = """\
import configparser
import hashlib
import hmac
import json
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).parent.parent
CONFIG = {{"salt": "pkg.tokens", "handler": "{module}"}}
SETTINGS = {{}}
SETTINGS["SESSION_SALT"] = "pkg.sessions"


def sign(value, salt):
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


def salts():
    ini = configparser.ConfigParser()
    ini.read(ROOT / "signing.ini")
    return [
        CONFIG["salt"],
        SETTINGS["SESSION_SALT"],
        tomllib.loads((ROOT / "signing.toml").read_text())["signing"]["salt"],
        ini["signing"]["salt"],
        json.loads((ROOT / "signing.json").read_text())["salt"],
    ]
"""
TEST = """\
from pkg import tokens


def test_values_signed_before_still_verify():
    assert [tokens.sign("alice", s) for s in tokens.salts()] == {digests!r}
"""
TOML = '[signing]\nsalt = "pkg.tokens"\nhandler = "{module}"\n'
INI = "[signing]\nsalt = pkg.tokens\nhandler = {module}\n"
JSON = '{{\n  "salt": "pkg.sessions",\n  "handler": "{module}"\n}}\n'
YAML = "signing:\n  salt: pkg.tokens\n  key_salt: 'pkg.sessions'\n  handler: {module}\n"


def _digests() -> list[str]:
    salts = ["pkg.tokens", "pkg.sessions", "pkg.tokens", "pkg.tokens", "pkg.sessions"]
    return [hmac.new(s.encode(), b"alice", hashlib.sha256).hexdigest()[:16] for s in salts]


def _files(module: str) -> dict[str, str]:
    return {
        "pkg/tokens.py": TOKENS.format(module=module),
        "signing.toml": TOML.format(module=module),
        "signing.ini": INI.format(module=module),
        "signing.json": JSON.format(module=module),
        "signing.yaml": YAML.format(module=module),
    }


def test_a_configured_salt_stays_as_it_was_signed(cli: Invoke, tmp_path: Path) -> None:
    files = {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/sessions.py": "X = 1\n",
        "pkg/handlers.py": "X = 1\n",
        **_files("pkg.handlers"),
        "tests/__init__.py": "",
        "tests/test_tokens.py": TEST.format(digests=_digests()),
    }
    repo = write_files(tmp_path / "repo", files)
    plan, original = planned(cli, repo, "1 passed")
    salts = sorted(
        (x["path"], x["line"], x["action"]) for _r, x in plan_references(plan) if x["kind"] == "signing-salt"
    )
    assert salts == [  # on main: none but the dict's, each rewritten
        ("pkg/tokens.py", 9, "keep"),
        ("pkg/tokens.py", 11, "keep"),
        ("signing.ini", 2, "keep"),
        ("signing.json", 2, "keep"),
        ("signing.toml", 2, "keep"),
        ("signing.yaml", 2, "keep"),
        ("signing.yaml", 3, "keep"),
    ]

    applied(cli, repo, "1 passed")
    [module] = [r["new_module"] for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/handlers.py"]
    [tokens] = [r["new_module"] for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/tokens.py"]
    after = _files(module)
    after[tokens.replace(".", "/") + ".py"] = after.pop("pkg/tokens.py")
    for path, text in after.items():
        assert (repo / path).read_text() == text, path
    reverted(cli, repo, original)
