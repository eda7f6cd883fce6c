"""A submodule read as an attribute of what an import call returns (breaker's finding 4): ``__import__("pkg.m1")``
returns ``pkg``, and ``.m1`` walks the path again; ``importlib.import_module("pkg").m7`` reads the submodule ``m7``
(loaded by ``import pkg.m7``) from the package. Apply rewrote the string but not the attribute (``AttributeError:
module 'pkg' has no attribute 'm1'``), and ``import_module("pkg").m7`` was not listed at all. The attribute is
the module's name, as ``getattr(pkg, "m7")``'s string is: the plan lists it (``import-attribute``) and apply writes
the new name (planner/import_calls.py, codemods/import_chains.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
LOADER = """\
import importlib


def a():
    return __import__("pkg.m1").m1.V


def g():
    import pkg.m7
    return importlib.import_module("pkg").m7.V


def deep():
    return __import__("pkg.sub.m2").sub.m2.V, __import__("pkg.m1", fromlist=["V"]).V
"""
SUITE = """\
from pkg import loader


def test_import_attributes():
    assert loader.a() == 1 and loader.g() == 7 and loader.deep() == (2, 1)
"""


def test_a_submodule_read_from_an_import_call_follows_the_rename(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/m7.py": "V = 7\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/m2.py": "V = 2\n",
            "pkg/loader.py": LOADER,
            "tests/test_loader.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    renames = {r["old_module"]: r for b in plan["batches"] for r in b["renames"]}
    found = {
        (old, ref["line"], ref["kind"], ref["text"], ref["action"])
        for old, r in renames.items()
        for ref in r["references"]
        if ref["kind"] == "import-attribute"
    }
    assert found == {
        ("pkg.m1", 5, "import-attribute", "m1", "rewrite"),
        ("pkg.m7", 10, "import-attribute", "m7", "rewrite"),
        ("pkg.sub.m2", 14, "import-attribute", "m2", "rewrite"),
    }
    new = {old: renames[old]["new_module"].rpartition(".")[2] for old in ("pkg.m1", "pkg.m7", "pkg.sub.m2")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert after == (
        LOADER.replace('"pkg.m1").m1.V', f'"pkg.{new["pkg.m1"]}").{new["pkg.m1"]}.V')
        .replace('"pkg.m1", fromlist', f'"pkg.{new["pkg.m1"]}", fromlist')
        .replace("import pkg.m7", f"import pkg.{new['pkg.m7']}")
        .replace('("pkg").m7.V', f'("pkg").{new["pkg.m7"]}.V')
        .replace('"pkg.sub.m2").sub.m2.V', f'"pkg.sub.{new["pkg.sub.m2"]}").sub.{new["pkg.sub.m2"]}.V')
    )
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


FROMLIST = """\
def by_keyword():
    return __import__("pkg.sub", fromlist=["m2"]).m2.V


def by_position():
    return __import__("pkg.sub", globals(), locals(), ("m3",), 0).m3.V
