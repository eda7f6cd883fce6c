"""The file names pytest collects as test modules: ``python_files`` of the checkout's pytest configuration.

pytest finds a test module by its file name (``test_*.py`` or ``*_test.py`` unless ``python_files``
says otherwise), so a test module renamed to ``WF1_..._test_curried.py`` is silently no longer
collected, and a compatibility shim left at its old path is collected instead ("import file
mismatch"). Such modules keep their names, as ``conftest.py`` does (``planner.config.FIXED_NAMES``).

The patterns are read as data, never executed, from the file pytest itself would use at the
repository root, in pytest's order: ``pytest.toml``, ``.pytest.toml`` (``[pytest]``), ``pytest.ini``,
``.pytest.ini`` (``[pytest]``; these four are used even when they hold no setting),
``pyproject.toml`` (``[tool.pytest]`` or ``[tool.pytest.ini_options]``), ``tox.ini`` (``[pytest]``),
``setup.cfg`` (``[tool:pytest]``). A file pytest would refuse (bad syntax, a value of the wrong type,
a symlink leading outside the repository) is an :class:`InputError`: pytest would not run either.

``testpaths`` is not read: a pattern names test modules wherever they are, as pytest matches them
in any directory a test command names; keeping a name is listed in the plan, losing a test is silent.
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
import shlex
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from failures import too_long
from planner.checkout_files import readable, real_root
from planner.config import DEFAULT_PYTHON_FILES
from planner.errors import InputError
from planner.redact import redact

__all__ = ["collected_by_pytest", "read_python_files", "read_pythonpath"]

#: (file name, format, table or section, used even without it): pytest's precedence.
_FILES = (
    ("pytest.toml", "toml", "pytest", True),
    (".pytest.toml", "toml", "pytest", True),
    ("pytest.ini", "ini", "pytest", True),
    (".pytest.ini", "ini", "pytest", True),
    ("pyproject.toml", "toml", "tool.pytest", False),
    ("tox.ini", "ini", "pytest", False),
    ("setup.cfg", "ini", "tool:pytest", False),
)
_HINT = "fix the file (pytest would refuse it too)"


def read_python_files(root: Path) -> tuple[tuple[str, ...], str | None]:
    """The ``python_files`` patterns of the checkout at ``root`` and where they come from.

    Returns:
        ``(patterns, source)``: ``source`` names the file and table (``"tox.ini [pytest]"``), None
        for pytest's defaults (no configuration file, or one without ``python_files``).

    Raises:
        InputError: the file pytest would use cannot be read or parsed, or ``python_files`` is not
            a list of strings (or, in an INI file, a shell-quoted string).
    """
    return _read_setting(root, "python_files", DEFAULT_PYTHON_FILES)


def read_pythonpath(root: Path) -> tuple[tuple[str, ...], str | None]:
    """pytest's ``pythonpath`` of the checkout at ``root`` (directories pytest puts on ``sys.path``, relative to
    the configuration file's directory: the root) and where it comes from; ``((), None)`` without one.

    Raises:
        InputError: as :func:`read_python_files`.
    """
    return _read_setting(root, "pythonpath", ())


def _read_setting(root: Path, key: str, default: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    repo = real_root(root)
    for name, kind, table, always in _FILES:
        path = root / name
        if not os.path.isfile(path):  # pytest skips a directory or a FIFO of that name too
            continue
        if not readable(path, repo):  # a symlink leading outside, a file of gigabytes
            raise InputError(name, "not a regular file inside the repository", hint="make it a real file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(name, f"cannot read: {exc}", hint=_HINT) from None
        found = _from_toml(name, text, key) if kind == "toml" else _from_ini(name, text, table, key)
        if found is None and not always:
            continue
        section, value = found or (table, None)
        if value is None:
            return default, None
        return _patterns(name, text, section, value, key), f"{name} [{section}]"
    return default, None


def _from_toml(name: str, text: str, key: str) -> tuple[str, Any] | None:
    """(table, raw value or None) of the pytest table of a TOML file, None without one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\s*\(at line (\d+), column \d+\)", str(exc))
        message = str(exc).replace(found.group(0), "") if found else str(exc)
        raise InputError(
            name, f"invalid TOML: {message}", line=int(found.group(1)) if found else None, hint=_HINT
        ) from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int conversion limit)
        raise InputError(name, too_long(exc), hint=_HINT) from None
    if name != "pyproject.toml":
        table = data.get("pytest")
        return ("pytest", table.get(key)) if isinstance(table, dict) else None
    tool = data.get("tool")
    pytest = tool.get("pytest") if isinstance(tool, dict) else None
    if not isinstance(pytest, dict):
        return None
    native = {k: v for k, v in pytest.items() if k != "ini_options"}
    if native:
        return "tool.pytest", native.get(key)
    options = pytest.get("ini_options")
    if not isinstance(options, dict):
        return None
    value = options.get(key)  # pytest reads a scalar here as its string, as an INI file's
    return "tool.pytest.ini_options", value if value is None or isinstance(value, list) else str(value)


