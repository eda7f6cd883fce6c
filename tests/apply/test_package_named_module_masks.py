"""A package with a submodule of its own name, and ``import pkg.other as other`` (issue 13, python-box 8.0.0).

python-box has ``box/box.py`` beside ``box/converters.py``, and its tests ``import box.converters as converters``.
Renaming both in one round masked that import twice: for ``box.box`` its first name ``box`` (the top-level
package, which Rope would take for the sibling ``box/box.py``), for ``box.converters`` the whole alias (its local
name is kept). The two masks overlapped and the second was written into the first
(``import __guardian_mask_0__uardian_mask_1__ as converters``): apply stopped, "Rope altered a protected import",
exit 3, nothing renamed. A span inside another one of the same file is left to the outer mask, which takes its
text away from Rope as well.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.local_names import MaskRequest, mask_many, unmask

USE = """\
import pkg.other as other
from pkg import Thing
from pkg.other import helper

print(Thing().name, other.helper(), helper())
"""


def test_masks_of_two_renames_on_one_alias_do_not_overlap() -> None:
    source = b"import pkg.other as other\nfrom pkg import Thing\n"
    masked, (own, others) = mask_many(
        source, [MaskRequest("pkg.pkg", ()), MaskRequest("pkg.other", ())], package="tests"
    )
    assert masked.startswith(b"import __guardian_mask_0__ as other\n")  # the whole alias hidden once, pkg too
    restored = b"import pkg.WF1_other as other\nfrom pkg import Thing\n"
    assert unmask(unmask(masked, others, "WF1_other"), own, "WF1_pkg") == restored
    assert unmask(unmask(masked, own, "WF1_pkg"), others, "WF1_other") == restored


def test_a_package_with_its_own_name_as_a_submodule_is_renamed(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "from pkg.pkg import Thing\n",
            "pkg/pkg.py": "class Thing:\n    name = 'thing'\n",
            "pkg/other.py": "def helper():\n    return 'helped'\n",
            "use.py": USE,
        },
    )
    committed(repo)
    original = snapshot(repo)

    def use() -> str:
        done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr.strip().rpartition("\n")[2]

    assert use() == "thing helped helped\n"
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/pkg.py").exists() and not (repo / "pkg/other.py").exists()
    assert (repo / "use.py").read_text().splitlines()[:3] == [
        "import pkg.WF1_V7_L1_1of2_other as other",
        "from pkg import Thing",
        "from pkg.WF1_V7_L1_1of2_other import helper",
    ]
    assert use() == "thing helped helped\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
