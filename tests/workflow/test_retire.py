"""``guardian retire``: the stability window, shim removal and contract SQL as journaled batches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_helpers import run

from codemods.shims import shim_source
from guardian.tracking import CheckRecord, open_tracker
from planner.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIM = shim_source("app.models", "app.WF1_V7_L1_1of1_models")


def make_repo(write_tree, window: int, database: bool) -> Path:
    config = f'source_roots = ["src"]\nshims = true\n[workflows]\n"src/app/**" = 1\n[retirement]\nstability_seconds = {window}\n'
    if database:
        config += (
            '[database]\nschema = ["db/schema.sql"]\ndialect = "postgres"\n'
            '[enums]\norder_status = { merge = ["orderstatus", "status_enum"], map = { "canceled" = "cancelled" } }\n'
        )
    root = write_tree(
        {
            "guardian.toml": config,
            "src/app/__init__.py": "",
            "src/app/WF1_V7_L1_1of1_models.py": "X = 1\n",
            "src/app/models.py": SHIM,
            "src/app/looks_like_a_shim.py": "# guardian-shim: app.x -> app.y\nX = 2\n",
        }
    )
    if database:
        (root / "db").mkdir()
        shutil.copy(REPO_ROOT / "sample_repo" / "db" / "schema.sql", root / "db" / "schema.sql")
    tracker = open_tracker(root, Config(root=root))
    tracker.record_validation([CheckRecord("tests", "pass", "ok", {}, 0.1)])  # a green validate, nothing applied
    tracker.close()
    return root


def test_retire_waits_for_the_stability_window(write_tree) -> None:
    repo = make_repo(write_tree, window=3600, database=False)
    code, out, _ = run(repo, "retire", "--dry-run")
    assert code == 0 and "would remove 1 compatibility shim(s)" in out and "not yet: stability window" in out
    # an editable install's entry_points.txt, outside the checkout, names the old paths (issue 13)
    assert "before retiring, reinstall the package (pip install -e .)" in out
    code, _, err = run(repo, "retire")
    assert code == 3 and "stability window is not over" in err and "left" in err
    assert (repo / "src/app/models.py").read_text() == SHIM
    assert open_tracker(repo, Config(root=repo)).phase(7).status == "IN_PROGRESS"


def test_retire_removes_shims_as_a_journaled_batch_and_completes_phase_7(write_tree) -> None:
    repo = make_repo(write_tree, window=0, database=False)
    code, out, _ = run(repo, "--json", "retire")
    assert code == 0, out
    done = json.loads(out)
    assert done["shims_removed"] == [{"path": "src/app/models.py", "target": "app.WF1_V7_L1_1of1_models"}]
    assert done["batches"] == ["retire-shims-1"] and done["contract"]["mode"] == "none"
    assert not (repo / "src/app/models.py").exists()
    assert (repo / "src/app/looks_like_a_shim.py").exists()  # a marker without the shim body is not Guardian's
    tracker = open_tracker(repo, Config(root=repo))
    assert tracker.phase(7).status == "COMPLETE" and tracker.phase(7).completed_at is not None
    assert ("src/app/models.py", "retire-shims-applied", "batch retire-shims-1") in tracker.file_audit(
        "src/app/models.py"
    )
    assert run(repo, "gate", "7")[0] == 0
    code, _, err = run(repo, "revert", "retire-shims-1")  # the journal undoes a retirement byte for byte
    assert code == 0, err
    assert (repo / "src/app/models.py").read_text() == SHIM


def test_retire_writes_the_enum_contract_sql(write_tree) -> None:
    repo = make_repo(write_tree, window=0, database=True)
    code, out, err = run(repo, "--json", "retire", "--sql-dir", "db/contract")
    assert code == 0, err
    done = json.loads(out)
    assert done["contract"]["mode"] == "written" and done["groups"] == ["order_status"]
    files = done["contract"]["files"]
    assert files and all(f.startswith("db/contract/") and (repo / f).is_file() for f in files)
    up = (repo / next(f for f in files if f.endswith(".up.sql"))).read_text()
    assert "DROP TYPE" in up.upper()
    assert done["batches"] == ["retire-shims-1", "retire-contract-sql-1"]
    migrations = open_tracker(repo, Config(root=repo)).enum_migrations()
    assert [(m.canonical, m.step, m.status) for m in migrations] == [("order_status", "contract", "written")]
    code, _, err = run(repo, "retire", "--sql-dir", "../elsewhere")
    assert code == 2 and "inside the repository" in err


def test_retire_removes_guardians_compatibility_bindings_and_revert_restores_them(write_tree) -> None:
    """``from . import WF1_sub as sub  # guardian-binding: ...`` (codemods/old_name_bindings.py) goes with
    the shims, in the same journaled batch; a hand-written line with the marker stays."""
    from codemods.old_name_bindings import BINDING_COMMENT

    repo = make_repo(write_tree, window=0, database=False)
    init = (
        '"""The app."""\r\n'
        "from .WF1_V7_L1_1of1_models import *\r\n"
        f"from . import WF1_V7_L1_1of1_models as models  {BINDING_COMMENT}\r\n"
        f"OTHER = 1  {BINDING_COMMENT}\r\n"
    )
    (repo / "src/app/__init__.py").write_bytes(init.encode())
    code, out, _ = run(repo, "retire", "--dry-run")
    assert code == 0 and "would remove 1 compatibility binding(s)" in out and "src/app/__init__.py: models" in out
    code, out, err = run(repo, "--json", "retire")
    assert code == 0, err
    done = json.loads(out)
    assert done["bindings_removed"] == [{"path": "src/app/__init__.py", "name": "models"}]
    assert done["batches"] == ["retire-shims-1"]
    assert (repo / "src/app/__init__.py").read_bytes() == init.replace(init.splitlines(keepends=True)[2], "").encode()
    tracker = open_tracker(repo, Config(root=repo))
    assert ("src/app/__init__.py", "retire-shims-applied", "batch retire-shims-1") in tracker.file_audit(
        "src/app/__init__.py"
    )
    code, _, err = run(repo, "revert", "retire-shims-1")
    assert code == 0, err
    assert (repo / "src/app/__init__.py").read_bytes() == init.encode()


def test_retire_removes_the_collect_ignore_line_of_the_shims_and_revert_restores_it(write_tree) -> None:
    """The conftest line that keeps pytest off the shims (codemods/collect_ignore.py) goes with them: a
    conftest Guardian wrote is deleted, the user's own loses only that line."""
    from codemods.collect_ignore import with_ignored

    repo = make_repo(write_tree, window=0, database=False)
    ours = with_ignored(None, ["app/models.py"])[0]
    user = 'collect_ignore = ["setup.py"]\n'
    theirs = with_ignored(user, ["models.py"])[0]
    (repo / "src/conftest.py").write_text(ours)
    (repo / "src/app/conftest.py").write_text(theirs)
    code, out, _ = run(repo, "retire", "--dry-run")
    assert code == 0 and "would remove the collect_ignore line of the shims in src/conftest.py" in out
    code, out, err = run(repo, "--json", "retire")
    assert code == 0, err
    done = json.loads(out)
    assert done["collect_ignore_removed"] == ["src/app/conftest.py", "src/conftest.py"]
    assert done["batches"] == ["retire-shims-1"]
    assert not (repo / "src/conftest.py").exists()
    assert (repo / "src/app/conftest.py").read_text() == user
    code, _, err = run(repo, "revert", "retire-shims-1")
    assert code == 0, err
    assert (repo / "src/conftest.py").read_text() == ours and (repo / "src/app/conftest.py").read_text() == theirs
