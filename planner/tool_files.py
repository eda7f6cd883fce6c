"""Files a tool runs or loads that name module paths, beside the configuration and docs Guardian reads (issue 13).

A module path in a file no tool of Python's reads still has to follow a rename, or the code breaks when
that file is run: an editor's ``.vscode/launch.json`` (``"module": "pkg.mod"``), a ``package.json``
script (``"python -m pkg.mod"``), a JSON configuration naming ``pkg.mod:attr``, a ``Makefile``'s
recipe, a ``Dockerfile``'s ``CMD ["python", "-m", "pkg.mod"]``, a ``Procfile``'s ``web: gunicorn
pkg.wsgi:app``, a shell script, an environment file (``.env``, ``.env.example``, ``.flaskenv``'s
``FLASK_APP=pkg.app``, direnv's ``.envrc``: shell assignments), a ``Jenkinsfile``'s ``sh 'python -m pkg.cli'``. Each file's family is found from its name here, once for the planner
(planner/discover.py lists them, planner/file_references.py names their references) and for ``apply``
(codemods/rewrite_config_refs.py rewrites them): a shell script without a suffix by its ``#!`` line.

An environment file holds secrets beside any module path (review 22, hole 22: a line the rewrite could not place
was quoted whole in apply's follow-ups, the password with it): there only an assignment whose whole value is a
module path (``KEY=pkg.mod``, ``export KEY="pkg.mod:attr"``) is read and rewritten, to a key that names no
password (:func:`environment_value`); every other line, a comment too, is neither read nor quoted. What is not
read: generated lock files
(``package-lock.json``: package names and hashes, often megabytes), and JSON larger than
:data:`JSON_MAX_BYTES` (data dumps: a configuration file is far smaller).
"""

from __future__ import annotations

import os
import re

from planner.redact import is_secret_key

__all__ = [
    "after_module_key",
    "after_module_variable",
    "GENERATED_JSON",
    "JSON_MAX_BYTES",
    "PYTHON_SHEBANG",
    "TOOL_DIRS",
    "comment_line",
    "completion_directory",
    "environment_value",
    "is_environment",
    "fixture_text",
    "json_bounds",
    "model_label",
    "script_kind",
    "shell_start",
    "space_before",
    "tool_kind",
    "tool_name",
]

#: Hidden directories that hold tools' configuration (CI workflows, the editor's launch configurations, a
#: dev container's Dockerfile) and the Python scripts a CI job runs (``.github/scripts/release.py``, read as any
#: other script outside the source roots); discovery skips every other hidden directory.
TOOL_DIRS = frozenset({".github", ".gitlab", ".circleci", ".vscode", ".devcontainer"})
#: The largest JSON file read: configuration and fixtures are kilobytes, a larger one is generated data.
JSON_MAX_BYTES = 1 << 20
#: Generated JSON naming packages, never module paths (npm's lock files), not read at any size.
GENERATED_JSON = frozenset({"package-lock.json", "npm-shrinkwrap.json"})
_MAKEFILES = frozenset({"Makefile", "makefile", "GNUmakefile", "Justfile", "justfile"})
_CONTAINER_FILES = ("Dockerfile", "Containerfile")
#: Environment files, shell assignments a tool loads (``KEY=pkg.mod``, ``export KEY=pkg.mod``): ``.env``,
#: ``.env.example``, ``prod.env``, Flask's ``.flaskenv``, direnv's ``.envrc``.
_ENV_FILES = frozenset({".env", ".flaskenv", ".envrc"})
#: Jenkins' pipelines: Groovy whose ``sh '...'`` steps are shell command lines (``Jenkinsfile.release`` too).
_PIPELINES = ("Jenkinsfile",)
#: Documentation and configuration suffixes: ``Dockerfile.md`` is a page about it, not a Dockerfile.
_OTHER_SUFFIXES = (".md", ".rst", ".txt", ".yml", ".yaml", ".toml", ".cfg", ".ini", ".py", ".pyi")
#: ``#!/bin/sh``, ``#!/usr/bin/env bash``, ``#! /bin/dash -e``: a POSIX shell, bash, dash, zsh or ksh.
_SHEBANG = re.compile(r"#![ \t]*(?:/usr)?(?:/local)?/bin/(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:ba|da|z|k)?sh(?![\w.-])")
#: ``#!/usr/bin/env python3``, ``#!/usr/bin/python``, ``#! /opt/venv/bin/python3.12 -u``, ``#!/usr/bin/env -S python3``,
#: ``#!/usr/bin/env pypy3``, ``#!/usr/bin/env -S uv run --script`` (PEP 723): a Python script, whatever its name.
#: zsh's completion system marks its functions by their first line, with no ``#!``: ``#compdef tool``,
#: ``#compdef -default-``, ``#autoload``; such a file is sourced, not run, so it has no execute bit either.
_COMPLETION_MARK = re.compile(r"#(?:compdef|autoload)(?![\w-])")
#: Directories of completion files (``bash_completion.d/``, ``completions/``, ``contrib/zsh/``): a file there without
#: a suffix is shell that bash-completion or zsh sources (argcomplete's ``bash_completion.d/_python-argcomplete``).
_COMPLETION_DIRS = re.compile(r"(?:^|/)(?:[^/]*completion[^/]*|zsh|bash|ksh)(?:/|$)", re.IGNORECASE)
PYTHON_SHEBANG = re.compile(
    r"#![ \t]*(?:/[\w.+-]+)*/(?:env[ \t]+(?:-\S+[ \t]+)*)?"
    r"(?:(?:python|pypy)[\d.]*(?![\w.-])|uv[ \t]+run(?:[ \t]+-[\w-]+)*?[ \t]+--script(?![\w-]))"
)


