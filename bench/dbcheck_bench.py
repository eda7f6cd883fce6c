"""Benchmark of the database part of ``guardian assess`` against the ``ast.parse`` floor (issue 16).

Run: ``python bench/dbcheck_bench.py [--modules 2000] [--sql-modules 300] [--repeat 3]``. The
synthetic repository of bench/synth.py gets a schema of 40 tables (``db/schema.sql``) and, in
``--sql-modules`` of its modules, data-access code: raw SQL through ``cursor.execute`` (joins,
updates, inserts, an f-string), ``sa.text(...)``, and every tenth of them a SQLAlchemy model.

The floor is reading and parsing every Python file once (garbage collector off). The target: the
database check adds at most 1x that floor to ``guardian assess``, measured as it says: CPU seconds
(user + system, the process and its parser workers) of ``guardian assess`` with the
``[tool.guardian.database]`` section minus the same repository without it, cold (``.guardian``
removed: no facts cache, no results cache) and warm (the caches of the previous run kept: a
repeated ``assess``). With and without runs are interleaved, and the floor is measured again in
each round beside them: the machine's load moves both (two runs minutes apart measured the floor at
0.39 and 0.64 s of CPU), so one floor taken before them all made the ratio move with the load.
Medians of ``--repeat`` rounds, all in this run. Wall time is printed beside it (what a user waits)
but the target is judged on CPU: on the shared 2-core machine wall time measures the other
sessions' load as much as Guardian, and the scan's parallel workers hide part of their work from
it. Above them, for profiling, the schema load and ``check_code`` alone in this process
(under the garbage-collector policy of the ``guardian`` command, guardian/process.py).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from measure import parse_files
from synth import make_repo

TABLES = 40
#: as a user's shell or CI has it (bench/check_bench.py does the same): byte-code caches written and
#: reused. An environment that sets PYTHONDONTWRITEBYTECODE recompiles Guardian's own modules in
#: every process, and the database modules' share of that (about 0.045 s) would count as the check's.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}
DATABASE = '\n[tool.guardian.database]\nschema = ["db/schema.sql"]\ndialect = "postgres"\n'


def _schema() -> str:
    out = ["CREATE TYPE state AS ENUM ('new', 'open', 'done', 'void');"]
    for t in range(TABLES):
        out.append(
            f"CREATE TABLE t{t:02d} (id bigint PRIMARY KEY, parent_id bigint, name text NOT NULL, "
            f"state state NOT NULL DEFAULT 'new', amount numeric(12, 2), created_at timestamptz NOT NULL);"
        )
    return "\n".join(out) + "\n"


def _data_access(i: int, rng: random.Random) -> str:
    a, b = rng.sample(range(TABLES), 2)
    label = rng.choice(["new", "open", "done", "void"])
    out = [
        "",
        "",
        "import sqlalchemy as sa",
        "",
        "",
        f"def load_{i}(cur, key):",
        f'    cur.execute("SELECT x.id, x.name, y.amount FROM t{a:02d} x JOIN t{b:02d} y ON y.parent_id = x.id "',
        f"                \"WHERE x.state = '{label}' AND x.id = %s ORDER BY y.created_at\", (key,))",
        "    return cur.fetchall()",
        "",
        "",
        f"def save_{i}(cur, key, name):",
        (
            f"    cur.execute(\"UPDATE t{a:02d} SET name = %(name)s, state = 'open' WHERE id = %(id)s\", "
            '{"name": name, "id": key})'
        ),
        f'    cur.execute("INSERT INTO t{b:02d} (id, name, created_at) VALUES (%s, %s, now())", (key, name))',
        "",
        "",
        f"def count_{i}(conn, ids):",
        '    marks = ", ".join(["%s"] * len(ids))',
        f'    return conn.execute(sa.text(f"SELECT count(*) FROM t{a:02d} WHERE id IN ({{marks}})"), ids)',
        "",
    ]
    if i % 10 == 0:
        out += [
            "",
            f"class Row{i}(Base):",
            f'    __tablename__ = "t{a:02d}"',
            "",
            "    id = sa.Column(sa.BigInteger, primary_key=True)",
            "    parent_id = sa.Column(sa.BigInteger)",
            "    name = sa.Column(sa.Text, nullable=False)",
            '    state = sa.Column(sa.Enum("new", "open", "done", "void", name="state"), nullable=False)',
            "    amount = sa.Column(sa.Numeric(12, 2))",
            "    created_at = sa.Column(sa.DateTime, nullable=False)",
            "",
        ]
    return "\n".join(out)


def make_db_repo(root: Path, modules: int, sql_modules: int, seed: int = 0) -> Path:
    """bench/synth.py's repository plus a schema and data-access code in ``sql_modules`` modules."""
    make_repo(root, modules, seed)
    rng = random.Random(seed + 1)
    files = sorted((root / "src" / "synth").rglob("*.py"))
    files = [f for f in files if f.name != "__init__.py"]
    for i, path in enumerate(sorted(rng.sample(files, sql_modules))):
        path.write_text(path.read_text() + _data_access(i, rng) + ("\nBase = object\n" if i % 10 == 0 else ""))
    (root / "db").mkdir(exist_ok=True)
    (root / "db" / "schema.sql").write_text(_schema())
    with (root / "pyproject.toml").open("a") as handle:
        handle.write(DATABASE)
    return root


