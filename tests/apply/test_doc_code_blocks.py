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

from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

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
