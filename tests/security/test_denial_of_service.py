"""Finding 8: inputs that made Guardian hang or crash (exit 1) end quickly, in a finding or a clear error."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from attack_helpers import git, run, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from codemods.cst_source import parse_cst
from planner.globs import LinearGlob, _glob_regex, compile_glob, first_match
from planner.python_source import Unparsable
from planner.read_facts import extract
from rollback import Journal, Write


def test_repeated_double_star_glob_on_a_deep_path_is_fast(checkout: Path) -> None:
    deep = "src/pkg/" + "/".join(f"d{i}" for i in range(25))
    (checkout / deep).mkdir(parents=True)
    (checkout / deep / "__init__.py").write_text("")
    for i in range(25):
        (checkout / "src/pkg" / "/".join(f"d{j}" for j in range(i + 1)) / "__init__.py").write_text("")
    glob = "**/" * 18 + "nothing.py"
    (checkout / "guardian.toml").write_text(
        f'source_roots = ["src"]\npattern = "{{name}}"\nexempt = ["{glob}"]\n[workflows]\n"src/pkg/**" = 1\n'
    )
    start = time.monotonic()
    code, _, err = run(checkout, "plan")
    assert code == 0, err
    assert time.monotonic() - start < 30
    path = deep + "/x.py"
    start = time.monotonic()
    assert not compile_glob("**/a/" * 18 + "b.py").match("a/" * 40 + "c.py")
    assert not compile_glob("*a" * 30 + "b").match("a" * 200)
    assert first_match(path, ((glob, 1), ("**/a/" * 12 + "b", 2))) is None
    assert time.monotonic() - start < 2


_parts = st.sampled_from(["a", "b", "ab", "*", "**", "?", "[ab]", "[!a]", "/", "**/", "."])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_parts, max_size=8).map("".join),
    st.lists(st.sampled_from(["a", "b", "/", "ab", "."]), max_size=10).map("".join),
)
def test_the_linear_matcher_means_what_the_regex_means(pattern: str, path: str) -> None:
    assert LinearGlob(pattern).match(path) == bool(re.compile(_glob_regex(pattern)).match(path)), (pattern, path)


def test_a_deep_manifest_does_not_break_journal_or_recover(checkout: Path) -> None:
    Journal(checkout).apply("good", [Write("src/pkg/c.py", b"")])
    entry = checkout / ".guardian/journal/deep"
    entry.mkdir(parents=True)
    (entry / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run(checkout, "journal")
    assert code == 0 and "good" in out and ".guardian/journal/deep/manifest.json" in err and "nested too deeply" in err
    for command in (["recover"], ["status"]):
        code, _, err = run(checkout, *command)
        assert code in (0, 2) and "manifest.json" in err and "nested too deeply" in err, (command, err)


def test_a_huge_expression_is_a_finding_not_a_crash(checkout: Path) -> None:
    (checkout / "src/pkg/big.py").write_text("X = " + " + ".join(["1"] * 30_000) + "\n")
    (checkout / "src/pkg/nested.py").write_text("X = " + "(" * 5_000 + "1" + ")" * 5_000 + "\n")
    code, out, err = run(checkout, "--json", "assess", "--no-baseline")
    assert code == 0, err
    assert "Traceback" not in err


def test_a_long_elif_chain_is_a_finding_not_an_internal_error(checkout: Path) -> None:
    # 20,000 elifs: CPython's parser raises MemoryError (found by a review: assess exited 1, "a bug")
    chain = "if x == 0:\n    y = 0\n" + "".join(f"elif x == {i}:\n    y = {i}\n" for i in range(1, 20_000))
    (checkout / "src/pkg/chain.py").write_text("x = 1\n" + chain)
    (checkout / "schema.sql").write_text("CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE t (m mood);\n")
    config = checkout / "guardian.toml"  # with a schema, assess also reads the code's enums
    config.write_text(config.read_text() + '[database]\nschema = ["schema.sql"]\ndialect = "postgres"\n')
    code, out, err = run(checkout, "--json", "assess", "--no-baseline")
    assert code == 0, err
    assert "chain.py" in out


def test_a_deep_ddl_check_is_a_clear_error(checkout: Path) -> None:
    """Never exit 1 (a bug): the pure-Python SQLGlot runs out of recursion (a clear error naming the
    file and line, exit 2); its compiled build (the default where it has wheels) may read it whole."""
    (checkout / "schema.sql").write_text("CREATE TABLE t (x int CHECK (" + "(" * 3000 + "x > 0" + ")" * 3000 + "));\n")
    with (checkout / "guardian.toml").open("a") as config:
        config.write('[database]\nschema = "schema.sql"\n')
    code, _, err = run(checkout, "assess", "--no-baseline")
    assert code in (0, 2), err
    if code == 2:
        assert "schema.sql:1" in err and "nested too deeply" in err


def test_a_malformed_dsn_is_a_usage_error_that_hides_the_password(checkout: Path) -> None:
    # an unclosed IPv6 bracket made urllib raise ValueError: assess exited 1, "a bug" (found by a review)
    code, _, err = run(checkout, "assess", "--no-baseline", "--dsn", "postgresql://u:Sup3rS3cret@[::1:1/db")
    assert code == 2, err
    assert "--dsn" in err and "Sup3rS3cret" not in err


_HOSTILE = {
    # CPython's parser gives up (RecursionError / MemoryError): a syntax-error finding, skipped by apply
    "huge_sum.py": "import pkg.b\nX = " + " + ".join(['"pkg.b"'] * 30_000) + "\n",
    "huge_chain.py": "import pkg.b\nX = pkg.b" + ".b" * 30_000 + "\n",
    # libcst's native parser crashes the process on these (CPython refuses them at 200)
    "huge_parens.py": "import pkg.b\nX = " + "(" * 2_000 + '"pkg.b"' + ")" * 2_000 + "\n",
}


@pytest.fixture
def hostile(checkout: Path) -> Path:
    """A renaming checkout holding, beside its modules, files no reader can walk, each importing the
    module being renamed (so the batch has to touch them) and naming it in a string."""
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n'
        'exempt = ["**/__init__.py", "src/pkg/huge_*.py"]\n[workflows]\n"src/pkg/**" = 1\n'
    )
    for name, text in _HOSTILE.items():
        (checkout / "src/pkg" / name).write_text(text)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "hostile")
    return checkout


def test_files_too_deep_to_parse_are_findings_and_the_rest_is_assessed_planned_and_applied(hostile: Path) -> None:
    code, out, err = run(hostile, "--json", "assess", "--no-baseline")
    assert code == 0, err
    assert "huge_sum.py" in out and "huge_chain.py" in out and "nested too deeply" in out
    assert "src/pkg/b.py" in out or "pkg.b" in out  # the rest of the repository was read
    code, out, err = run(hostile, "plan")
    assert code == 0, err
    assert "WF1_b.py" in out
    code, out, err = run(hostile, "apply", "--all", "--no-tests")
    assert code == 0, err
    assert (hostile / "src/pkg/WF1_b.py").exists() and not (hostile / "src/pkg/b.py").exists()
    for name, text in _HOSTILE.items():  # not Python CPython can run: left exactly as it was
        assert (hostile / "src/pkg" / name).read_text() == text


def test_a_file_too_deep_to_rewrite_is_a_per_file_error_naming_it(hostile: Path) -> None:
    """2,000 terms: CPython parses it, but every recursive walk after the parse (libcst's visitors and
    code generator, ast.unparse) hits the recursion limit; apply exited 2 ("an input is nested too
    deeply") without saying which file."""
    deep = "import pkg.b\nX = pkg.b" + ".b" * 2_000 + "\nY = " + " + ".join(['"pkg.b"'] * 2_000) + "\n"
    (hostile / "src/pkg/huge_deep.py").write_text(deep)
    git(hostile, "add", "-A")
    git(hostile, "commit", "-q", "-m", "deep")
    code, out, err = run(hostile, "--json", "assess", "--no-baseline")
    assert code == 0, err
    code, _, err = run(hostile, "plan")
    assert code == 0, err
    before = snapshot(hostile / "src")
    code, _, err = run(hostile, "apply", "--all", "--no-tests")
    assert code == 3, err
    assert "src/pkg/huge_deep.py" in err and "nested too deeply" in err
    assert snapshot(hostile / "src") == before


@pytest.mark.parametrize("head", ["", "type Alias = int  # newer syntax: CPython 3.11 stops here\n"])
def test_libcst_is_never_given_brackets_that_crash_it(head: str) -> None:
    """libcst's native parser overflows its stack (SIGSEGV: the whole apply dies) on 2,000 nested
    brackets; a file starting with syntax the running CPython does not know must not slip past."""
    source = head + "X = " + "(" * 2_000 + '"pkg.b"' + ")" * 2_000 + "\n"
    with pytest.raises(Unparsable):
        parse_cst(source, "deep.py")
    assert parse_cst(head + "X = ((1))\n", "ok.py").code == head + "X = ((1))\n"


def test_a_long_elif_chain_cpython_compiles_is_read_not_a_finding() -> None:
    """900 elifs parse and compile; walked by recursion they reached the recursion limit, and the
    file, ordinary Python, became a 'nested too deeply' finding that blocks the plan."""
    source = "if x == 0:\n    pass\n" + "".join(f"elif x == {i}:\n    import pkg.m{i}\n" for i in range(1, 900))
    facts = extract(source + "else:\n    import pkg.last\n", "src/pkg/dispatch.py")
    assert facts.syntax_error is None
    assert [i.module for i in facts.imports] == [f"pkg.m{i}" for i in range(1, 900)] + ["pkg.last"]
    assert all(i.conditional for i in facts.imports)
