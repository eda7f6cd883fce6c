"""A module whose name is not ASCII is renamed with its importers (breaker finding 11).

``pkg/modulé.py`` is a valid module (PEP 3131), but the workspace's prefilter, which hands Rope only the files
naming a module, took a word to be ``[A-Za-z_][A-Za-z0-9_]*``: ``modulé`` was no word, no file was found to
hold it, its importer was left as it was, and apply's verification rolled the batch back (exit 3) although
the plan had promised the rename. Non-ASCII letters (UTF-8 bytes 0x80 and above) are now part of a word.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
USER = "from pkg.modulé import f\nimport pkg.modulé\n\n\ndef g():\n    return f() + pkg.modulé.f()\n"
SUITE = "from pkg.user import g\n\n\ndef test_g():\n    assert g() == 'unicode'\n"


def test_a_non_ascii_module_and_its_importers_are_renamed(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/modulé.py": "def f():\n    return 'uni'\n",
            "pkg/user.py": USER.replace("f() + pkg.modulé.f()", "f() + pkg.modulé.f()[:0] + 'code'"),
            "tests/test_user.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    [new] = [p.stem for p in (repo / "pkg").glob("WF1_*_modulé.py")]
    [user] = (repo / "pkg").glob("WF1_*_user.py")
    expected = USER.replace("f() + pkg.modulé.f()", "f() + pkg.modulé.f()[:0] + 'code'").replace("modulé", new)
    assert user.read_text(encoding="utf-8") == expected
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
