"""How the benchmarks measure: one child process's wall time, CPU time and peak RSS, and the floors
Guardian's times are compared against (``ast.parse`` of every file; writing files plainly, or durably
as the journal does)."""

from __future__ import annotations

import ast
import gc
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def parse_files(files: list[Path]) -> None:
    """``ast.parse`` of every file of ``files``, the cyclic GC paused (as Guardian runs)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path in files:
            try:
                ast.parse(path.read_bytes(), filename=str(path))
            except (SyntaxError, ValueError):
                pass
    finally:
        if enabled:
            gc.enable()


def parse_floor(files: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds of :func:`parse_files` of ``files``."""
    start, cpu = time.perf_counter(), time.process_time()
    parse_files(files)
    return time.perf_counter() - start, time.process_time() - cpu


def run_measured(args: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS MiB, stdout) of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr[-3000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


def write_floor(
    files: dict[str, bytes],
    durable: bool,
    rounds: list[list[str]] | None = None,
    removed: dict[str, bytes] | None = None,
) -> float:
    """Time to write ``files`` into a scratch directory (durably: temp + fsync + rename + dir fsync);
    with ``rounds``, each round writes its paths again (a revert restores every batch's files);
    with ``removed``, those files (created beforehand, untimed) are also unlinked, durably."""
    target = Path(tempfile.mkdtemp(prefix="guardian-write-floor-"))
    try:
        for rel in files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
        for rel, data in (removed or {}).items():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_bytes(data)
        os.sync()
        start = time.perf_counter()
        for rel in removed or {}:
            os.unlink(target / rel)
        if removed and durable:
            for directory in {(target / rel).parent for rel in removed}:
                descriptor = os.open(directory, os.O_RDONLY)
                try:
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
        for rel, data in [(rel, files[rel]) for round_ in (rounds or [list(files)]) for rel in round_]:
            path = target / rel
            if not durable:
                path.write_bytes(data)
                continue
            temporary = path.with_name(f".{path.name}.tmp")
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(target, ignore_errors=True)