#: configparser's option pattern (``.*?\s*(=|:)``) takes time quadratic in a run of spaces on a line
#: (a tox.ini line of a million spaces hung every command, review 19): longer runs, or an INI file
#: larger than this, are refused before it reads them. No pytest configuration comes near either.
_INI_LIMIT = 1 << 20
_INI_SPACES = re.compile(r"[^\S\n]{256}")


def _from_ini(name: str, text: str, section: str, key: str) -> tuple[str, Any] | None:
    if len(text) > _INI_LIMIT:
        raise InputError(name, f"larger than {_INI_LIMIT} characters", hint=_HINT)
    if spaces := _INI_SPACES.search(text):
        raise InputError(
            name,
            "holds a run of 256 or more spaces",
            line=text.count("\n", 0, spaces.start()) + 1,
            hint="remove them (configparser, which pytest reads this file with too, takes minutes over such a line)",
        )
    parser = configparser.ConfigParser(interpolation=None, strict=True, default_section="\0")
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # pytest's keys are case-sensitive
    try:
        parser.read_string(text, source=name)
    except configparser.Error as exc:
        line, problem = _ini_problem(exc)
        raise InputError(name, f"cannot parse: {problem}", line=line, hint=_HINT) from None
    if not parser.has_section(section):
        return None
    return section, parser.get(section, key, fallback=None)


def _ini_problem(exc: configparser.Error) -> tuple[int | None, str]:
    """(line, what is wrong) of a parse error, in one line."""
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return exc.lineno, "a setting before any [section]"
    if isinstance(exc, configparser.ParsingError):
        line, text = exc.errors[0]  # text: the line's repr, its newline escaped
        shown = _quoted(text.strip().replace("\\n", ""))
        return int(line), f"neither a [section], a key = value nor an indented continuation: {shown}"
    if isinstance(exc, configparser.DuplicateOptionError):
        return exc.lineno, f"[{exc.section}] {exc.option} is set twice"
    if isinstance(exc, configparser.DuplicateSectionError):
        return exc.lineno, f"[{exc.section}] appears twice"
    return None, str(exc).splitlines()[0]


#: Characters of a file's line an error quotes: a 200 KB line made every printed error that long.
QUOTED = 200


def _quoted(line: str) -> str:
    """``line`` with its passwords hidden (before the cut, which could end a URL inside its password),
    cut to :data:`QUOTED` characters."""
    line = redact(line)
    return line if len(line) <= QUOTED else line[:QUOTED] + "..."


def _patterns(name: str, text: str, section: str, value: Any, key: str) -> tuple[str, ...]:
    """The patterns of a raw value: pytest splits a string of an INI file or of
    ``[tool.pytest.ini_options]`` like a shell; a native TOML table needs a list of strings."""
    line = _line_of(text, key)
    if isinstance(value, str) and (name.endswith((".ini", ".cfg")) or section == "tool.pytest.ini_options"):
        try:
            return tuple(shlex.split(value))
        except ValueError as exc:
            raise InputError(name, f"[{section}] {key}: {exc}", line=line, hint=_HINT) from None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise InputError(
        name,
        f"[{section}] {key} must be a list of strings, not {value!r}"[:200],
        line=line,
        hint=f'write {key} = ["test_*.py", "*_test.py"]' if key == "python_files" else f'write {key} = ["src"]',
    )


def _line_of(text: str, key: str) -> int | None:
    found = re.search(rf"^[ \t]*{key}[ \t]*[=:]", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def collected_by_pytest(patterns: tuple[str, ...], path: str) -> bool:
    """Whether pytest collects the repository file ``path`` by its name: a pattern without ``/``
    matches the file name, one with ``/`` the end of the path (pytest's ``fnmatch_ex``)."""
    names, paths = _compiled(patterns)
    return bool(
        (names is not None and names.match(path.rpartition("/")[2])) or (paths is not None and paths.match("/" + path))
    )


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One regular expression for the file-name patterns, one for the path patterns."""
    names = [fnmatch.translate(p) for p in patterns if "/" not in p]
    paths = [fnmatch.translate("*/" + p) for p in patterns if "/" in p]
    return (
        re.compile("|".join(names)) if names else None,
        re.compile("|".join(paths)) if paths else None,
    )


def kept_reason(patterns: tuple[str, ...], source: str | None) -> str:
    """Why a test module keeps its name, as the plan and the graph show it."""
    where = source or "pytest's default"
    return f"collected by pytest by name (python_files {' '.join(patterns) or '(none)'}, {where})"
