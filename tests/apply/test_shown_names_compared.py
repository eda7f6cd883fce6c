"""A module's name "only shown" that a configuration or a test compares (issue 13, breaker c4 c24 c27).

``logging.getLogger(__name__.rsplit(".", 1)[-1])`` with ``dictConfig({"loggers": {"worker": ...}})`` elsewhere:
renamed, the configuration no longer reached the logger and its records were lost (``[] == ['working']``);
``ArgumentParser(prog=Path(__file__).stem)`` compared by a test gave ``usage: WF1_...``; both were called harmless
(nothing kept, nothing listed). A log record's ``module`` (``r.module for r in caplog.records``, a
``%(module)s`` format in a test) is the file name of the module that logged: listed as a ``module-file-name``
hazard. A tail given to a logger no configuration names keeps nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/setup_logging.py": (
        "import logging.config\n\n\ndef configure():\n    logging.config.dictConfig({'version': 1, "
        "'disable_existing_loggers': False, 'loggers': {'worker': {'level': 'DEBUG'}}})\n"
    ),
    "pkg/worker.py": (
        "import logging\n\nlog = logging.getLogger(__name__.rsplit('.', 1)[-1])\n\n\ndef work():\n"
        "    log.debug('working')\n"
    ),
    # a tail only shown: no configuration names ``quiet``
    "pkg/quiet.py": "import logging\n\nlog = logging.getLogger(__name__.rsplit('.', 1)[-1])\n",
    "pkg/deploy.py": (
        "import argparse\nfrom pathlib import Path\n\n\ndef parser():\n"
        "    return argparse.ArgumentParser(prog=Path(__file__).stem)\n"
    ),
    "pkg/lg.py": "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef hello():\n    log.warning('hello')\n",
    "tests/__init__.py": "",
    "tests/test_shown.py": (
        "import logging\n\nfrom pkg import deploy, lg, quiet, worker  # noqa: F401\nfrom pkg.setup_logging import configure\n\n\n"
        "def test_debug(caplog):\n    configure()\n    worker.work()\n    assert [r.getMessage() for r in caplog.records] == "
        "['working']\n\n\ndef test_usage():\n    assert deploy.parser().format_usage() == 'usage: deploy [-h]\\n'\n\n\n"
        "def test_log_module(caplog):\n    lg.hello()\n    assert [r.module for r in caplog.records] == ['lg']\n"
    ),
}


def test_a_name_shown_then_compared_keeps_its_module_or_is_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    assert sorted(kept) == ["pkg/deploy.py", "pkg/worker.py"]
    assert "which pkg/setup_logging.py:5 configures by that name" in kept["pkg/worker.py"]
    listed = {(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"]}
    assert ("module-file-name", "pkg.lg", "tests/test_shown.py", 19) in listed
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg" / "quiet.py").exists()  # renamed: no configuration names its logger
    assert own_suite(repo).startswith("1 failed, 2 passed")  # the record's module: listed, not kept
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
