"""Finding 8: inputs that made Guardian hang or crash (exit 1) end quickly, in a finding or a clear error."""

from __future__ import annotations

import re
import time
from pathlib import Path

from attack_helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.globs import LinearGlob, _glob_regex, compile_glob, first_match
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
    (checkout / "schema.sql").write_text("CREATE TABLE t (x int CHECK (" + "(" * 3000 + "x > 0" + ")" * 3000 + "));\n")
    with (checkout / "guardian.toml").open("a") as config:
        config.write('[database]\nschema = "schema.sql"\n')
    code, _, err = run(checkout, "assess", "--no-baseline")
    assert code == 2 and "schema.sql:1" in err and "nested too deeply" in err


def test_a_malformed_dsn_is_a_usage_error_that_hides_the_password(checkout: Path) -> None:
    # an unclosed IPv6 bracket made urllib raise ValueError: assess exited 1, "a bug" (found by a review)
    code, _, err = run(checkout, "assess", "--no-baseline", "--dsn", "postgresql://u:Sup3rS3cret@[::1:1/db")
    assert code == 2, err
    assert "--dsn" in err and "Sup3rS3cret" not in err
