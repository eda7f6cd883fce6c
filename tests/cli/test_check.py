"""``guardian check``: the compliance gate for CI and pre-commit (issue 14, finding 9).

Before it existed, a new non-compliant module after the migration left ``assess`` at exit 0 and
nothing but the heavy ``validate`` failed; these tests fail on that code (no ``check`` command).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.checks import Baseline, check
from planner.config import Config
from planner.scan import scan_repo

COMPLIANT = {
    "pyproject.toml": """\
        [tool.guardian]
        source_roots = ["src"]
        exempt = ["**/__init__.py"]
        [tool.guardian.workflows]
        "src/app/**" = 1
        """,
    "src/app/__init__.py": "",
    "src/app/WF1_V7_L1_1of2_models.py": "X = 1\n",
    "src/app/WF1_V7_L2_2of2_service.py": "from app import WF1_V7_L1_1of2_models as models\n",
}


def config_of(root: Path) -> Config:
    return Config(root=root, source_roots=("src",), exempt=("**/__init__.py",), workflows=(("src/app/**", 1),))


def test_compliant_checkout_passes_and_writes_nothing_but_its_cache(write_tree, guardian):
    repo = write_tree(COMPLIANT)
    run = guardian(repo, "check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""
    assert "ok, 2 modules" in run.stderr
    assert sorted(p.name for p in (repo / ".guardian").iterdir()) == [".gitignore", "cache"]  # no tracking.db


def test_planted_module_fails_with_path_line_and_reason_in_every_format(write_tree, guardian):
    repo = write_tree({**COMPLIANT, "src/app/helpers.py": "Y = 2\n"})
    text = guardian(repo, "check")
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert any(
        line.startswith(
            "src/app/helpers.py:1: naming: app.helpers breaks the naming convention: does not follow the pattern"
        )
        for line in lines
    ), lines
    assert "Traceback" not in text.stderr
    assert [line.partition(":")[0] for line in lines] == ["src/app/helpers.py"]  # the others keep their numbers
    github = guardian(repo, "check", "--format", "github")
    assert github.returncode == 1
    assert "::error file=src/app/helpers.py,line=1,title=guardian naming::app.helpers breaks" in github.stdout
    for args in (("check", "--format", "json"), ("--json", "check")):
        run = guardian(repo, *args)
        assert run.returncode == 1
        data = json.loads(run.stdout)
        assert data["passed"] is False
        assert any(
            {"path": "src/app/helpers.py", "line": 1, "kind": "naming"}.items() <= f.items() for f in data["findings"]
        ), data
        assert data["counts"]["naming"] >= 1


def test_new_cycle_and_layer_violation_fail_unless_the_baseline_had_them(write_tree):
    repo = write_tree(
        {
            **COMPLIANT,
            "src/app/WF1_V7_L1_1of2_models.py": "X = 1\n\ndef f():\n    from app import WF1_V7_L2_2of2_service\n",
        }
    )
    config = Config(
        root=repo,
        source_roots=("src",),
        exempt=("**/__init__.py",),
        workflows=(("src/app/**", 1),),
        layers=(("**/*models.py", 1), ("**/*service.py", 2)),
    )
    scan = scan_repo(config)
    result = check(config, scan)
    assert [(f.path, f.line, f.kind) for f in result.findings] == [
        ("src/app/WF1_V7_L1_1of2_models.py", 4, "layer"),
        ("src/app/WF1_V7_L1_1of2_models.py", 4, "cycle"),
    ]
    assert "layer 1) imports app.WF1_V7_L2_2of2_service (layer 2)" in result.findings[0].message
    assert result.findings[1].message.startswith("new import cycle: app.WF1_V7_L1_1of2_models -> ")
    # the assessment recorded both under the old names; the renames since carry them over
    renamed = {"app.models": "app.WF1_V7_L1_1of2_models", "app.service": "app.WF1_V7_L2_2of2_service"}
    cycle_only = {"cycles": [["app.models", "app.service"]], "layer_violations": []}
    assert [
        f.kind for f in check(config, scan, baseline=Baseline.from_assessment(cycle_only, renamed, "t")).findings
    ] == ["layer"]
    both = {**cycle_only, "layer_violations": [{"importer": "app.models", "imported": "app.service"}]}
    accepted = check(config, scan, baseline=Baseline.from_assessment(both, renamed, "t"))
    assert accepted.passed and accepted.known == 2


def test_retired_paths_exact_match_only_and_package_attributes_spared(write_tree):
    repo = write_tree(
        {
            **COMPLIANT,
            "src/app/__init__.py": "from .WF1_V7_L1_1of2_models import X as config\n",
            "src/app/WF1_V7_L2_2of2_service.py": (
                "from app import models\n"  # the retired submodule
                "from app import config\n"  # the package's own attribute: fine
                "import app.models_extra\n"  # a prefix is not a match
                "from unittest import mock\n"
                "P = mock.patch('app.models.X')\n"  # exact dotted path + attribute
                "Q = 'app.modelsX'\n"
                "MODPATH = ['app', 'models']\n"  # the path by its parts, named a module path
                "S = ['app', 'models', 'X']\n"  # a longer list of words: no module-parts reference
                "subprocess.run(['app', 'models'])\n"  # words, apply leaves them: a follow-up, no finding
                "assert label.split('.') == ['app', 'models']\n"  # a model's label, the same
            ),
        }
    )
    config = config_of(repo)
    retired = {"app.models": "app.WF1_V7_L1_1of2_models", "app.config": "app.WF1_V7_L1_9of9_config"}
    found = [f for f in check(config, scan_repo(config), retired=retired).findings if f.kind == "retired-path"]
    assert [(f.path, f.line) for f in found] == [
        ("src/app/WF1_V7_L2_2of2_service.py", 1),
        ("src/app/WF1_V7_L2_2of2_service.py", 5),
        ("src/app/WF1_V7_L2_2of2_service.py", 7),
    ]
    assert "app.models was renamed to app.WF1_V7_L1_1of2_models" in found[0].message


def test_an_import_through_guardians_compatibility_binding_still_names_the_retired_path(write_tree):
    """``from . import WF1_models as models  # guardian-binding: ...`` keeps ``app.models`` working
    until retire, like a shim; a new ``from app import models`` is still an import of a retired path,
    while the same binding written by hand is the package's own attribute."""
    from codemods.old_name_bindings import BINDING_COMMENT

    binding = "from . import WF1_V7_L1_1of2_models as models"
    written = f"from . import (  {BINDING_COMMENT}\n    WF1_V7_L1_1of2_models as models,\n)"  # as Guardian writes it
    retired = {"app.models": "app.WF1_V7_L1_1of2_models"}
    cases = [(f"{binding}  {BINDING_COMMENT}", [("src/app/WF1_V7_L2_2of2_service.py", 1)]), (binding, [])]
    for code, expected in [*cases, (written, cases[0][1])]:
        repo = write_tree(
            {
                **COMPLIANT,
                "src/app/__init__.py": f"from .WF1_V7_L1_1of2_models import *\n{code}\n",
                "src/app/WF1_V7_L2_2of2_service.py": "from app import models\n",
            }
        )
        config = config_of(repo)
        found = [f for f in check(config, scan_repo(config), retired=retired).findings if f.kind == "retired-path"]
        assert [(f.path, f.line) for f in found] == expected, code


