"""Two levels of call to a helper completing a file name (issue 13): the functions that hand their parameter on.

``greet("greeter")`` calls ``greet(plugin)`` (tools/api.py), which calls ``run_plugin(f"{plugin}_v1")``
(tools/loader.py), which builds ``PLUGINS / (name + ".py")``: ``greet`` is a helper too, whose template is
``run_plugin``'s with the handed-on string in its hole (``{}_v1.py``). The facts hold the helpers and the strings
handed to calls (planner/handed_file_names.py); a function that hands a parameter on is read here, at plan time,
only in a file that defines, at its top level, a function a call hands such a string to, and whose bytes name a
helper: most plans read no file here, and none where the checkout has no helper.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Collection, Container, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from planner.facts import FileFacts
from planner.handed_file_names import handed_on
from planner.python_source import Unparsable, parse_python

__all__ = ["HandedOn", "handing_functions", "import_aliases"]


class HandedOn(NamedTuple):
    """A call in the top-level function ``function`` of ``path`` handing its parameter ``param`` (at ``pos``) on to
    ``callee`` (``receiver.callee``; ``spelled`` as the file calls it) at ``arg``, as ``template``."""

    path: str
    line: int
    function: str
    pos: int
    param: str
    receiver: str
    callee: str
    spelled: str
    arg: str
    template: str


def import_aliases(file_facts: FileFacts) -> dict[str, str]:
    """Each name a file imports under another name -> the imported name (``from tools.loader import run_plugin as
    rp``: ``rp`` -> ``run_plugin``): a plain call ``rp(...)`` may mean a helper ``run_plugin``."""
    return {i.alias: i.name for i in file_facts.imports if i.form == "from-as" and i.alias and i.name}


def handing_functions(
    root: Path, facts: Mapping[str, FileFacts], called: Container[str], helpers: Collection[str]
) -> Iterator[HandedOn]:
    """Each call handing a parameter on to a helper named in ``helpers``, in the top-level functions named in
    ``called`` (those a call hands a path-like string to). Each file is read at most once."""
    words = [name.encode() for name in helpers]
    for path, file_facts in sorted(facts.items()):
        names = {name for name in file_facts.bound_names if name in called}
        if not names:
            continue
        try:
            with open(os.path.join(root, path), "rb") as handle:
                raw = handle.read()
            if not any(word in raw for word in words):
                continue
            tree = parse_python(raw, path)
        except (OSError, Unparsable):
            continue
        aliases = import_aliases(file_facts)
        for func in tree.body:
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.name not in names:
                continue
            for line, spelled, arg, param, position, template in handed_on(func):
                receiver, _, name = spelled.rpartition(".")
                callee = aliases.get(name, name) if not receiver else name
                if callee in helpers:
                    yield HandedOn(path, line, func.name, position, param, receiver, callee, name, arg, template)