"""


def test_a_fromlist_entry_naming_a_renamed_submodule_follows_it(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """review28 F3: ``__import__("pkg.sub", fromlist=["m2"]).m2`` had its attribute rewritten and its ``fromlist``
    entry not, so the call no longer loaded the submodule the attribute names (``AttributeError``)."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/m2.py": "V = 2\n",
            "pkg/sub/m3.py": "V = 3\n",
            "pkg/loader.py": FROMLIST,
            "tests/test_loader.py": "from pkg import loader\n\n\ndef test_fromlist():\n"
            "    assert (loader.by_keyword(), loader.by_position()) == (2, 3)\n",
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    renames = {r["old_module"]: r for b in plan["batches"] for r in b["renames"]}
    found = sorted(
        (old, ref["line"], ref["text"], ref["action"])
        for old, r in renames.items()
        for ref in r["references"]
        if ref["kind"] == "import-attribute"
    )
    assert found == [  # the entry and the attribute, each listed
        ("pkg.sub.m2", 2, "m2", "rewrite"),
        ("pkg.sub.m2", 2, "m2", "rewrite"),
        ("pkg.sub.m3", 6, "m3", "rewrite"),
        ("pkg.sub.m3", 6, "m3", "rewrite"),
    ]
    new = {old: renames[old]["new_module"].rpartition(".")[2] for old in ("pkg.sub.m2", "pkg.sub.m3")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert after == FROMLIST.replace('["m2"]).m2.V', f'["{new["pkg.sub.m2"]}"]).{new["pkg.sub.m2"]}.V').replace(
        '("m3",), 0).m3.V', f'("{new["pkg.sub.m3"]}",), 0).{new["pkg.sub.m3"]}.V'
    )
    assert own_suite(repo).startswith("1 passed")


NAMED = """\
import importlib

loaded = importlib.import_module("pkg")


def held():
    x = __import__("pkg.m1")
    return x.m1.V


def outer():
    import pkg.m7
    return loaded.m7.V


def rebound(flag):
    y = __import__("pkg.m1")
    if flag:
        y = None
    return y.m1.V


def annotated():
    z: object = __import__("pkg.m1")
    return z.m1.V
"""


def test_a_submodule_read_from_a_name_bound_to_an_import_call_follows_the_rename(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """review28 F4: ``x = __import__("pkg.m1")`` then ``x.m1.V`` had the string rewritten and ``.m1`` left, silently
    (``AttributeError``). A name bound once is followed, into the functions nested in its scope too; one bound again is
    listed for a person (``bound-attribute``) with its line, never left silently."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/m7.py": "V = 7\n",
            "pkg/loader.py": NAMED,
            "tests/test_loader.py": "from pkg import loader\n\n\ndef test_named():\n"
            "    assert (loader.held(), loader.outer(), loader.annotated()) == (1, 7, 1)\n",
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    renames = {r["old_module"]: r for b in plan["batches"] for r in b["renames"]}
    found = sorted(
        (old, ref["line"], ref["kind"], ref["text"], ref["action"])
        for old, r in renames.items()
        for ref in r["references"]
        if ref["kind"] in ("import-attribute", "bound-attribute")
    )
    assert found == [
        ("pkg.m1", 8, "import-attribute", "m1", "rewrite"),
        ("pkg.m1", 20, "bound-attribute", "m1", "follow-up"),
        ("pkg.m1", 25, "import-attribute", "m1", "rewrite"),
        ("pkg.m7", 13, "import-attribute", "m7", "rewrite"),
    ]
    new = {old: renames[old]["new_module"].rpartition(".")[2] for old in ("pkg.m1", "pkg.m7")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert after == (
        NAMED.replace('"pkg.m1")', f'"pkg.{new["pkg.m1"]}")')
        .replace("x.m1.V", f"x.{new['pkg.m1']}.V")
        .replace("z.m1.V", f"z.{new['pkg.m1']}.V")
        .replace("import pkg.m7", f"import pkg.{new['pkg.m7']}")
        .replace("loaded.m7.V", f"loaded.{new['pkg.m7']}.V")
    )
    assert own_suite(repo).startswith("1 passed")  # ``rebound``'s ``y.m1`` is left, for the person the plan names


SPREAD = """\
import pkg.m1
import pkg.m7


def spread():
    x = (


        __import__(
            "pkg"))
    return x.m1.V


def commented():
    y = (  # the package
        # its submodule is read below
        importlib
        .import_module("pkg")
    )
    return y.m7.V


def annotated():
    z: dict[
        str,
        int,
    ] = __import__("pkg")
    return z.m7.V


import importlib
"""


def test_a_statement_spread_over_lines_is_written_as_the_plan_lists_it(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """The plan (planner/import_names.py) reads the whole statement binding a name to an import call; apply's screen
    (codemods/string_prefilter.py ``reads_held_import``) read the call's line and the two before it for the name, so a
    file whose parentheses or annotation open further up was listed ``import-attribute`` and never parsed by apply:
    ``x.m1`` was left (AttributeError after the rename). The screen now asks the rule itself."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/m7.py": "V = 7\n",
            "pkg/loader.py": SPREAD,
            "tests/test_loader.py": "from pkg import loader\n\n\ndef test_spread():\n"
            "    assert (loader.spread(), loader.commented(), loader.annotated()) == (1, 7, 7)\n",
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    renames = {r["old_module"]: r for b in plan["batches"] for r in b["renames"]}
    found = sorted(
        (old, ref["line"], ref["kind"], ref["action"])
        for old, r in renames.items()
        for ref in r["references"]
        if ref["kind"] == "import-attribute"
    )
    assert found == [
        ("pkg.m1", 11, "import-attribute", "rewrite"),
        ("pkg.m7", 20, "import-attribute", "rewrite"),
        ("pkg.m7", 28, "import-attribute", "rewrite"),
    ]
    new = {old: renames[old]["new_module"].rpartition(".")[2] for old in ("pkg.m1", "pkg.m7")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert after == (
        SPREAD.replace("pkg.m1", f"pkg.{new['pkg.m1']}")
        .replace("pkg.m7", f"pkg.{new['pkg.m7']}")
        .replace("x.m1.V", f"x.{new['pkg.m1']}.V")
        .replace("y.m7.V", f"y.{new['pkg.m7']}.V")
        .replace("z.m7.V", f"z.{new['pkg.m7']}.V")
    )
    assert own_suite(repo).startswith("1 passed")


HANDED = """\
import importlib
import pkg.m1
import pkg.m7


def unpacked():
    a, (b, c) = __import__("pkg.m1"), (0, 0)
    return a.m1.V + b + c


class Holder:
    def __init__(self):
        self.m = importlib.import_module("pkg")

    def read(self):
        return self.m.m7.V


def load():
    return __import__("pkg.m1")


def passed():
    return read_m1(__import__("pkg"))


def read_m1(module):
    return module.m1.V


def aliased():
    x = importlib.import_module("pkg")
    return read_m1(x)


def itself():
    return importlib.import_module("pkg.m1").V + len([importlib.import_module("pkg.m1")])
"""


def test_an_import_call_s_result_handed_on_is_listed_or_followed(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """fixheld hole 2: an import call's result unpacked (``a, b = __import__("pkg.m1"), 0``), kept in an attribute
    (``self.m = importlib.import_module("pkg")`` then ``self.m.m7``), returned, or passed to a function (also by a name
    holding it) and a submodule read from it later: nothing was listed, and after the rename ``.m1``/``.m7`` raised
    AttributeError. An unpacking of as many values binds each name as ``x = call`` does, followed and written; a result
    handed on whole is a ``handed-import`` follow-up naming each submodule of what the call returns, with its line.
    ``import_module("pkg.m1")`` returns the module itself, which has no submodule: nothing to list."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/m7.py": "V = 7\n",
            "pkg/loader.py": HANDED,
            "tests/test_loader.py": "from pkg import loader\n\n\ndef test_unpacked():\n"
            "    assert (loader.unpacked(), loader.itself()) == (1, 2)\n",
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    renames = {r["old_module"]: r for b in plan["batches"] for r in b["renames"]}
    found = sorted(
        (old, ref["line"], ref["kind"], ref["text"], ref["action"])
        for old, r in renames.items()
        for ref in r["references"]
        if ref["kind"] in ("import-attribute", "bound-attribute", "handed-import") and old != "pkg.loader"
    )
    assert found == [
        ("pkg.m1", 8, "import-attribute", "m1", "rewrite"),
        *(("pkg.m1", line, "handed-import", "m1", "follow-up") for line in (13, 20, 24, 33)),
        *(("pkg.m7", line, "handed-import", "m7", "follow-up") for line in (13, 20, 24, 33)),
    ]
    new = {old: renames[old]["new_module"].rpartition(".")[2] for old in ("pkg.m1", "pkg.m7")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert after == (
        HANDED.replace("pkg.m1", f"pkg.{new['pkg.m1']}")
        .replace("pkg.m7", f"pkg.{new['pkg.m7']}")
        .replace("a.m1.V", f"a.{new['pkg.m1']}.V")
    )
    assert own_suite(repo).startswith("1 passed")  # the handed-on reads are left, for the person the plan names
