"""A name a helper of the same file puts after a package's path (issue 13, mistletoe 1.6.0).

mistletoe's ``test_repr.py`` checks each token's ``repr`` with ``_check_repr_matches(self, token, expected_match)``,
which builds ``"<mistletoe.{} at 0x".format(expected_match)``; its call sites give ``"block_token.Document with 1
child"``. No string spells ``mistletoe.block_token``: nothing was listed, and after ``apply --all`` the ``repr``
(the class's ``__module__``: the new path) matched none (23 tests lost). The call site's string is a
``prefixed-name`` reference now, rewritten in its renamed parts (planner/prefixed_names.py,
codemods/relative_names.py). A helper's parameter changed before the string is built, a logger's name, and a
string whose leading name is no module are left.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, plan_renames, snapshot, write_files

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
REPR = "class Token:\n    def __repr__(self):\n        return f'<{type(self).__module__}.{type(self).__qualname__} at 0x'\n"
SUITE = """\
import logging

from pkg import tokens
from pkg.sub import util


class TestRepr:
    def _check_repr(self, token, expected_match):
        expected_match = "<pkg.{} at 0x".format(expected_match)
        assert repr(token) == expected_match

    def test_token(self):
        self._check_repr(tokens.Token(), "tokens.Token")
        self._check_repr(util.Helper(), expected_match="sub.util.Helper")


def check_name(obj, name):
    assert f"{type(obj).__module__}.{type(obj).__qualname__}" == f"pkg.sub.{name}"


def check_plus(obj, name):
    assert type(obj).__module__ + "." + type(obj).__qualname__ == "pkg." + name


def dotted(name):
    return "pkg." + name


def upper(name):
    name = name.upper()
    return "pkg.%s" % name


def logger(name):
    return logging.getLogger(f"pkg.{name}")


def test_helpers():
    check_name(util.Helper(), "util.Helper")
    check_plus(util.Helper(), name="sub.util.Helper")
    assert dotted("tokens") == tokens.__name__
    assert upper("tokens") == "pkg.TOKENS"
    assert logger("tokens").name.endswith(".tokens")
    assert check_name.__name__ != "util"
"""

#: No quoted path of the checkout: only the template names the package (the file is read all the same).
TEMPLATE_ONLY = """\
from pkg import tokens


def check(token, expected):
    assert repr(token) == "<pkg.{} at 0x".format(expected)


def test_repr():
    check(tokens.Token(), "tokens.Token")


def check_stripped(token, expected):
    assert repr(token).startswith("<pkg.{}".format(expected).strip())


def test_escaped():
    check_stripped(tokens.Token(), "tokens.Token\\t")
"""


def test_a_name_a_helper_puts_after_a_package_path_is_rewritten(cli: Invoke, tmp_path: Path) -> None:
    files = {"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/tokens.py": REPR, "pkg/sub/__init__.py": ""}
    files |= {"pkg/sub/util.py": REPR.replace("Token", "Helper"), "tests/test_repr.py": SUITE}
    files["tests/test_tokens.py"] = TEMPLATE_ONLY
    repo = committed(write_files(tmp_path / "repo", files))
    original = snapshot(repo)
    assert own_suite(repo).startswith("4 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (x["old_module"], r["path"].rpartition("/")[2], r["line"], r["text"], r["action"])
        for x, r in plan_references(plan)
        if r["kind"] == "prefixed-name"
    }
    assert listed == {
        ("pkg.tokens", "test_repr.py", 13, "tokens.Token", "rewrite"),
        ("pkg.sub.util", "test_repr.py", 14, "sub.util.Helper", "rewrite"),
        ("pkg.sub.util", "test_repr.py", 39, "util.Helper", "rewrite"),
        ("pkg.sub.util", "test_repr.py", 40, "sub.util.Helper", "rewrite"),
        ("pkg.tokens", "test_repr.py", 41, "tokens", "rewrite"),
        ("pkg.tokens", "test_tokens.py", 9, "tokens.Token", "rewrite"),
        ("pkg.tokens", "test_tokens.py", 17, "tokens.Token\t", "rewrite"),  # its source spells an escape
    }
    new = {x["old_module"]: x["new_module"].rpartition(".")[2] for x in plan_renames(plan)}
    cli(repo, "--json", "apply", "--all", "--no-tests")
    suite = (repo / "tests/test_repr.py").read_text()
    tokens, helper = new["pkg.tokens"], new["pkg.sub.util"]
    assert f'self._check_repr(tokens.Token(), "{tokens}.Token")' in suite
    assert f'check_plus(util.Helper(), name="sub.{helper}.Helper")' in suite
    assert f'check_name(util.Helper(), "{helper}.Helper")' in suite
    assert f'assert dotted("{tokens}") == {tokens}.__name__' in suite or f'dotted("{tokens}")' in suite
    template_only = (repo / "tests/test_tokens.py").read_text()
    assert f'check(tokens.Token(), "{tokens}.Token")' in template_only
    assert f'check_stripped(tokens.Token(), "{tokens}.Token\\t")' in template_only
    assert 'upper("tokens")' in suite and 'logger("tokens")' in suite and '"<pkg.{} at 0x"' in suite
    assert own_suite(repo).startswith("4 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
