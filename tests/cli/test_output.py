"""Issue 14, findings 6 and 7: output for people.

6. A closed gate is one short warning per command (none under ``-q``); ``assess`` is compact (the pattern
   said once, no raw dict for the drift).
7. Tables fit the width (cut with ``…``, or one block per row); the progress bar's line is finished
   before anything else prints; ``review`` colours its diff on a terminal (never with ``NO_COLOR``) and
   pages a long one through ``$PAGER`` (never with ``--no-pager``).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

from guardian.render import bullets, colour_diff, cut, table

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def guardian(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guardian", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
        env={**os.environ, **env},
    )


def in_terminal(cwd: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run guardian with stdin, stdout and stderr on a pseudo-terminal of 80x24; its raw output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-m", "guardian", *args],
        cwd=cwd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**environment, "TERM": "xterm", **env},
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    try:
        while select.select([master], [], [], 300)[0]:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        code = process.wait(timeout=60)
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def visible_lines(raw: str) -> list[str]:
    """What a terminal shows: per line, the text after the last carriage return, without escapes."""
    return [ANSI.sub("", line.rsplit("\r", 1)[-1]) for line in raw.replace("\r\n", "\n").split("\n")]


# -- the renderer ------------------------------------------------------------------------------------
def test_table_fits_the_width_cutting_the_widest_column() -> None:
    rows = [("src/shop/core/money.py", "WF4_V7_L1_5of7_money.py", 20, "string-reference, config-reference, public")]
    text = table(("old", "new", "importers", "risks"), rows, width=80)
    assert max(map(len, text.splitlines())) <= 80
    assert "src/shop/core/money.py" in text and "WF4_V7_L1_5of7_money.py" in text  # short columns whole
    assert text.splitlines()[2].endswith("  string-reference, c…")  # the free text gives first
    assert table(("a", "b"), [("x" * 100, "y")], width=None).splitlines()[2].startswith("x" * 100)  # piped: whole


def test_a_table_too_wide_to_cut_becomes_one_block_per_row() -> None:
    rows = [
        (
            "unknown-label",
            "src/shop/orders/repository.py:94",
            "UPDATE orders SET status = 'refunded' WHERE id = %s",
            "orders.status (order_status) allows 'pending', 'paid'",
            "add it: ALTER TYPE order_status ADD VALUE",
        )
    ]
    text = table(("kind", "where", "code", "database has", "hint"), rows, width=60)
    assert text.splitlines() == [
        "kind           where",
        "-------------  --------------------------------",
        "unknown-label  src/shop/orders/repository.py:94",
        "    code: UPDATE orders SET status = 'refunded' WHERE id = …",
        "    database has: orders.status (order_status) allows 'pend…",
        "    hint: add it: ALTER TYPE order_status ADD VALUE",
    ]


def test_cut_bullets_and_colour() -> None:
    assert cut("abcdef", 4) == "abc…" and cut("abc", 4) == "abc"
    assert bullets(["a " * 30], width=40).splitlines()[1].startswith("      a")
    assert colour_diff("+x\n-y\n z\n", True) == "\x1b[32m+x\x1b[0m\n\x1b[31m-y\x1b[0m\n z\n"
    assert colour_diff("+x\n", False) == "+x\n"


# -- finding 6 -----------------------------------------------------------------------------------------
def test_closed_gates_are_one_short_warning_and_none_under_quiet(sample_copy: Path) -> None:
    run = guardian(sample_copy, "enums", "sql")  # gates 1->2 (no assessment), 2->3 and 3->4 (no plan) closed
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and len(warnings[0]) <= 160, warnings
    assert "gates 1->2, 2->3, 3->4 are closed (`guardian gate` says why)" in warnings[0]
    quiet = guardian(sample_copy, "enums", "sql", "-q")
    assert quiet.returncode == 0 and "warning" not in quiet.stderr


def test_assess_is_compact_and_fits_80_columns(sample_copy: Path) -> None:
    run = guardian(sample_copy, "assess", "--no-baseline", COLUMNS="80")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(map(len, lines)) <= 80, max(lines, key=len)
    assert len(lines) <= 140
    assert run.stdout.count("WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}") == 1
    assert "{'" not in run.stdout  # no Python dict
    assert (
        "drift: src/shop/orders/models.py:12: shop.orders.models.OrderStatus ~ order_status: refunded not in"
        in " ".join(line.strip() for line in lines)
    )
    full = guardian(sample_copy, "assess", "--no-baseline", "--json")
    assert len(__import__("json").loads(full.stdout)["references"]) > 100  # --json keeps every reference


# -- finding 7 -----------------------------------------------------------------------------------------
def test_progress_bar_line_is_finished_before_a_batch_reports(sample_copy: Path) -> None:
    for role, who in (("Layer Guardian", "ana"), ("Test Sentinel", "ben")):
        assert guardian(sample_copy, "plan", "-q").returncode == 0
        assert guardian(sample_copy, "approve", "1", "--by", who, "--role", role, "-q").returncode == 0
    code, raw = in_terminal(sample_copy, "apply", "--batch", "1", "--no-tests")
    assert code == 0, raw[-3000:]
    assert "renaming" in raw  # the bar was drawn
    shown = visible_lines(raw)
    start = next(i for i, line in enumerate(shown) if line.startswith("Batch 1: 8 renames"))
    assert not [line for line in shown if "%" in line and "Batch" in line]
    assert shown[start + 1].split() == ["old", "new", "files", "kept", "local", "names", "libcst", "fixes"]
    assert max(len(line) for line in shown[start + 1 : start + 11]) <= 80  # the batch's table fits the terminal
    assert "Traceback" not in raw


def test_review_colours_and_pages_a_long_diff(sample_copy: Path, tmp_path: Path) -> None:
    assert guardian(sample_copy, "plan", "-q").returncode == 0
    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"  # a pager that keeps what it was given
    pager.write_text('#!/bin/sh\ncat > "$1"\n')
    pager.chmod(0o755)
    code, raw = in_terminal(sample_copy, "review", "1", PAGER=f"{pager} {paged}")
    assert code == 0, raw[-3000:]
    diff = paged.read_text()  # the long diff went through $PAGER, coloured
    assert "\x1b[32m+" in diff and "\x1b[31m-" in diff and "rename to src/shop/core/WF4_V7_L1_1of7_clock.py" in diff
    assert "rename to" not in raw
    paged.unlink()
    code, raw = in_terminal(sample_copy, "review", "1", "--no-pager", PAGER=f"{pager} {paged}", NO_COLOR="1")
    assert code == 0 and not paged.exists()
    assert "rename to src/shop/core/WF4_V7_L1_1of7_clock.py" in raw and "\x1b[32m" not in raw and "\x1b[31m" not in raw


def test_review_never_replays_a_checkouts_terminal_escapes(sample_copy: Path) -> None:
    """A file of the checkout holds escape sequences (clear the screen, OSC 52 writes the clipboard)
    beside a line the batch rewrites: on a terminal the diff shows them as text (found by a review)."""
    target = sample_copy / "src/shop/orders/service.py"
    hostile = "# \x1b[2J\x1b]52;c;cHduZWQ=\x07\n"
    target.write_text(
        target.read_text().replace("from shop.core import clock\n", hostile + "from shop.core import clock\n", 1)
    )
    assert guardian(sample_copy, "plan", "-q").returncode == 0
    code, raw = in_terminal(sample_copy, "review", "1", "--no-pager")
    assert code == 0, raw[-3000:]
    assert "\x1b[2J" not in raw and "\x1b]52" not in raw and "\x07" not in raw
    assert "\\x1b[2J" in raw  # shown, as text


def test_the_pager_is_never_found_on_a_relative_path_entry(sample_copy: Path, tmp_path: Path) -> None:
    """Issue 11, fourteenth review: with ``PATH=node_modules/.bin:...`` (a CI job's usual prefix) the
    pager was looked up over the whole ``PATH``, and the ``less`` a checkout ships ran and wrote
    outside the repository. The pager, like git, is found on absolute entries only; none here (an
    absolute entry holding only git), so the diff is printed as it is."""
    assert guardian(sample_copy, "plan", "-q").returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    shipped = sample_copy / "node_modules" / ".bin"
    shipped.mkdir(parents=True)
    (shipped / "less").write_text(f'#!/bin/sh\necho ran > "{outside}/PWNED"\ncat > /dev/null\n')
    (shipped / "less").chmod(0o755)
    tools = tmp_path / "bin"  # git, and no pager, on the one absolute entry
    tools.mkdir()
    (tools / "git").symlink_to(shutil.which("git") or "git")
    code, raw = in_terminal(sample_copy, "--no-exec", "review", "1", PATH=f"node_modules/.bin:{tools}", PAGER="")
    assert code == 0, raw[-3000:]
    assert not (outside / "PWNED").exists()
    assert "rename to src/shop/core/WF4_V7_L1_1of7_clock.py" in raw  # printed without a pager
