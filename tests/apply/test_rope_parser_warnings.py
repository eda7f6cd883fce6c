"""Rope's parser warnings stay out of apply's output (issue 13, pylint 4.1.5).

Rope's ``patchedast`` warns ``RuntimeWarning: Unexpected character in MatchSequence's closing_paren ...; please
report`` for a sequence pattern over several lines that ends with a comma (pylint's checkers: ``case [`` ...
``*_,`` ``]:``), and goes on. ``apply`` printed each such warning, with Rope's own source line, among its
results: 27 on pylint, a message for Rope's authors that a user of Guardian can do nothing about. The file is
renamed as any other (the libcst pass and the graph verification check its imports).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
USER = """\
from pkg import mod


def pick(args):
    match args:
        case [
            int(),
            str(),
        ]:
            return mod.VALUE
    return 0
"""


def test_a_sequence_pattern_ending_with_a_comma_prints_no_rope_warning(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/mod.py": "VALUE = 3\n", "pkg/user.py": USER}
    )
    committed(repo)
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    with warnings.catch_warnings(record=True) as caught:  # in this process: --jobs 1
        warnings.simplefilter("always")
        result = cli(repo, "apply", "--all", "--no-tests", "--jobs", "1")
    assert [str(w.message)[:40] for w in caught if issubclass(w.category, RuntimeWarning)] == []
    assert "RuntimeWarning" not in result.output
    [mod] = [p.stem for p in (repo / "pkg").glob("WF1_*_mod.py")]
    [user] = [p.read_text() for p in (repo / "pkg").glob("WF1_*_user.py")]
    assert user == USER.replace("from pkg import mod", f"from pkg import {mod} as mod")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