def both(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of (wall seconds, CPU seconds of this process) over the same runs: on a loaded machine
    the CPU figure is the steadier."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def assess_cpu(root: Path, *, cold: bool) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``guardian assess --json``: CPU is user + system of the
    process and its parser workers; cold: every cache removed first (``.guardian``), warm: the
    caches of the previous run kept."""
    if cold:
        shutil.rmtree(root / ".guardian", ignore_errors=True)
    command = [sys.executable, "-m", "guardian", "--repo", str(root), "--json", "assess", "--no-baseline"]
    before, wall = children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return children_cpu() - before, time.perf_counter() - wall


def assess_series(
    with_db: Path, without_db: Path, files: list[Path], repeat: int
) -> tuple[dict[tuple[bool, bool], list[tuple[float, float]]], list[tuple[float, float]]]:
    """``assess`` (CPU, wall) seconds keyed by (database, cold), and the floor's (CPU, wall) seconds
    measured in each round beside them: the runs with and without the database section interleaved,
    and the floor among them, so that a change of the machine's load falls on all three alike."""
    for root in (with_db, without_db):  # the warm runs find the caches of a previous run (and the
        assess_cpu(root, cold=True)  # first ones write the byte-code caches every later run reads)
    out: dict[tuple[bool, bool], list[tuple[float, float]]] = {}
    floors: list[tuple[float, float]] = []
    for _ in range(repeat):
        wall, cpu = both(lambda: parse_files(files), 1)
        floors.append((cpu, wall))
        for cold in (True, False):
            for database, root in ((False, without_db), (True, with_db)):
                out.setdefault((database, cold), []).append(assess_cpu(root, cold=cold))
        for root in (with_db, without_db):
            assess_cpu(root, cold=True)  # a cold run leaves the caches the next warm run reads
    return out, floors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--sql-modules", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-assess", action="store_true", help="only the in-process breakdown")
    args = parser.parse_args()

    from guardian.config_file import load_config
    from guardian.process import configure_process
    from planner.database import load_schema
    from planner.dbcheck import MemoryResultCache, check_code

    configure_process()  # the garbage-collector policy `guardian assess` runs the check under

    with tempfile.TemporaryDirectory() as tmp:
        root = make_db_repo(Path(tmp) / "synth", args.modules, args.sql_modules)
        plain = Path(tmp) / "plain"  # the same repository without the [tool.guardian.database] section
        shutil.copytree(root, plain)
        (plain / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace(DATABASE, ""))
        files = sorted(root.rglob("*.py"))

        config = load_config(root)
        schema = load_schema(config)
        result = check_code(config, schema)
        warm_cache = MemoryResultCache()
        check_code(config, schema, cache=warm_cache)
        floor = both(lambda: parse_files(files), args.repeat)
        rows = [
            ("floor: read + ast.parse every Python file once", floor),
            ("schema: read the DDL", both(lambda: load_schema(config), args.repeat)),
            ("check_code alone, cold", both(lambda: check_code(config, schema), args.repeat)),
            (
                "check_code alone, warm (results cache)",
                both(lambda: check_code(config, schema, cache=warm_cache), args.repeat),
            ),
        ]
        assess, floors = assess_series(root, plain, files, args.repeat) if not args.no_assess else (None, [])
    print(
        f"{len(files)} Python files, {args.sql_modules} with SQL: {result.sql_sites} SQL sites "
        f"({len(warm_cache.entries)} cache entries), {result.models} models, {len(result.findings)} findings"
    )
    print(f"{'in this process (median of ' + str(args.repeat) + ')':<52} {'wall s':>8} {'CPU s':>8} {'x floor':>8}")
    for label, (wall, cpu) in rows:
        print(f"{label:<52} {wall:>8.3f} {cpu:>8.3f} {cpu / floor[1]:>7.2f}x")
    if assess is None:
        return
    print(f"{'guardian assess, CPU s / wall s (process + workers)':<52} {'median':>15} {'runs (CPU/wall)':>34}")
    for (database, cold), runs in sorted(assess.items(), key=lambda item: (not item[0][1], item[0][0])):
        label = f"assess {'cold' if cold else 'warm'}, {'with' if database else 'without'} [database]"
        cpu, wall = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        shown = " ".join(f"{c:.3f}/{w:.3f}" for c, w in runs)
        print(f"{label:<52} {cpu:>7.3f}/{wall:<7.3f} {shown:>34}")
    floor_cpu, floor_wall = (statistics.median(f[i] for f in floors) for i in (0, 1))
    shown = " ".join(f"{c:.3f}/{w:.3f}" for c, w in floors)
    print(f"{'floor, measured in each round beside them':<52} {floor_cpu:>7.3f}/{floor_wall:<7.3f} {shown:>34}")
    for cold in (True, False):
        added = [
            statistics.median(r[i] for r in assess[True, cold]) - statistics.median(r[i] for r in assess[False, cold])
            for i in (0, 1)
        ]
        print(
            f"target ({'cold' if cold else 'warm'}): [database] adds {added[0]:.3f} s of CPU to assess = "
            f"{added[0] / floor_cpu:.2f}x the floor's CPU (at most 1.00x); wall {added[1]:.3f} s = "
            f"{added[1] / floor_wall:.2f}x the floor's wall"
        )


if __name__ == "__main__":
    main()
