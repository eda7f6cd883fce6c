"""init / assess / plan through the real command line: outputs, files and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.pattern import Pattern


def guardian(repo: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a fresh process (as a user would), never inheriting test state."""
    return subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
        capture_output=True,
        text=True,
        cwd=cwd or repo,
        timeout=120,
    )


def test_assess_sample_repo_json(sample_copy):
    run = guardian(sample_copy, "--json", "assess")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["compliance"]["modules"] >= 25 and report["compliance"]["percent"] == 0.0
    assert all(n["reason"] for n in report["compliance"]["noncompliant"])
    assert report["graph"]["edges"] > 50
    assert [v["importer"] for v in report["layer_violations"]] == ["shop.inventory.stock"]
    assert ["shop.orders.notifications", "shop.orders.service"] in report["cycles"]
    kinds = {r["kind"] for r in report["references"]}
    assert {"importlib", "mock.patch", "monkeypatch", "pytest_plugins", "__all__", "entry-point", "automodule"} <= kinds
    assert {h["kind"] for h in report["hazards"]} == {"shadowed-submodule", "local-name-clash"}
    assert report["syntax_errors"] == []


def test_plan_sample_repo_targets_and_byte_identical_replan(sample_copy, tmp_path):
    first = guardian(sample_copy, "plan", "-o", str(tmp_path / "a.json"))
    assert first.returncode == 0, first.stderr
    assert "renames in" in first.stdout
    second = guardian(sample_copy, "plan", "-o", str(tmp_path / "b.json"))
    assert second.returncode == 0
    a, b = (tmp_path / "a.json").read_bytes(), (tmp_path / "b.json").read_bytes()
    assert a == b == (sample_copy / ".guardian/plan.json").read_bytes()
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    assert (sample_copy / ".guardian/.gitignore").read_text() == "*\n"  # git status stays clean
    plan = json.loads(a)
    pattern = Pattern(plan["pattern"], 7)
    renames = [r for batch in plan["batches"] for r in batch["renames"]]
    assert len(renames) >= 25 and all(len(batch["renames"]) <= 8 for batch in plan["batches"])
    for rename in renames:
        fields = pattern.parse(rename["new"].rpartition("/")[2][:-3])
        assert fields is not None and fields["version"] == "7", rename["new"]
        assert rename["old_module"].rpartition(".")[2] == fields["name"]
    ledger = next(r for r in renames if r["old"].endswith("billing/ledger.py"))
    assert ledger["companions"][0][0] == "src/shop/billing/ledger.pyi"


def test_planted_conflict_exits_3_listing_all(sample_copy):
    plan = json.loads(guardian(sample_copy, "--json", "plan").stdout)
    targets = [r["new"] for b in plan["batches"] for r in b["renames"]][:2]
    for target in targets:  # squat two targets with exempt-looking files outside the pattern's reach
        (sample_copy / target[:-3]).mkdir()
        (sample_copy / target[:-3] / "__init__.py").write_text("")
    run = guardian(sample_copy, "plan")
    assert run.returncode == 3
    assert run.stderr.count("[target-exists]") == 2, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        ("batch_size = 8", 'batch_size = "eight"'),
        ("version = 7", "versoin = 7"),
        ('pattern = "WF', 'pattern = "WF{bogus}'),
        ("shims = false", "shims = false\n[[broken"),
        ('"src/shop/orders/legacy.py" = 1', '"src/shop/orders/legacy.py" = "two"'),
        ('testpaths = ["tests"]', 'testpaths = ["tests"]\npython_files = ["test_*.py", 1]'),  # pytest's own table
    ],
)
def test_bad_config_exits_2_with_one_clear_line(sample_copy, edit, needle):
    path = sample_copy / "pyproject.toml"
    text = path.read_text()
    assert edit in text
    path.write_text(text.replace(edit, needle, 1))
    run = guardian(sample_copy, "plan")
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("guardian: error: pyproject.toml:"), run.stderr
    assert "hint" in lines[0] and "Traceback" not in run.stderr


def test_missing_repo_and_syntax_errors(tmp_path, write_tree):
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(tmp_path / "nope"), "assess"], capture_output=True, text=True
    )
    assert run.returncode == 2 and "no such directory" in run.stderr
    root = write_tree({"pkg/__init__.py": "", "pkg/ok.py": "", "pkg/bad.py": "def f(:\n"})
    run = guardian(root, "--json", "assess")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["syntax_errors"] == [{"path": "pkg/bad.py", "line": 1, "message": "invalid syntax"}]


