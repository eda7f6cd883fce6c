"""The source roots a checkout's packaging configuration declares (issue 13).

PyYAML keeps its package in ``lib/`` and says so in ``setup.py`` (``package_dir={"": "lib"}``): no
``src`` directory, so the repository root was taken for the source root, its modules were named
``lib.yaml.constructor``, and ``guardian init`` exempted ``lib/**`` as if it were scripts (a plan of
no renames). The build backend knows where the packages are; this reads what it reads, without running
anything:

- ``pyproject.toml``: setuptools' ``[tool.setuptools] package-dir`` and ``[tool.setuptools.packages.find]
  where``, hatch's ``packages`` (``["lib/yaml"]``: the directory holding it), Poetry's ``packages``
  (``{include = "yaml", from = "lib"}``), PDM's ``[tool.pdm.build] package-dir``;
- ``setup.cfg``: ``[options] package_dir`` and ``[options.packages.find] where``;
- ``setup.py``: the literal ``package_dir=`` dict and ``find_packages("lib")`` /
  ``find_namespace_packages(where="lib")``, read with :mod:`ast`.

A package mapped elsewhere (``package_dir={"yaml": "lib/yaml"}``) declares ``lib``. Only a directory of
the checkout that holds a package or a module counts (no symlink, no ``..``, not the ``.git``).
"""

from __future__ import annotations

import ast
import configparser
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from failures.regular_files import read_regular
from planner.python_source import Unparsable, parse_python

__all__ = ["declared_roots"]

_FINDERS = frozenset({"find_packages", "find_namespace_packages"})


def declared_roots(repo: Path) -> tuple[str, ...]:
    """The source roots the checkout's ``pyproject.toml``, ``setup.cfg`` and ``setup.py`` declare, as
    repo-relative POSIX paths (``"."`` for the root), sorted; empty when they declare none."""
    found: set[str] = set()
    for candidate in (*_pyproject(repo), *_setup_cfg(repo), *_setup_py(repo)):
        root = _checked(repo, candidate)
        if root is not None:
            found.add(root)
    return tuple(sorted(found))


def _mapped(package: str, directory: str) -> str | None:
    """The root of ``package_dir``'s entry ``package -> directory``: ``"" -> lib`` is ``lib``,
    ``yaml -> lib/yaml`` is ``lib``, a package mapped to a directory of another name is no root."""
    if not package:
        return directory
    tail = "/" + package.replace(".", "/")
    path = "/" + directory.strip("/")
    return (path.removesuffix(tail).lstrip("/") or ".") if path.endswith(tail) else None


def _checked(repo: Path, candidate: str) -> str | None:
    text = candidate.strip().replace("\\", "/")
    if not text or text.startswith("/") or ".." in PurePosixPath(text).parts:
        return None
    parts = [p for p in PurePosixPath(text).parts if p != "."]
    if any(p.startswith(".") for p in parts):
        return None
    directory = repo.joinpath(*parts)
    try:
        if any(repo.joinpath(*parts[: i + 1]).is_symlink() for i in range(len(parts))) or not directory.is_dir():
            return None
        if not any((e / "__init__.py").is_file() or e.suffix == ".py" for e in directory.iterdir()):
            return None
    except OSError:
        return None
    return "/".join(parts) or "."


def _table(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


#: A packaging file is a few kilobytes; setuptools' own ``setup.py`` is under 10 KB.
_MAX_BYTES = 1 << 20


def _read(repo: Path, name: str) -> bytes | None:
    """The bytes of the checkout's packaging file ``name`` when it is a regular file of a sane size: never a
    FIFO (it would wait for ever), never through a symlink (``setup.py -> ~/...``)."""
    try:
        return read_regular(repo / name, _MAX_BYTES)
    except (OSError, ValueError):
        return None


def _pyproject(repo: Path) -> Iterator[str]:
    raw = _read(repo, "pyproject.toml")
    try:
        data = tomllib.loads(raw.decode("utf-8")) if raw is not None else {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return
    package_dir = _table(data, "tool", "setuptools", "package-dir")
    if isinstance(package_dir, dict):
        yield from _package_dir(package_dir.items())
    yield from _strings(_table(data, "tool", "setuptools", "packages", "find", "where"))
    for hatch in (("build",), ("build", "targets", "wheel")):
        for package in _strings(_table(data, "tool", "hatch", *hatch, "packages")):
            yield PurePosixPath(package.strip("/")).parent.as_posix()
    for entry in _table(data, "tool", "poetry", "packages") or ():
        if isinstance(entry, dict) and isinstance(entry.get("from"), str):
            yield entry["from"]
    yield from _strings(_table(data, "tool", "pdm", "build", "package-dir"))


def _package_dir(items: Iterable[tuple[object, object]]) -> Iterator[str]:
    for package, directory in items:
        if isinstance(package, str) and isinstance(directory, str):
            root = _mapped(package, directory)
            if root is not None:
                yield root


def _setup_cfg(repo: Path) -> Iterator[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        raw = _read(repo, "setup.cfg")
        if raw is None:
            return
        parser.read_string(raw.decode("utf-8"))
    except (UnicodeDecodeError, configparser.Error):
        return
    value = parser.get("options", "package_dir", fallback="")
    pairs = []
    for line in value.splitlines():
        if "=" in line:
            package, _, directory = line.partition("=")
            pairs.append((package.strip(), directory.strip()))
    yield from _package_dir(pairs)
    yield from (w for w in parser.get("options.packages.find", "where", fallback="").split() if w)


def _setup_py(repo: Path) -> Iterator[str]:
    raw = _read(repo, "setup.py")
    if raw is None:
        return
    try:
        tree = parse_python(raw, "setup.py")
    except Unparsable:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for keyword in node.keywords:
            if keyword.arg == "package_dir" and isinstance(keyword.value, ast.Dict):
                pairs = zip(keyword.value.keys, keyword.value.values, strict=True)
                yield from _package_dir((_literal(k), _literal(v)) for k, v in pairs)
            elif keyword.arg == "where" and name in _FINDERS and isinstance(_literal(keyword.value), str):
                yield str(_literal(keyword.value))
        if name in _FINDERS and node.args and isinstance(_literal(node.args[0]), str):
            yield str(_literal(node.args[0]))


def _literal(node: ast.expr | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None
