"""Property: for random small trees and operation sets, apply then revert is the identity (bytes, modes,
directories), and real ``git apply`` of forward.patch / reverse.patch reproduces apply / revert."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from treeutil import copy_tree, directories, git_apply, git_mode_view, snapshot, write_snapshot

from rollback import Chmod, Delete, InvalidBatch, Journal, Move, Operation, Write

NAMES = ["a.py", "b.txt", "c d.txt", "pkg/e.py", "pkg/sub/f.bin", "g", "sp\u00e9cial.txt", "new/h.py", "x/y/z.py"]
LINES = [b"alpha\n", b"beta\r\n", b"gamma", b"\xff\xfe latin\n", b"\0bin\n", b"\n", b"\r\n", b" \t trailing \n"]
MODES = [0o644, 0o755]

contents = st.one_of(st.lists(st.sampled_from(LINES), max_size=8).map(b"".join), st.binary(max_size=64))
trees = st.dictionaries(st.sampled_from(NAMES), st.tuples(contents, st.sampled_from(MODES)), max_size=6)


@st.composite
def batches(draw: st.DrawFn, tree: dict[str, tuple[bytes, int]]) -> list[Operation]:
    """Operations valid on ``tree`` in sequence (simulated as they are drawn)."""
    state = dict(tree)
    operations: list[Operation] = []
    for _ in range(draw(st.integers(1, 6))):
        present = sorted(state)
        absent = [n for n in NAMES if n not in state]
        kinds = ["write"] + (["delete", "chmod"] if present else []) + (["rename"] if present and absent else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "write":
            path = draw(st.sampled_from(NAMES))
            data, mode = draw(contents), draw(st.one_of(st.none(), st.sampled_from(MODES)))
            operations.append(Write(path, data, mode))
            state[path] = (data, mode if mode is not None else state.get(path, (b"", 0o644))[1])
        elif kind == "delete":
            path = draw(st.sampled_from(present))
            operations.append(Delete(path))
            del state[path]
        elif kind == "chmod":
            path, mode = draw(st.sampled_from(present)), draw(st.sampled_from(MODES))
            operations.append(Chmod(path, mode))
            state[path] = (state[path][0], mode)
        else:
            old, new = draw(st.sampled_from(present)), draw(st.sampled_from(absent))
            data = draw(st.one_of(st.none(), contents))
            operations.append(Move(old, new, data))
            source = state.pop(old)
            state[new] = (source[0] if data is None else data, source[1])
    return operations


def _expected(tree: dict[str, tuple[bytes, int]], operations: list[Operation]) -> dict[str, tuple[bytes, int]]:
    state = dict(tree)
    for op in operations:
        if isinstance(op, Write):
            state[op.path] = (op.content, op.mode if op.mode is not None else state.get(op.path, (b"", 0o644))[1])
        elif isinstance(op, Delete):
            del state[op.path]
        elif isinstance(op, Chmod):
            state[op.path] = (state[op.path][0], op.mode)
        else:
            source = state.pop(op.old)
            state[op.new] = (source[0] if op.content is None else op.content, source[1])
    return state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tree=trees)
def test_apply_then_revert_is_identity_and_git_apply_agrees(
    data: st.DataObject, tree: dict[str, tuple[bytes, int]]
) -> None:
    operations = data.draw(batches(tree))
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        repo = base / "repo"
        repo.mkdir()
        write_snapshot(repo, tree)
        original, original_dirs = snapshot(repo), directories(repo)
        journal = Journal(repo)
        expected_patch = journal.preview_bytes(operations) if _expected(tree, operations) != tree else None
        try:
            manifest = journal.apply("1", operations)
        except InvalidBatch as exc:
            assert "change nothing" in str(exc) and _expected(tree, operations) == tree
            assert snapshot(repo) == original
            return
        applied = snapshot(repo)
        assert applied == _expected(tree, operations)
        assert (repo / manifest.forward_patch).read_bytes() == expected_patch

        forward = base / "forward"
        forward.mkdir()
        write_snapshot(forward, original)
        run = git_apply(forward, repo / manifest.forward_patch)
        assert run.returncode == 0, run.stderr
        assert git_mode_view(snapshot(forward)) == git_mode_view(applied)

        reverse = copy_tree(repo, base / "reverse")
        run = git_apply(reverse, repo / manifest.reverse_patch)
        assert run.returncode == 0, run.stderr
        assert git_mode_view(snapshot(reverse)) == git_mode_view(original)

        journal.revert("1")
        assert snapshot(repo) == original
        assert directories(repo) == original_dirs
        shutil.rmtree(repo / ".guardian")
