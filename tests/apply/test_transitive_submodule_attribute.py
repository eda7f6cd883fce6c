"""A submodule its package loads through another submodule keeps its old attribute (issue 13, asttokens).

``asttokens/__init__.py`` imports ``.asttokens``, which imports ``.util``; so ``import asttokens`` makes
``asttokens.util`` an attribute of the package, and asttokens' tests use it through a module that
re-exports the package (``from .context import asttokens``; ``asttokens.util.walk(...)``). After the
rename ``asttokens.util`` raised ``AttributeError`` and the proof rolled the batch back. Such a use is a
``submodule-attribute`` reference now, and the package binds the old name at the end of its ``__init__``.
One batch each: the binding of batch 1 is an import edge of the package that batch 2 must keep (docutils'
batch 3 was rolled back for a "lost import edge" to its ``tableparser``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
batch_size = 1
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
USE = "from tests.context import pkg\n\n\ndef twice():\n    return pkg.helpers.twice(2)\n"


def test_the_attribute_set_by_a_transitive_import_survives(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("from .core import run\n")
    (repo / "pkg/core.py").write_text("from .helpers import twice\n\n\ndef run(x):\n    return twice(x)\n")
    (repo / "pkg/helpers.py").write_text("def twice(x):\n    return 2 * x\n")
    (repo / "tests/__init__.py").write_text("")
    (repo / "tests/context.py").write_text("import pkg\n")
    (repo / "tests/use.py").write_text(USE)
    committed(repo)
    original = snapshot(repo)

    def twice(code: str = "from tests.use import twice; print(twice())") -> str:
        return subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True).stdout

    old_attribute = "import pkg; print(pkg.helpers.twice(2))"  # what any user of the package may write
    assert twice() == twice(old_attribute) == "4\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [helpers] = [r for r in plan_renames(plan) if r["old"] == "pkg/helpers.py"]
    assert [(r["path"], r["kind"]) for r in helpers["references"]] == [("tests/use.py", "submodule-attribute")]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = helpers["new_module"].rpartition(".")[2]
    assert (repo / "tests/use.py").read_text() == USE.replace("helpers", new)  # Rope's rewrite of the checkout
    assert twice() == twice(old_attribute) == "4\n"  # the old attribute, kept by the package
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_submodule_named_like_its_package_through_a_from_import(cli: Invoke, tmp_path: Path) -> None:
    """urllib3: ``contrib/pyopenssl.py`` does ``from .. import util`` and calls ``util.util.to_bytes(...)``;
    ``urllib3.util`` binds its ``util`` submodule only because ``util/ssl_.py`` imports it. Renaming
    ``urllib3.util.util`` masks the local ``util`` (a binding named like the renamed module, the package,
    which Rope must not rename), so Rope left ``util.util`` as it was, and with no binding of the old name
    249 of urllib3's tests failed with ``AttributeError: module 'urllib3.util' has no attribute 'util'``."""
    repo = tmp_path / "repo"
    for folder in ("pkg/util", "pkg/contrib"):
        (repo / folder).mkdir(parents=True)
    (repo / "guardian.toml").write_text('exempt = ["**/__init__.py", "pkg/contrib/**"]\n\n[workflows]\n"pkg/**" = 1\n')
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/util/__init__.py").write_text("from .ssl_ import wrap\n")
    (repo / "pkg/util/ssl_.py").write_text("from .util import to_bytes\n\n\ndef wrap(x):\n    return to_bytes(x)\n")
    (repo / "pkg/util/util.py").write_text("def to_bytes(x):\n    return x.encode()\n")
    (repo / "pkg/contrib/__init__.py").write_text("")
    (repo / "pkg/contrib/tls.py").write_text(
        "from .. import util\n\n\ndef alpn(p):\n    return util.util.to_bytes(p)\n"
    )
    committed(repo)
    original = snapshot(repo)
    code = "from pkg.contrib.tls import alpn; print(alpn('h2'))"

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr.strip().rpartition("\n")[2]

    assert run() == "b'h2'\n"
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/util/util.py").exists()
    assert run() == "b'h2'\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