def _migrate(repo: Path, guardian) -> None:
    """The sample through assess, plan, approvals and apply, committed: a migrated codebase."""
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "before"], cwd=repo, check=True)
    for args in (("assess", "--no-baseline"), ("plan",)):
        assert guardian(repo, *args).returncode == 0
    plan = json.loads((repo / ".guardian/plan.json").read_text())
    for batch in plan["batches"]:
        for who, role in (("ana", "Layer Guardian"), ("bo", "Test Sentinel")):
            assert guardian(repo, "approve", str(batch["id"]), "--by", who, "--role", role).returncode == 0
    run = guardian(repo, "apply", "--all", "--no-tests")  # the batches' proof by tests is apply's own suite
    assert run.returncode == 0, run.stderr
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "migrated"], cwd=repo, check=True)


@pytest.mark.slow
def test_pre_commit_hook_flags_planted_module_after_migration(sample_copy, tmp_path, guardian):
    """The shipped .pre-commit-hooks.yaml, run by the real pre-commit tool (offline: the hook's
    environment is built from this checkout with the test environment's packages on PYTHONPATH)."""
    import os
    import shutil
    import sysconfig

    source = Path(__file__).resolve().parents[2]
    if shutil.which("git") is None or not (source / ".git").exists():
        pytest.skip("needs git and a git checkout of Guardian")
    _migrate(sample_copy, guardian)
    assert guardian(sample_copy, "check").returncode == 0  # the migrated sample is compliant
    site = sysconfig.get_paths()["purelib"]
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PYTHONPATH": site,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(Path(site) / "virtualenv/seed/wheels/embed"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
    }
    hook = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "guardian-check", "--all-files"]
    clean = subprocess.run(hook, cwd=sample_copy, capture_output=True, text=True, env=env, timeout=600)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "guardian check" in clean.stdout and "Passed" in clean.stdout
    (sample_copy / "src/shop/billing/refunds.py").write_text("from shop.billing import models\n")
    subprocess.run(["git", "add", "-A"], cwd=sample_copy, check=True)
    planted = subprocess.run(hook, cwd=sample_copy, capture_output=True, text=True, env=env, timeout=600)
    assert planted.returncode == 1, planted.stdout + planted.stderr
    assert "Failed" in planted.stdout
    assert "src/shop/billing/refunds.py:1: naming: shop.billing.refunds breaks the naming convention" in planted.stdout
    assert "src/shop/billing/refunds.py:1: retired-path: imports shop.billing.models" in planted.stdout
    # the numbering policy keeps the migrated modules' numbers: only the planted module is named
    assert planted.stdout.count(": naming: ") == 1, planted.stdout