def tool_name(name: str) -> str | None:
    """The family of a file named ``name`` (no directory) by its name alone: ``json``, ``makefile``
    (``*.mk`` and justfiles too), ``dockerfile`` (``Containerfile``, ``Dockerfile.dev``, ``app.dockerfile``),
    ``procfile`` or ``shell`` (``*.sh``, ``*.bash``, an environment file, a ``Jenkinsfile``); None for any other
    file.

    Returns:
        The family's name, or None.
    """
    if name.endswith(".json"):
        return "json"
    if name.endswith(_OTHER_SUFFIXES):
        return None
    if name in _MAKEFILES or name.endswith(".mk"):
        return "makefile"
    if name.endswith((".sh", ".bash", ".zsh", ".ksh")) or is_environment(name) or name.startswith(_PIPELINES):
        return "shell"
    if name.startswith(_CONTAINER_FILES) or name.lower().endswith((".dockerfile", ".containerfile")):
        return "dockerfile"
    if name == "Procfile" or name.startswith("Procfile."):
        return "procfile"
    return None


def is_environment(name: str) -> bool:
    """Is ``name`` an environment file: ``.env``, ``.env.local``, ``prod.env``, ``.flaskenv``, ``.envrc``?"""
    lowered = name.lower()
    return lowered in _ENV_FILES or lowered.startswith(".env.") or lowered.endswith(".env")


#: ``KEY=pkg.mod``, ``export KEY="pkg.mod:attr"``: an assignment whose whole value is one dotted path.
_ASSIGNMENT = re.compile(r"\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*([\"']?)[A-Za-z_][\w.]*(?::[A-Za-z_][\w.]*)?\2\s*")


def environment_value(line: str) -> bool:
    """Is ``line`` of an environment file read: an assignment whose whole value is a dotted path, to a key that
    names no password (planner/redact.py)?"""
    match = _ASSIGNMENT.fullmatch(line)
    return match is not None and not is_secret_key(match.group(1))


def tool_kind(name: str, text: str, directory: str = "") -> str | None:
    """:func:`tool_name`, and ``shell`` for a file without a suffix whose ``text`` starts with a shell's
    ``#!`` line (``bin/deploy``) or zsh's ``#compdef``/``#autoload``, or that lies in a completion ``directory``
    (:func:`completion_directory`).

    Returns:
        The family's name, or None.
    """
    family = tool_name(name)
    if family is None and "." not in name and (shell_start(text) or completion_directory(directory)):
        return "shell"
    return family


def shell_start(text: str) -> bool:
    """Does ``text`` start as a shell script: a shell's ``#!`` or zsh's ``#compdef``/``#autoload`` line?"""
    return _SHEBANG.match(text) is not None or _COMPLETION_MARK.match(text) is not None


def completion_directory(directory: str) -> bool:
    """Is ``directory`` (relative, ``/``-separated) or one above it a directory of shell completion files:
    ``bash_completion.d``, ``completions``, ``zsh``, ``bash``?"""
    return _COMPLETION_DIRS.search(directory) is not None