def test_init_writes_a_config_that_loads(write_tree):
    root = write_tree(
        {
            "src/app/__init__.py": "",
            "src/app/orders/__init__.py": "",
            "src/app/orders/models.py": "",
            "src/app/billing/__init__.py": "",
            "src/app/billing/api.py": "",
        }
    )
    run = guardian(root, "init")
    assert run.returncode == 0, run.stderr
    text = (root / "guardian.toml").read_text()
    assert 'source_roots = ["src"]' in text and '"src/app/billing/**" = 1' in text and '"src/app/orders/**" = 2' in text
    assert guardian(root, "init").returncode == 2  # refuses to overwrite
    plan = guardian(root, "--json", "plan")
    assert plan.returncode == 0, plan.stderr
    assert {r["new"] for b in json.loads(plan.stdout)["batches"] for r in b["renames"]} == {
        "src/app/orders/WF2_V7_L1_1of1_models.py",
        "src/app/billing/WF1_V7_L1_1of1_api.py",
    }


@pytest.mark.skipif(sys.platform != "linux", reason="needs a pipe whose buffer can be made small (F_SETPIPE_SZ)")
def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path):
    """`guardian plan | head -1`: the plan is saved, the command stops quietly with 0, no
    traceback and no complaint about the closed pipe. (The pipe's buffer is made one page, so
    the tables do not fit in it and a write after the reader has gone fails.)"""
    import fcntl

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        from synth import make_repo
    finally:
        sys.path.pop(0)
    root = make_repo(tmp_path / "synth", 500)
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)
    process = subprocess.Popen(
        [sys.executable, "-m", "guardian", "--repo", str(root), "plan"], stdout=writer, stderr=subprocess.PIPE
    )
    os.close(writer)
    with os.fdopen(reader, "rb") as output:
        first = output.readline()
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, errors
    assert first.startswith(b"500 renames in 5 batches")
    assert "Traceback" not in errors and "Exception ignored" not in errors and "Broken pipe" not in errors
    assert json.loads((root / ".guardian" / "plan.json").read_text())["batches"]


def test_plan_leaves_its_tracking_writes_in_the_database_file(sample_copy):
    """The command closes the tracking database: SQLite moves the write-ahead log into the file then
    (the plan's records, 130 MB at 20,000 modules, are not left for the next command's first write)."""
    run = guardian(sample_copy, "-q", "plan")
    assert run.returncode == 0, run.stderr
    tracking = sample_copy / ".guardian" / "tracking.db"
    assert tracking.stat().st_size > 0
    assert not Path(f"{tracking}-wal").exists() or Path(f"{tracking}-wal").stat().st_size == 0


def test_plan_text_lists_hazards_and_follow_ups(sample_copy, write_tree):
    """The text output showed risks per rename but neither the plan's hazards (a read or an import Guardian cannot
    attribute) nor the references it leaves for a person: only plan.json had them."""
    run = guardian(sample_copy, "plan")
    assert run.returncode == 0, run.stderr
    hazards = run.stdout.partition("\nHazards: ")[2].splitlines()
    assert "local-name-clash" in hazards[0] and "shadowed-submodule" in hazards[0]
    assert "  src/shop/billing/service.py:10: [local-name-clash] " in hazards[1]
    repo = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/core.py": "X = 1\n",
            "pkg/cli.py": "import subprocess\n\nsubprocess.run(['pkg', 'core'])\n",
        }
    )
    assert guardian(repo, "init").returncode == 0
    run = guardian(repo, "plan")
    assert run.returncode == 0, run.stderr
    assert "\nFollow-ups: 1 reference for a person\n  pkg/cli.py:3: [module-words] " in run.stdout


def test_a_plan_with_nothing_to_rename_says_why(tmp_path: Path) -> None:
    """A flat layout's top-level module is exempt by ``guardian init``, a namespace package outside the roots is
    no module: "0 renames in 0 batches" alone left the user guessing (breaker d16, d17)."""
    (tmp_path / "tool.py").write_text("X = 1\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "tool"\nversion = "1"\n')
    assert guardian(tmp_path, "init").returncode == 0
    run = guardian(tmp_path, "plan")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[:2] == [
        "0 renames in 0 batches; saved to .guardian/plan.json",
        "Nothing to rename: 1 module under the source roots (.), 1 exempt (guardian.toml's exempt) or kept "
        "(listed below), 0 already named by the pattern",
    ]
    (tmp_path / "tool.py").unlink()
    run = guardian(tmp_path, "plan")
    assert "No Python module found under the source roots (.): check source_roots in guardian.toml" in run.stdout
