"""The keys of the configuration (``[tool.guardian]`` or ``guardian.toml``), each checked and turned
into the :class:`planner.config.Config` the planner reads.

``guardian/config_file.py`` finds and parses the file; :class:`TableReader` checks its table key by
key and raises one :class:`ConfigError` naming the file, the line when it can be found, the key and a
hint. Unknown keys are errors: a typo must not be silently ignored.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from guardian.errors import ConfigError
from planner.checkout_files import hard_link, inside, readable, real_root
from planner.config import (
    DEFAULT_PATTERN,
    FINDING_KINDS,
    AcceptedFinding,
    Config,
    DatabaseConfig,
    EnumOverride,
    layout_roots,
)
from planner.spelling import edit_distance

PATTERN_FIELDS = frozenset({"workflow", "version", "layer", "index", "total", "name"})
DIALECTS = ("postgres", "mysql", "sqlite")

#: Keys of the sub-tables other commands own; a key not listed here is reported as unknown.
SUBTABLE_KEYS: dict[str, frozenset[str]] = {
    "workflows": frozenset(),  # free-form: glob -> int
    "layers": frozenset(),  # free-form: glob -> int | "auto"
    "database": frozenset({"schema", "dsn", "dialect", "accept"}),
    "enums": frozenset(),  # free-form: type name -> table
    "approvals": frozenset({"required_roles"}),
    "validate": frozenset({"tests", "perf_threshold", "timeout", "python", "allow_exec"}),
    "retirement": frozenset({"stability_days", "stability_seconds"}),
    "workflow": frozenset({"strict", "leads"}),
}
TOP_KEYS = (
    frozenset({"source_roots", "version", "pattern", "exempt", "batch_size", "shims", "numbering"})
    | SUBTABLE_KEYS.keys()
)


#: What to do about a configuration or schema file that is a hard link.
HARD_LINK_HINT = "give it its own copy (`cp -p F F.copy && mv F.copy F`), or remove it"


def hard_link_problem(names: int) -> str:
    """Why a configuration or schema file with ``names`` names is not read (nor quoted)."""
    return f"is a hard link ({names} names share its data, maybe a file outside the repository)"


class TableReader:
    """Turns the raw TOML table into a :class:`Config`, or raises one precise error."""

    def __init__(self, root: Path, shown: str, text: str, prefix: str) -> None:
        self.root, self.shown, self.text, self.prefix = root, shown, text, prefix

    # -- error helpers -------------------------------------------------------------------------
    def fail(self, key: str, message: str, hint: str) -> ConfigError:
        return ConfigError(self.shown, self.prefix + key, message, line=self.line_of(key), hint=hint)

    def line_of(self, key: str) -> int | None:
        """Best-effort line of the dotted ``key`` in the file (tomllib keeps no positions)."""
        head, _, rest = key.partition(".")
        if head in ("workflows", "layers") and rest:  # free-form tables: the entry is a glob with dots
            parts = [head, rest]
        else:
            parts = key.split(".")
        section = (self.prefix + ".".join(parts[:-1])).rstrip(".")
        header = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
        entry = re.compile(rf'^\s*(["\']?){re.escape(parts[-1])}\1\s*=')
        current = ""
        for number, line in enumerate(self.text.splitlines(), start=1):
            found = header.match(line)
            if found:
                current = re.sub(r"[\s\"']", "", found.group(1))
                if current == (self.prefix + key).rstrip("."):
                    return number
            elif current == section and entry.match(line):
                return number
        return None

    # -- typed getters -------------------------------------------------------------------------
    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"expected a list of strings, got {value!r}", 'e.g. ["src"]')
        return tuple(value)

    def integer(self, key: str, value: Any, *, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            head, _, rest = key.partition(".")
            name = f'"{rest}"' if head in ("workflows", "layers") else key.split(".")[-1]
            raise self.fail(key, f"expected an integer >= {minimum}, got {value!r}", f"e.g. {name} = {max(minimum, 1)}")
        return value

    def table(self, key: str, value: Any) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"expected a table, got {value!r}", f"write it as [{self.prefix}{key}]")
        return value

    def known(self, key: str, value: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for name in value:
            if name not in allowed:
                close = sorted(allowed, key=lambda a: edit_distance(a, name))[:1]
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close and edit_distance(close[0], name) <= 3
                    else f"known keys: {', '.join(sorted(allowed))}"
                )
                raise self.fail(f"{key}.{name}" if key else name, "unknown key", hint)

    # -- the whole table -----------------------------------------------------------------------
    def config(self, raw: Mapping[str, Any]) -> Config:
        self.known("", raw, TOP_KEYS)
        fields: dict[str, Any] = {"root": self.root, "source": self.shown}
        extra: dict[str, Any] = {}
        for key, value in raw.items():
            handler: Callable[[str, Any], dict[str, Any]] | None = getattr(self, f"_key_{key}", None)
            if handler is not None:
                fields.update(handler(key, value))
                if key in SUBTABLE_KEYS:
                    extra[key] = dict(value)
            else:
                allowed = SUBTABLE_KEYS.get(key, frozenset())
                table = self.table(key, value)
                self.known(key, table, allowed)
                extra[key] = dict(table)
        fields["extra"] = tuple(sorted(extra.items()))
        fields.setdefault("source_roots", layout_roots(self.root))
        config = Config(**fields)
        self._check_pattern(config.pattern, config.version)
        return config

    def _key_source_roots(self, key: str, value: Any) -> dict[str, Any]:
        roots = self.strings(key, value)
        for root in roots:
            if Path(root).is_absolute() or ".." in Path(root).parts:
                raise self.fail(key, f"{root!r} is not inside the repository", 'use a relative path such as "src"')
            if not (self.root / root).is_dir():
                raise self.fail(key, f"source root {root!r} does not exist", "create it or fix the path")
            if not (self.root / root).resolve().is_relative_to(self.root.resolve()):  # a symlink out of the tree
                raise self.fail(
                    key, f"{root!r} leads outside the repository (a symlink)", "point it at a real directory"
                )
        return {"source_roots": tuple(r.rstrip("/") or "." for r in roots) or (".",)}

    def _key_version(self, key: str, value: Any) -> dict[str, Any]:
        return {"version": self.integer(key, value, minimum=1)}

    def _key_pattern(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, str) or not value:
            raise self.fail(key, f"expected a string, got {value!r}", f'e.g. "{DEFAULT_PATTERN}"')
        return {"pattern": value}

    def _key_exempt(self, key: str, value: Any) -> dict[str, Any]:
        return {"exempt": self.strings(key, value)}

    def _key_batch_size(self, key: str, value: Any) -> dict[str, Any]:
        return {"batch_size": self.integer(key, value, minimum=1)}

    def _key_shims(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}", "shims = true")
        return {"shims": value}

    def _key_numbering(self, key: str, value: Any) -> dict[str, Any]:
        from planner.numbering import POLICIES

        if value not in POLICIES:
            raise self.fail(
                key,
                f"expected one of {', '.join(POLICIES)}, got {value!r}",
                'numbering = "stable" (see docs/numbering.md)',
            )
        return {"numbering": value}

    def _key_workflows(self, key: str, value: Any) -> dict[str, Any]:
        table = self.table(key, value)
        return {"workflows": tuple((glob, self.integer(f"{key}.{glob}", n, minimum=0)) for glob, n in table.items())}

    def _key_layers(self, key: str, value: Any) -> dict[str, Any]:
        table = self.table(key, value)
        layers = []
        for glob, n in table.items():
            if n == "auto":
                layers.append((glob, 0))
            else:
                layers.append((glob, self.integer(f"{key}.{glob}", n, minimum=1)))
        return {"layers": tuple(layers)}

    def _key_database(self, key: str, value: Any) -> dict[str, Any]:
        table = self.table(key, value)
        self.known(key, table, SUBTABLE_KEYS["database"])
        schema = self.strings(f"{key}.schema", table.get("schema", []))
        for item in schema:
            if (
                Path(item).is_absolute()
                or ".." in Path(item).parts
                or not inside(self.root / item, real_root(self.root))
            ):
                raise self.fail(
                    f"{key}.schema",
                    f"schema file {item!r} is outside the repository",
                    'schema files are read from the repository: use a path such as "db/schema.sql"',
                )
            if not readable(self.root / item, real_root(self.root)):
                names = hard_link(self.root / item)
                if names is not None:
                    raise self.fail(f"{key}.schema", f"schema file {item!r} {hard_link_problem(names)}", HARD_LINK_HINT)
                raise self.fail(
                    f"{key}.schema", f"schema file {item!r} does not exist", "fix the path, relative to the repository"
                )
        dsn = table.get("dsn")
        if dsn is not None and not isinstance(dsn, str):
            raise self.fail(f"{key}.dsn", f"expected a URL string, got {dsn!r}", '"postgresql://user@host:5432/db"')
        dialect = table.get("dialect", "postgres")
        if dialect == "mariadb":
            dialect = "mysql"
        if dialect not in DIALECTS:
            raise self.fail(f"{key}.dialect", f"unknown dialect {dialect!r}", f"use one of: {', '.join(DIALECTS)}")
        accept = self._accept(f"{key}.accept", table.get("accept", []))
        return {"database": DatabaseConfig(schema=schema, dsn=dsn, dialect=dialect, accept=accept)}

    def _accept(self, key: str, value: Any) -> tuple[AcceptedFinding, ...]:
        """``accept = [{ kind = "...", path = "glob", reason = "..." }]``: accepted code-vs-database findings."""
        example = '[{ kind = "unknown-table", path = "src/app/reports.py", reason = "created by the ETL job" }]'
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list of tables, got {value!r}", f"accept = {example}")
        out = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, Mapping):
                raise self.fail(key, f"entry {number} is {item!r}, not a table", f"accept = {example}")
            for name in item:
                if name not in ("kind", "path", "reason"):
                    raise self.fail(key, f"entry {number}: unknown key {name!r}", "an entry has kind, path and reason")
            kind, path, reason = item.get("kind"), item.get("path"), item.get("reason")
            if kind not in (*FINDING_KINDS, "*"):
                raise self.fail(
                    key, f"entry {number}: unknown kind {kind!r}", f'kinds: {", ".join(FINDING_KINDS)} (or "*")'
                )
            if not isinstance(path, str) or not path:
                raise self.fail(
                    key,
                    f"entry {number}: path must be a file path or glob, got {path!r}",
                    'e.g. path = "src/shop/orders/*.py"',
                )
            if not isinstance(reason, str) or not reason.strip():
                raise self.fail(
                    key,
                    f"entry {number}: every accepted finding needs a reason",
                    'e.g. reason = "the table is created by the nightly ETL job"',
                )
            out.append(AcceptedFinding(kind, path, reason.strip()))
        return tuple(out)

    def _key_enums(self, key: str, value: Any) -> dict[str, Any]:
        table = self.table(key, value)
        overrides = []
        for canonical, spec in table.items():
            where = f"{key}.{canonical}"
            spec = self.table(where, spec)
            self.known(where, spec, frozenset({"merge", "map", "lossy"}))
            merge = self.strings(f"{where}.merge", spec.get("merge", []))
            mapping = self.table(f"{where}.map", spec.get("map", {}))
            for old, new in mapping.items():
                if not isinstance(new, str):
                    raise self.fail(
                        f"{where}.map", f"label {old!r} maps to {new!r}, not a string", '{ "canceled" = "cancelled" }'
                    )
            lossy = spec.get("lossy", False)
            if not isinstance(lossy, bool):
                raise self.fail(f"{where}.lossy", f"expected true or false, got {lossy!r}", "lossy = true")
            overrides.append(
                EnumOverride(canonical=canonical, merge=merge, map=tuple(sorted(mapping.items())), lossy=lossy)
            )
        return {"enums": tuple(overrides)}

    def _key_approvals(self, key: str, value: Any) -> dict[str, Any]:
        table = self.table(key, value)
        self.known(key, table, SUBTABLE_KEYS["approvals"])
        return {"required_roles": self.strings(f"{key}.required_roles", table.get("required_roles", []))}

    def _key_validate(self, key: str, value: Any) -> dict[str, Any]:
        table = self.table(key, value)
        self.known(key, table, SUBTABLE_KEYS["validate"])
        tests = table.get("tests")
        if tests is not None and not isinstance(tests, str):
            raise self.fail(f"{key}.tests", f"expected a command string, got {tests!r}", '"python -m pytest -q"')
        # The other keys stay available through Config.extra_table("validate").
        return {"validate_tests": tests}

    def _check_pattern(self, pattern: str, version: int) -> None:
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
        except ValueError as exc:
            raise self.fail("pattern", f"not a valid pattern: {exc}", f'e.g. "{DEFAULT_PATTERN}"') from None
        unknown = names - PATTERN_FIELDS
        if unknown:
            raise self.fail(
                "pattern",
                f"unknown field {{{sorted(unknown)[0]}}}",
                f"fields are {', '.join('{' + f + '}' for f in sorted(PATTERN_FIELDS))}",
            )
        if "name" not in names:
            raise self.fail("pattern", "the pattern must contain {name}", f'e.g. "{DEFAULT_PATTERN}"')
        sample = pattern.format(workflow=1, version=version, layer=1, index=1, total=1, name="mod")
        if not sample.isidentifier():
            raise self.fail(
                "pattern",
                f"gives {sample!r}, which is not a Python identifier",
                "module names must start with a letter or _ and hold only letters, digits and _",
            )