def script_kind(path: str) -> str | None:
    """Is the regular file at ``path`` (checked by the caller: planner/checkout_files.py) a script by its first
    line: ``shell`` (a shell's ``#!``, zsh's ``#compdef``/``#autoload``) or ``python`` (``#!/usr/bin/env python3``, ``#!/opt/venv/bin/python3.12``:
    ``bin/mytool``, read as Python)? Reads at most 128 bytes, without waiting (a file swapped for a FIFO is no
    script).

    Returns:
        ``shell``, ``python``, or None for any other file.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        head = os.read(descriptor, 128)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    line = head.decode("latin-1")
    if shell_start(line):
        return "shell"
    return "python" if PYTHON_SHEBANG.match(line) is not None else None


def comment_line(family: str, line: str) -> bool:
    """Is ``line`` of a file of ``family`` a whole comment: ``//`` in JSON with comments (VS Code's
    ``launch.json``), ``#`` in the others (a Dockerfile's, a recipe's)?

    Returns:
        ``True`` for a comment: its module paths are prose.
    """
    return line.lstrip().startswith("//" if family == "json" else "#")


#: A JSON string's escape: a quote, a newline or a tab (``\"``, ``\n``, ``\t``) bounds a token, as the character
#: itself would; an escaped backslash (``\\``) does not.
_JSON_ESCAPE = re.compile(r"\\(.)")


def json_bounds(line: str) -> str:
    """``line`` of a JSON file as its tokens' bounds are judged: an escaped quote ends a string inside the
    string (``"sh -c \\"python -m pkg.mod\\""``, a ``package.json`` script) and ``\\n``/``\\t`` are white
    space, so each bounds a token like a space; any other escape, a backslash above all, does not. The same
    length: offsets stay.

    Returns:
        The line with each bounding escape as two spaces, every other as two NULs.
    """
    if "\\" not in line:
        return line
    return _JSON_ESCAPE.sub(lambda m: "  " if m.group(1) in '"nrt' else "\0\0", line)


#: ``fields`` as a key (JSON's ``"fields":``, YAML's ``fields:``): a file without one holds no Django fixture.
_FIELDS_KEY = re.compile(r"(?:\"fields\"\s*:|(?<![\w-])fields:)")


def fixture_text(text: str) -> bool:
    """May ``text`` (a JSON or YAML file's) be a Django fixture, whose objects are ``{"model": ..., "pk": ...,
    "fields": {...}}``? Asked once per file: :func:`model_label` is asked per match of a line.

    Returns:
        ``True`` when it has a ``fields`` key.
    """
    return "fields" in text and _FIELDS_KEY.search(text) is not None


def space_before(line: str, end: int, chars: str | None = None) -> int:
    """Where the run of white space (``\\s``, or only ``chars``) that ends at ``end`` of ``line`` starts: what
    ``line[:end].rstrip()`` keeps, without copying the prefix (per match of a long line, that is quadratic).

    Returns:
        Its index.
    """
    while end > 0 and (line[end - 1].isspace() if chars is None else line[end - 1] in chars):
        end -= 1
    return end


def _after_model_key(line: str, start: int) -> bool:
    """Does ``line[:start]`` end with ``"model": "`` (JSON) or ``model: `` (YAML, a quote after it or not)?

    Read backwards from ``start`` over the key and its white space only: a search of the whole prefix per
    match took time growing with the square of a long line's length (review 22, hole 01).
    """
    if start > 0 and line[start - 1] == '"':  # JSON: ``"model"\s*:\s*"``
        colon = space_before(line, start - 1)
        if colon > 0 and line[colon - 1] == ":" and line.endswith('"model"', 0, space_before(line, colon - 1)):
            return True
    end = start - 1 if start > 0 and line[start - 1] in "\"'" else start  # YAML: ``model:[ \t]+["']?``
    key = space_before(line, end, " \t")
    if key == end or not line.endswith("model:", 0, key):
        return False
    before = key - len("model:") - 1
    return before < 0 or not (line[before].isalnum() or line[before] in "_-")


def model_label(fixture: bool, line: str, start: int, end: int) -> bool:
    """Is the dotted token ``line[start:end]`` a Django fixture's model label (``"model": "shop.order"``,
    ``app_label.model_name``) rather than a module path that happens to be spelled the same? So it is in a
    ``fixture`` (a file with ``fields``: :func:`fixture_text`) when it is the whole value of a ``model`` key
    and has two parts.

    Returns:
        ``True`` for a model label: no reference, never rewritten.
    """
    token = line[start:end]
    return fixture and token.count(".") == 1 and ":" not in token and _after_model_key(line, start)


def after_module_key(body: str, start: int) -> bool:
    """Does ``body[:start]`` end with ``"module"\\s*:\\s*"``: a JSON value that names a module to run
    (``.vscode/launch.json``'s ``"module": "shop"``)? A bare name there is the top-level module; any other bare
    JSON string (``"name": "shop"``, ``"main"``) is not rewritten. Read back from ``start`` only (review 22).

    Returns:
        ``True`` after such a key.
    """
    if start == 0 or body[start - 1] != '"':
        return False
    colon = space_before(body, start - 1)
    return colon > 0 and body[colon - 1] == ":" and body.endswith('"module"', 0, space_before(body, colon - 1))


def after_module_variable(body: str, start: int) -> bool:
    """Does ``body[:start]`` end with ``\\w*MODULE\\s*[:?]?=\\s*["']?``: a variable naming a module in a script,
    Makefile, Dockerfile or Procfile (``DJANGO_SETTINGS_MODULE=settings``)? Read back from ``start`` only
    (review 22).

    Returns:
        ``True`` after such an assignment.
    """
    end = start - 1 if start > 0 and body[start - 1] in "\"'" else start
    equals = space_before(body, end)
    if equals == 0 or body[equals - 1] != "=":
        return False
    name = equals - 2 if equals > 1 and body[equals - 2] in ":?" else equals - 1
    return body.endswith("MODULE", 0, space_before(body, name))
