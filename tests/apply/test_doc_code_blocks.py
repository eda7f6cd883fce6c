"""A documentation file's Python code blocks are code (issue 13, bottle 0.13.5).

bottle's README shows ``from bottle import route, run, template`` in a ``.. code-block:: python``: an import of
its one top-level module with no dotted token. Read as prose it was left as a manual follow-up, and the example
no longer ran after the rename. Such a block's lines are rewritten as a doctest's prompt lines are, whatever
``--no-prose``, and the plan lists their imports (``code-block``); a block of another language, a fence without
one and the prose around them are left.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import (
    Invoke,
    applied,
    committed,
    plan_references,
    plan_renames,
    planned,
    reverted,
    snapshot,
    write_files,
)

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.doc_code_blocks import CodeBlocks
from planner.scan import scan_repo

README = """\
Tool
====

Install the tool with pip, then:

.. code-block:: python
   :caption: hello.py

   from tool import make, run

   run(make("x"))

.. code-block:: bash

   pip install tool
   python -c "import tool"

The tool module is all there is.
"""
GUIDE = """\
# Guide

```python
import tool
from tool import (
    make,
)

tool.make("y")
```

```
from tool import make
```

~~~py
from tool import run
~~~
"""
NEW = "WF1_V7_L1_1of1_tool"


def test_python_code_blocks_are_code(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "tool.py": "def make(x):\n    return x\n\n\ndef run(x):\n    return x\n",
            "README.rst": README,
            "docs/guide.md": GUIDE,
            "guardian.toml": 'exempt = ["docs/**"]\n\n[workflows]\n"tool.py" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = plan_renames(plan)
    listed = {(r["path"], r["line"]) for r in rename["references"] if r["kind"] == "code-block"}
    assert listed == {("README.rst", 9), ("docs/guide.md", 4), ("docs/guide.md", 5), ("docs/guide.md", 17)}

    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests", "--no-prose").stdout)

    # a bash block is no Python: its ``import tool`` is a shell's word (a bare name, left)
    assert (repo / "README.rst").read_text() == README.replace("   from tool import make", f"   from {NEW} import make")
    assert (repo / "docs/guide.md").read_text() == GUIDE.replace("import tool\n", f"import {NEW}\n").replace(
        "from tool import (", f"from {NEW} import ("
    ).replace('tool.make("y")', f'{NEW}.make("y")').replace("from tool import run", f"from {NEW} import run")
    follow_ups = [
        f["detail"] for b in done["batches"] for f in b["manual_follow_up"] if "from tool import" in f["detail"]
    ]
    assert [f.partition(": ")[0] for f in follow_ups] == ["docs/guide.md:13"]  # a fence without a language: prose
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_which_lines_are_a_python_blocks_code() -> None:
    blocks = CodeBlocks()
    lines = [
        ".. code-block:: python",
        "   :linenos:",
        "",
        "   import tool",
        "",
        "   tool.run()",
        "after",
        ".. code:: bash",
        "",
        "   import tool",
        "end of the bash block",
        "  ```python",
        "  import tool",
        "  ```",
        "import tool",
    ]
    assert [line for line in lines if blocks.code(line)] == ["   import tool", "   tool.run()", "  import tool"]


RUN_BLOCKS = """\
T
=

.. testsetup:: group

   import tool

.. testcode::

   from tool import run

.. ipython:: python

   from tool import run
   %timeit run(1)

.. jupyter-execute::

   from tool import run

.. ipython::

   In [1]: import tool

Example::

   from tool import run

.. note::

   from tool import run
"""
RUN_CELLS = """\
```{code-cell} ipython3
from tool import run
!pip install tool
```

```{code-cell} python
import tool
```

```{python}
import tool
```

```{code-block} python
from tool import run
```

```{code-cell}
import tool
```
"""


def test_blocks_a_documentation_build_runs_are_python_code(tmp_path: Path) -> None:
    """Sphinx's testcode/testsetup, ``.. ipython:: python``, ``.. jupyter-execute::`` and MyST's
    ``{code-cell} python``/``ipython3`` run as Python: planned and rewritten as ``.. code-block:: python`` is
    (they were left as follow-ups). An IPython shell line or magic, ``In [1]:`` prompts, a ``::`` literal block,
    a note and a code cell with no language are left."""
    write_files(tmp_path, {"tool.py": "def run(x):\n    return x\n", "docs/run.rst": RUN_BLOCKS, "cells.md": RUN_CELLS})
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    for path, text, lines in (("docs/run.rst", RUN_BLOCKS, {6, 10, 14, 19}), ("cells.md", RUN_CELLS, {2, 7, 11, 15})):
        listed = {r.line for r in scan.references if r.path == path and r.kind == "code-block"}
        new = rewrite_config_refs(text, {"tool": "WF1_tool"}, path=path, path_renames={}).code
        changed = {n for n, (a, b) in enumerate(zip(text.splitlines(), new.splitlines()), start=1) if a != b}
        assert (listed, changed) == (lines, lines)


PAGE_TEST = """\
import doctest
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_readme_block_runs():
    (block,) = re.findall(r"```python\\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    exec(block, {})


def test_the_guide_block_runs():
    found = re.search(r"\\.\\. code-block:: python\\n\\n((?:   .*\\n)+)", (ROOT / "docs/usage.rst").read_text())
    exec("\\n".join(line[3:] for line in found.group(1).splitlines()), {})


def test_the_doctest_page_passes():
    assert doctest.testfile(str(ROOT / "docs/guide.rst"), module_relative=False).failed == 0
"""


def test_a_page_naming_a_submodule_only_as_from_pkg_import_mod_is_rewritten(cli: Invoke, tmp_path: Path) -> None:
    """A page whose only mention of ``pkg.mathops`` is ``from pkg import mathops`` in a code block or doctest (breaker
    k03/k04): the plan listed it (``code-block``, ``doctest``) but apply's screen of the files to read
    (codemods/refs.py) looked for the dotted path, so the page was never opened and its example failed with
    ``ImportError`` after the rename. Plan and apply now ask the same question of a page (``holds_examples``)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
            "README.md": "# Demo\n\n```python\nfrom pkg import mathops\n\nassert mathops.double(3) == 6\n```\n",
            "docs/usage.rst": "Usage\n=====\n\n.. code-block:: python\n\n   from pkg import mathops\n"
            "   assert mathops.double(5) == 10\n",
            "docs/guide.rst": "Guide\n\n>>> from pkg import mathops\n>>> mathops.double(2)\n4\n",
            "tests/test_pages.py": PAGE_TEST,
        },
    )
    plan, original = planned(cli, repo, "3 passed")
    listed = {(r["path"], r["kind"]) for _, r in plan_references(plan)}
    assert {("README.md", "code-block"), ("docs/usage.rst", "code-block"), ("docs/guide.rst", "doctest")} <= listed
    applied(cli, repo, "3 passed")
    [new] = [p.stem for p in (repo / "pkg").glob("WF*.py")]
    assert f"from pkg import {new} as mathops" in (repo / "README.md").read_text()
    reverted(cli, repo, original)
