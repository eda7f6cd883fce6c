"""Output for people: tables that fit the terminal, wrapped lists, colour and a pager.

Every command's readable output goes through these helpers (``--json`` carries the full data):

* :func:`table` aligns columns and, when the output has a width (a terminal, or ``COLUMNS``),
  shrinks the widest columns and ends a cut cell with ``…``;
* :func:`bullets` wraps list lines under a two-space indent;
* :func:`style` colours text only on a terminal and never when ``NO_COLOR`` is set
  (https://no-color.org); :func:`colour_diff` colours a unified diff;
* :func:`page` sends long text through ``$PAGER`` (``less -R`` style) on a terminal, unless told not to.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import click

from rollback.programs import program, trusted_program

ELLIPSIS = "…"
#: The narrowest a shrunk column gets (a cut cell keeps at least this many characters).
MIN_COLUMN = 6


def output_width(stream: Any = None) -> int | None:
    """The width to fit: ``COLUMNS`` when set, else the terminal's; None (no limit) when piped."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout if stream is None else stream
    try:
        if stream.isatty():
            return shutil.get_terminal_size().columns
    except (AttributeError, ValueError, OSError):
        pass
    return None


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, ending in ``…`` when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + ELLIPSIS if width > 0 else ""


def _fit_widths(natural: list[int], headers: Sequence[str], width: int, gap: int) -> list[int] | None:
    """Column widths within ``width``, the widest columns cut first; None when that would leave a column
    too narrow to read (under 20 characters and under 40% of its content), where records read better."""
    widths = list(natural)
    floors = [min(n, max(MIN_COLUMN, len(h))) for n, h in zip(natural, headers)]
    excess = sum(widths) + gap * (len(widths) - 1) - width
    # the last column is the free text (reason, risks, hint): it gives first, down to 20 characters
    last = len(widths) - 1
    give = min(max(excess, 0), max(widths[last] - max(floors[last], 20), 0))
    widths[last] -= give
    excess -= give
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], i))
        second = max((widths[i] for i in shrinkable if i != widest), default=floors[widest])
        step = max(1, min(excess, widths[widest] - max(second, floors[widest])))
        widths[widest] -= step
        excess -= step
    if any(w < n and w < 20 and w < 0.4 * n for w, n in zip(widths, natural)):
        return None
    return widths


def _records(headers: Sequence[str], rows: list[list[str]], natural: list[int], width: int) -> str:
    """Each row as a block: the leading columns that fit on one line, then ``header: value`` pairs, as many
    to a line as fit."""
    lead, used = 0, 0
    while lead < len(headers) and used + natural[lead] + (2 if lead else 0) <= max(width - 10, natural[0]):
        used += natural[lead] + (2 if lead else 0)
        lead += 1
    lead = max(lead, 1)
    blocks = []
    if lead > 1:  # the leading columns keep their titles
        blocks.append(cut("  ".join(h.ljust(natural[i]) for i, h in enumerate(headers[:lead])).rstrip(), width))
        blocks.append(cut("  ".join("-" * natural[i] for i in range(lead)), width))
    for row in rows:
        first = "  ".join(cut(c, natural[i]).ljust(natural[i]) for i, c in enumerate(row[:lead])).rstrip()
        lines = [cut(first, width)]
        pairs = [f"{h}: {c}" for h, c in zip(headers[lead:], row[lead:]) if c]
        current = ""
        for pair in pairs:  # as many `header: value` pairs on a line as fit
            if current and len(current) + 2 + len(pair) > width:
                lines.append(cut(current, width))
                current = ""
            current = f"{current}  {pair}" if current else f"    {pair}"
        if current:
            lines.append(cut(current, width))
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, width: int | None = -1) -> str:
    """A plain aligned text table (no borders: it pastes well into terminals and logs).

    Args:
        headers: the column titles.
        rows: the cells (None prints empty).
        width: the width to fit; ``-1`` (default) means :func:`output_width`; None never cuts.

    Returns:
        The table's lines joined by newlines. Too wide for ``width``: the widest columns are cut
        (a cut cell ends in ``…``; ``--json`` has the whole value), or, when that would leave a column
        unreadable, each row becomes a block of ``header: value`` lines.
    """
    text_rows = [[printable(("" if cell is None else str(cell)).replace("\n", " ")) for cell in row] for row in rows]
    natural = [len(h) for h in headers]
    for row in text_rows:
        for i, cell in enumerate(row):
            natural[i] = max(natural[i], len(cell))
    limit = output_width() if width == -1 else width
    widths = natural if limit is None else _fit_widths(natural, headers, limit, 2)
    if widths is None:
        assert limit is not None
        return _records(headers, text_rows, natural, limit)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cut(c, w).ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in text_rows)])


