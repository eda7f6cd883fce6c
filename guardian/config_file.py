"""Find and read the configuration: ``guardian.toml``, or ``[tool.guardian]`` in ``pyproject.toml``.

A file that leads outside the repository or is a hard link is refused unread; invalid TOML is one
:class:`ConfigError` naming the line. Its keys are checked by ``guardian/config_keys.py``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

from failures import too_long
from guardian.config_keys import HARD_LINK_HINT, TableReader, hard_link_problem
from guardian.errors import ConfigError
from planner.checkout_files import MAX_FILE_BYTES, hard_link, inside, real_root, too_large
from planner.config import Config, layout_roots
from planner.pytest_files import read_python_files


def find_config_file(root: Path, explicit: Path | None = None) -> tuple[Path, bool] | None:
    """Return ``(path, is_pyproject)`` of the configuration in force, or None for defaults.

    ``guardian.toml`` wins over ``pyproject.toml``; a pyproject without ``[tool.guardian]`` is ignored.
    """
    if explicit is not None:
        return explicit, explicit.name == "pyproject.toml"
    own = root / "guardian.toml"
    if own.is_file():
        return own, False
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        if too_large(pyproject) is not None:
            return pyproject, True  # refused, naming it, when it is read
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return pyproject, True
        if re.search(r"^\s*\[\s*tool\.guardian\b", text, re.MULTILINE):
            return pyproject, True
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Load the configuration of the repository at ``root``, with the test module names of its
    pytest configuration (``python_files``, planner/pytest_files.py).

    Raises:
        ConfigError: the file cannot be read or parsed, or holds an unknown key or a bad value.
        InputError: the pytest configuration cannot be read or parsed.
    """
    config = _load_config(root, explicit)
    patterns, source = read_python_files(root)
    return dataclasses.replace(config, python_files=patterns, python_files_source=source)


def _load_config(root: Path, explicit: Path | None) -> Config:
    found = find_config_file(root, explicit)
    if found is None:
        return Config(root=root, source_roots=layout_roots(root))
    path, is_pyproject = found
    shown = _display(path, root)
    if explicit is None and not inside(path, real_root(root)):  # `guardian.toml -> ~/...`: not the checkout's
        raise ConfigError(shown, None, "leads outside the repository (a symlink)", hint="make it a real file")
    names = hard_link(path) if explicit is None else None
    if names is not None:  # the same file as one elsewhere (a tarball's link to ~/...): not read, not quoted
        raise ConfigError(shown, None, hard_link_problem(names), hint=HARD_LINK_HINT)
    if too_large(path) is not None:  # a sparse file of gigabytes would be read whole: MemoryError, exit 1
        raise ConfigError(
            shown, None, f"larger than {MAX_FILE_BYTES} bytes", hint="a configuration file is a few kilobytes: check it"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, None, "no such configuration file", hint="check --config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, None, f"cannot read: {exc}", hint="the file must be UTF-8 TOML") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ConfigError(
            shown, None, f"invalid TOML: {_strip_location(str(exc))}", line=line, hint="fix the syntax at that line"
        ) from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int conversion limit)
        raise ConfigError(shown, None, too_long(exc), hint="shorten that number") from None
    if is_pyproject:
        table = data.get("tool", {}).get("guardian")
        prefix = "tool.guardian."
        if table is None:
            if explicit is not None:
                raise ConfigError(
                    shown,
                    "[tool.guardian]",
                    "table not found",
                    hint="add a [tool.guardian] table or run `guardian init`",
                )
            return Config(root=root, source_roots=layout_roots(root))
    else:
        table = data
        prefix = ""
    return TableReader(root, shown, text, prefix).config(table)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _toml_error_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def _strip_location(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