def test_committed_baseline_carries_known_debt_and_retired_paths_to_a_clone(write_tree, guardian):
    """A CI clone has no .guardian/: the committed .guardian-baseline.json tells it what is known."""
    import shutil

    layers = '[tool.guardian.layers]\n"**/*models.py" = 1\n"**/*service.py" = 2\n'
    repo = write_tree(
        {
            **COMPLIANT,
            "pyproject.toml": COMPLIANT["pyproject.toml"],
            "src/app/WF1_V7_L1_1of2_models.py": "X = 1\n\ndef f():\n    from app import WF1_V7_L2_2of2_service\n",
        }
    )
    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text() + layers)
    before = guardian(repo, "check")
    assert before.returncode == 1 and [line.split(": ")[1] for line in before.stdout.splitlines()] == ["layer", "cycle"]
    update = guardian(repo, "check", "--update-baseline")
    assert update.returncode == 0, update.stdout + update.stderr
    assert "1 cycle(s) and 1 layer violation(s) accepted" in update.stderr
    recorded = json.loads((repo / ".guardian-baseline.json").read_text())
    recorded["retired"] = {"app.models": "app.WF1_V7_L1_1of2_models"}  # as a migration's journal leaves it
    (repo / ".guardian-baseline.json").write_text(json.dumps(recorded))
    shutil.rmtree(repo / ".guardian")  # the clone CI gets
    assert guardian(repo, "check").returncode == 0
    (repo / "src/app/WF1_V7_L2_3of3_api.py").write_text("from app import models\n")
    after = guardian(repo, "check")
    assert after.returncode == 1
    assert after.stdout.splitlines() == [
        "src/app/WF1_V7_L2_3of3_api.py:1: retired-path: imports app.models: app.models was renamed to "
        "app.WF1_V7_L1_1of2_models"
    ]
    (repo / ".guardian-baseline.json").write_text('{"version": 1, "layer_violations": [["only-one"]]}')
    broken = guardian(repo, "check")
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert ".guardian-baseline.json: layer_violations: expected a list of [importer, imported] pairs" in broken.stderr
    # --update-baseline regenerates a damaged file (the retired paths it held are lost with it)
    assert guardian(repo, "check", "--update-baseline").returncode == 0
    assert json.loads((repo / ".guardian-baseline.json").read_text())["version"] == 1
