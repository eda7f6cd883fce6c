"""A module path followed by a name the module does not bind is a dotted key, not the module: left, and listed
(issue 13, breaker FP3).

A nested catalogue looked up by its dotted key (python-i18n, OmegaConf, dynaconf: ``t("app.errors.timeout")``,
``setting("app.cache.ttl")``) spells a renamed module's path and then a name the module never binds: apply rewrote
the keys to ``app.WF1_..._errors.timeout`` and the lookups raised ``KeyError`` (3 passed -> 1). What follows a
module's path is its attribute only where the module can have it: a name its top level binds (a definition, an
assignment, an import), or any name when a module ``__getattr__``, a star import or ``globals()`` may bind it. Else
the string is a ``dotted-key`` reference, action ``keep``, listed and left; a path with a bound name
(``"app.errors.Timeout"``), a call that takes a module path, and a module with ``__getattr__`` are rewritten. (A key
whose last part the module does bind, ``setting("app.cache.ttl")`` beside a function ``ttl`` of ``app/cache.py``,
cannot be told from the function's path by this rule: the breaker's p10 defines both, and it is still rewritten.)
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

ERRORS = """\
import json
from pathlib import Path

_CAT = {"app": {"errors": {"timeout": "Timed out"}}}
_CFG = json.loads((Path(__file__).parent.parent / "config.json").read_text())


def t(key):
    node = _CAT
    for part in key.split("."):
        node = node[part]
    return node


def setting(key):
    node = _CFG
    for part in key.split("."):
        node = node[part]
    return node


class Timeout(Exception):
    def __str__(self):
        return t("app.errors.timeout")
"""
CACHE = """\
from app.errors import setting


def lifetime():
    return setting("app.cache.ttl")
"""
LAZY = """\
def __getattr__(name):
    return name.upper()
"""
TEST = """\
from unittest import mock

from app import cache, errors


def test_i18n_nested_key():
    assert str(errors.Timeout()) == "Timed out"
    assert errors.t("app.errors.timeout") == "Timed out"


def test_config_key_path():
    assert cache.lifetime() == 30


def test_paths_with_attributes():
    assert errors.Timeout.__qualname__ in "app.errors.Timeout"
    with mock.patch("app.cache.setting", return_value=5):
        assert cache.lifetime() == 5
    assert "app.lazy.anything".endswith(".anything")
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"app/**" = 1\n',
    "config.json": '{"app": {"cache": {"ttl": 30}}}\n',
    "app/__init__.py": "",
    "app/errors.py": ERRORS,
    "app/cache.py": CACHE,
    "app/lazy.py": LAZY,
    "tests/test_keys.py": TEST,
}
LEFT = {
    ("app/errors.py", 24, "app.errors.timeout"),
    ("app/cache.py", 5, "app.cache.ttl"),
    ("tests/test_keys.py", 8, "app.errors.timeout"),
}


def test_a_dotted_key_past_a_module_is_left_and_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "3 passed")
    found = {(r["path"], r["line"], r["text"], r["kind"], r["action"]) for _, r in plan_references(plan)}
    assert {(p, n, t, "dotted-key", "keep") for p, n, t in LEFT} <= found
    assert not {f for f in found if (f[0], f[1], f[2]) in LEFT and f[3] != "dotted-key"}
    rewritten = {(f[0], f[1], f[2]) for f in found if f[4] == "rewrite"}
    assert {
        ("tests/test_keys.py", 16, "app.errors.Timeout"),
        ("tests/test_keys.py", 17, "app.cache.setting"),
        ("tests/test_keys.py", 19, "app.lazy.anything"),
    } <= rewritten

    applied(cli, repo, "3 passed")
    text = (repo / "tests" / "test_keys.py").read_text()
    assert 'errors.t("app.errors.timeout")' in text
    assert '"app.WF' in text and "_errors.Timeout" in text and "_lazy.anything" in text
    [errors] = (repo / "app").glob("WF*_errors.py")
    assert 't("app.errors.timeout")' in errors.read_text()
    [cache] = (repo / "app").glob("WF*_cache.py")
    assert 'setting("app.cache.ttl")' in cache.read_text()
    reverted(cli, repo, original)