def bullets(lines: Iterable[str], *, indent: str = "  ", width: int | None = -1) -> str:
    """List lines under ``indent``, each wrapped to the width (continuations indented further)."""
    limit = output_width() if width == -1 else width
    out = []
    for line in lines:
        text = printable(line)  # names from a checkout's schema or tree: never the terminal's controls
        if limit is None or len(indent) + len(text) <= limit:
            out.append(indent + text)
        else:
            out.append(
                textwrap.fill(
                    text,
                    width=max(limit, 40),
                    initial_indent=indent,
                    subsequent_indent=indent + "    ",
                    break_on_hyphens=False,
                    break_long_words=True,
                )
            )
    return "\n".join(out)


def colour_enabled(stream: Any = None) -> bool:
    """Colour on a terminal, never with ``NO_COLOR`` set (to anything), never when piped."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def style(text: str, *, err: bool = False, **styles: Any) -> str:
    """``click.style(text, **styles)`` when colour is on for stdout (or stderr with ``err``), else ``text``."""
    return click.style(text, **styles) if colour_enabled(sys.stderr if err else None) else text


#: C0 controls, DEL and C1 controls except tab, newline and carriage return (CRLF files): a checkout's file may hold
#: terminal escape sequences (clear the screen, write the clipboard through OSC 52) that a diff would otherwise replay.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
#: The same for one line of text (a table cell, a journal entry's field): every control character.
_LINE_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}


def on_terminal(text: str) -> str:
    """``text`` (lines of a file, generated SQL) with control characters escaped as in a diff when
    stdout is a terminal; unchanged when it goes to a file or a pipe, where the bytes must be exact."""
    return text.translate(_CONTROLS) if sys.stdout.isatty() else text


def printable(text: str) -> str:
    """``text`` for one line of a terminal: every control character shown as ``\\xNN``, so text a
    checkout wrote (a journal entry's description) cannot drive the terminal it is shown on."""
    return text.translate(_LINE_CONTROLS)


def colour_diff(patch: str, enabled: bool) -> str:
    """A unified diff with added lines green, removed red, hunk headers cyan, file headers bold.

    Control characters of the files' text (escape sequences included) are shown as ``\\xNN`` escapes
    on a terminal, so a checkout's content cannot drive the user's terminal.
    """
    if enabled or sys.stdout.isatty():
        patch = patch.translate(_CONTROLS)
    if not enabled:
        return patch
    out = []
    for text in patch.splitlines(keepends=True):
        body, end = (text[:-1], "\n") if text.endswith("\n") else (text, "")
        if text.startswith(("+++", "---", "diff --git", "rename from", "rename to", "similarity index")):
            out.append(click.style(body, bold=True) + end)
        elif text.startswith("@@"):
            out.append(click.style(body, fg="cyan") + end)
        elif text.startswith("+"):
            out.append(click.style(body, fg="green") + end)
        elif text.startswith("-"):
            out.append(click.style(body, fg="red") + end)
        else:
            out.append(text)
    return "".join(out)


def page(text: str, *, pager: bool = True) -> None:
    """Print ``text``; through the pager (:func:`pager_argv`) when stdout is a terminal, ``pager`` is on
    and the text is taller than the terminal."""
    height = shutil.get_terminal_size().lines
    tall = text.count("\n") + 1 > max(height - 2, 1)
    argv = pager_argv() if pager and tall and sys.stdout.isatty() and sys.stdin.isatty() else None
    if argv is None:
        click.echo(text, nl=not text.endswith("\n"), color=colour_enabled())
        return
    colour = colour_enabled()
    env = dict(os.environ)
    if os.path.basename(argv[0]) == "less":
        env.setdefault("LESS", "FRX" if colour else "FX")  # quit when it fits, keep colours, no clearing
    body = text if colour else click.unstyle(text)
    try:
        subprocess.run(argv, input=body.encode(errors="replace"), env=env, check=False)
    except (OSError, KeyboardInterrupt):
        pass  # the pager could not start or was interrupted: the text is only for reading


def pager_argv() -> list[str] | None:
    """The pager's command: ``$PAGER`` (split as a shell would), else ``less``, else ``more``.

    Its program is an absolute path as given, or is found on the absolute ``PATH`` entries only
    (:func:`rollback.programs.program`): a relative entry (``node_modules/.bin``, ``.``, an empty one)
    resolves in the repository, and a ``less`` the checkout ships would run (issue 11). ``None``
    (print without a pager) when there is no such program.
    """
    try:
        chosen = shlex.split(os.environ.get("PAGER", ""))
    except ValueError:
        chosen = []
    for command in [chosen] if chosen else [["less"], ["more"]]:
        name = command[0]
        if os.path.isabs(name):  # the user's own choice, unless it is a program of the checkout
            return command if trusted_program(name) and os.access(name, os.X_OK) else None
        if os.sep in name:  # ./pager, bin/less: relative to the repository
            return None
        try:
            return [program(name), *command[1:]]
        except FileNotFoundError:
            continue
    return None
