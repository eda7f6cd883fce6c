r"""A renamed module's path right after an escape, in a Python string, a regex and a data file (breaker F6, F7, F8, k31;
trial2's ellipsis; issue 13).

On main, ``"loaded:\npkg.mathops\nend"`` and ``"x\tpkg.mathops"`` were listed ``string-part`` and left by apply (its
source reads ``npkg.mathops``, a longer token); ``r"\bpkg\.errors\.Bad\b"``, ``r"\Apkg..."``, the ANSI colour
``"\x1b[31mpkg.errors.Bad"`` and ``banner = "loaded:\npkg.mathops"`` in TOML, YAML and JSON were neither listed nor
rewritten; ``r"pkg[/\\]errors\.py"`` was listed and left; ``pkg.mathops._sp7...be4`` in a README was a longer token.
The suite lost each such test. Now each is listed and rewritten (planner/escape_bounds.py, one rule), the suite
passes after apply, the longer tokens stay, and revert gives back every byte.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**", "pkg/show.py"]\n\n[workflows]\n"pkg/**" = 1\n'
SHOW = """\
import traceback

import pkg.mathops
from pkg import errors


def lines():
    return "\\n".join(["loaded:", pkg.mathops.__name__, "end"])


def describe(exc):
    return f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"


def colored(exc):
    return "\\x1b[31m" + describe(exc) + "\\x1b[0m"


def where():
    try:
        errors.boom()
    except errors.Bad:
        return traceback.format_exc()
"""
SUITE = r"""import importlib
import json
import pathlib
import re
import tomllib

from pkg import errors, show

ROOT = pathlib.Path(__file__).parent.parent


def test_escapes_before():
    assert show.lines() == "loaded:\npkg.mathops\nend"
    assert show.lines().replace("\n", "\t") == "loaded:\tpkg.mathops\tend"
    assert show.lines().replace("\n", "\t") == "loaded:\u0009pkg.mathops\u0009end"


def test_regex_anchors_and_colours():
    text = show.describe(errors.Bad("x"))
    assert re.search(r"\bpkg\.errors\.Bad\b", text) and re.search("\\bpkg\\.errors\\.Bad\\b", text)
    assert re.match(r"\Apkg\.errors\.Bad", text) and re.search(r"got\spkg\.errors\.Bad", "got " + text)
    assert show.colored(errors.Bad("y")) == "\x1b[31mpkg.errors.Bad: y\x1b[0m"
    assert re.fullmatch(r"\x1b\[31mpkg\.errors\.Bad: y\x1b\[0m", show.colored(errors.Bad("y")))


def test_longer_tokens_stay():
    assert ["xpkg.mathops", r"\\npkg.mathops", "pkg.mathops_v2"][1] == "\\\\npkg.mathops"


def test_data_files():
    banner = tomllib.loads((ROOT / "conf/app.toml").read_text())["banner"]
    assert importlib.import_module(banner.split("\n")[1]).double(1) == 2
    banner = json.loads((ROOT / "conf/app.json").read_text())["banner"]
    assert importlib.import_module(banner.split("\n")[1]).double(1) == 2
"""
#: a file whose only mention is the file's name in a regex: apply's screen (codemods/refs.py) let it through on no needle
WHERE = r"""import re

from pkg import show


def test_escaped_file_name():
    assert re.search(r"pkg[/\\]errors\.py\", line \d+, in boom", show.where())
"""
README = "# escapes\n\nThe module `pkg.mathops._sp7...be4` is abridged; see pkg.mathops...\n"


def test_a_path_after_an_escape_is_listed_and_rewritten(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "README.md": README,
            "conf/app.toml": 'banner = "loaded:\\npkg.mathops"\n',
            "conf/app.yaml": 'banner: "loaded:\\npkg.mathops"\n',
            "conf/app.json": '{"banner": "loaded:\\npkg.mathops"}\n',
            "pkg/__init__.py": "",
            "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
            "pkg/errors.py": "class Bad(Exception):\n    pass\n\n\ndef boom():\n    raise Bad('boom')\n",
            "pkg/show.py": SHOW,
            "tests/test_escapes.py": SUITE,
            "tests/test_where.py": WHERE,
        }
    )
    plan, original = planned(cli, repo, "5 passed")
    listed = {(ref["path"], ref["line"], ref["action"]) for _rename, ref in plan_references(plan)}
    suite = "tests/test_escapes.py"
    rewrites = {(suite, n, "rewrite") for n in (13, 14, 15, 20, 21, 22, 23)} | {("tests/test_where.py", 7, "rewrite")}
    rewrites |= {(f"conf/app.{suffix}", 1, "rewrite") for suffix in ("toml", "yaml", "json")}
    assert rewrites | {("README.md", 3, "rewrite-prose")} <= listed
    assert not [item for item in listed if item[:2] == (suite, 27)]  # the longer tokens: no mention
    applied(cli, repo, "5 passed")
    text = (repo / suite).read_text().splitlines()
    assert all("WF1_" in text[n - 1] for _path, n, _action in rewrites if _path == suite)
    assert text[26] == SUITE.splitlines()[26]
    assert "pkg[/\\\\]WF1_" in (repo / "tests/test_where.py").read_text()
    assert all("loaded:\\npkg.WF1_" in (repo / f"conf/app.{s}").read_text() for s in ("toml", "yaml", "json"))
    readme = (repo / "README.md").read_text()
    assert "`pkg.WF1_" in readme and "see pkg.WF1_" in readme
    reverted(cli, repo, original)
