"""Shell completion files are scripts a shell runs (issue 13, argcomplete 3.8.0).

argcomplete's global completion hook ``argcomplete/bash_completion.d/_python-argcomplete`` starts with zsh's
``#compdef`` line, has no ``#!`` line and no suffix, and is sourced (mode 0644): it runs
``"$executable" -m argcomplete._check_module``. Guardian read a suffix-less file only when it was executable and
its first line a shell's ``#!``, so the plan listed nothing and apply left the hook running a module that no
longer exists: 5 of argcomplete's tests lost. A file whose first line is ``#compdef`` or ``#autoload`` (zsh's
completion system), a suffix-less file in a completion directory (``bash_completion.d/``, ``completions/``,
``zsh/``), and ``*.zsh``/``*.ksh`` files are shell scripts, executable or not: their ``python -m`` lines are
rewritten; revert gives back every byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

HOOK = '#compdef -default-\n# global completion hook\n"${PYTHON:-python}" -m pkg.check "$1"\n'
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/check.py": "import sys\n\nprint('checked', sys.argv[1])\n",
    "pkg/completion.d/_tool": HOOK,
    "pkg/completion.d/_helper": "#autoload\npython -m pkg.check --help\n",
    "pkg/bash_completion.d/tool": '_tool() { COMPREPLY=($(python -m pkg.check "$2")); }\ncomplete -F _tool tool\n',
    "contrib/zsh/_tool": "_arguments '*: :->files'\npython -m pkg.check x\n",
    "shell/tool.zsh": "python -m pkg.check x\n",
    "tests/test_hook.py": (
        "import os\nimport subprocess\nimport sys\n\n\n"
        "def test_hook() -> None:\n"
        "    env = dict(os.environ, PYTHON=sys.executable)\n"
        "    done = subprocess.run(['bash', 'pkg/completion.d/_tool', 'x'], env=env, capture_output=True, text=True)\n"
        "    assert done.stdout == 'checked x\\n', done.stderr\n"
    ),
}
SCRIPTS = {
    "pkg/completion.d/_tool": 3,
    "pkg/completion.d/_helper": 2,
    "pkg/bash_completion.d/tool": 1,
    "contrib/zsh/_tool": 2,
    "shell/tool.zsh": 1,
}


def test_completion_files_follow_the_renamed_module(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    for name in SCRIPTS:
        assert not os.stat(repo / name).st_mode & 0o111  # sourced, not run: no execute bit
    plan, original = planned(cli, repo, "1 passed")
    found = {(r["path"], r["line"], r["action"]) for _, r in plan_references(plan) if r["path"] in SCRIPTS}
    assert found == {(path, line, "rewrite") for path, line in SCRIPTS.items()}

    applied(cli, repo, "1 passed")
    [new] = (repo / "pkg").glob("WF*_check.py")
    for name in SCRIPTS:
        assert (repo / name).read_text() == FILES[name].replace("pkg.check", f"pkg.{new.stem}"), name
    env = dict(os.environ, PYTHON=sys.executable)
    hook = subprocess.run(["bash", "pkg/completion.d/_tool", "y"], cwd=repo, env=env, capture_output=True, text=True)
    assert hook.stdout == "checked y\n"
    reverted(cli, repo, original)
