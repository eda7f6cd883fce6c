"""An attack of the eighteenth reviewer (issue 11): a checkout shipping a sparse configuration file of
gigabytes (``guardian.toml`` or ``pyproject.toml``, a few bytes on disk in a tarball) made every command
read it whole: ``MemoryError``, exit 1, "internal error". It is refused unread now, naming the file.
The test fails on the old code (it caps the process's memory so the read fails as on a small machine)."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from attack_helpers import guardian_process


@pytest.mark.parametrize("name", ["guardian.toml", "pyproject.toml"])
def test_a_sparse_configuration_of_gigabytes_is_refused_unread(checkout: Path, tmp_path: Path, name: str) -> None:
    (checkout / "guardian.toml").unlink()
    with open(checkout / name, "wb") as handle:
        handle.write(b"[tool.guardian]\n" if name == "pyproject.toml" else b"# hi\n")
        handle.truncate(4 << 30)  # 4 GiB, sparse: nothing is written

    def cap_memory() -> None:  # the read of the whole file must fail, as it does on a small machine
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = guardian_process(checkout, tmp_path / "state", "status", preexec_fn=cap_memory)
    assert done.returncode == 2, done.stderr
    assert name in done.stderr and "larger than" in done.stderr and len(done.stderr.strip().splitlines()) == 1
