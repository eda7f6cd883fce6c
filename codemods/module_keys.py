"""The strings the string codemod reads as module names by where they stand, asked of planner/module_keys.py by
their positions, as planner/py_modules.py and planner/joined_file_names.py are asked: a key of ``sys.modules``
(``sys.modules["tool"]``, ``.get``/``.pop``/``.setdefault``, ``monkeypatch.setitem``/``delitem(sys.modules,
"tool")``, ``"tool" in sys.modules``), the module after the interpreter's ``"-m"`` in a list or tuple of arguments
(``[sys.executable, "-m", "tool"]``) and the one ``python -m`` runs in a string (``"python3 -m tool"``,
``f"{sys.executable} -m tool"``). One definition of those shapes, the planner's: what the plan lists is what apply
rewrites. A renamed top-level module's bare name is rewritten there."""

from __future__ import annotations

from collections.abc import Mapping

from planner.module_keys import key_positions, run_modules
from planner.python_source import Unparsable, deep_walk, parse_python

__all__ = ["ModuleKeys", "sub_run_modules"]


class ModuleKeys:
    """planner/module_keys.py's ``key_positions`` of one file's source, read on the first question (a file whose
    text holds neither ``modules`` nor ``-m`` has none)."""

    def __init__(self, source: str) -> None:
        self._source: str | None = source if "modules" in source or "-m" in source else None
        self._kinds: dict[tuple[int, int], str] = {}
        self._led: set[tuple[int, int]] = set()

    def _read(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            try:
                with deep_walk():
                    self._kinds, self._led = key_positions(source, parse_python(source))
            except Unparsable:
                pass  # libcst's parse reports it

    def kind(self, start: tuple[int, int]) -> str | None:
        """The kind (``sys.modules``, ``python -m``) of the string that starts at ``start`` (line, column) when it
        is a module's name as a whole by where it stands, else ``None``."""
        self._read()
        return self._kinds.get(start)

    def led(self, start: tuple[int, int]) -> bool:
        """Does the interpreter come right before the string that starts at ``start`` (``sys.executable + " -m
        tool"``), or before the f-string's literal part after the expression that starts there
        (``f"{sys.executable} -m tool"``)?"""
        self._read()
        return start in self._led


def sub_run_modules(text: str, mapping: Mapping[str, str], *, after_interpreter: bool = False) -> str:
    """``text`` (a Python string's value) with each renamed top-level module that ``python -m`` runs there
    renamed (planner/module_keys.py's ``run_modules``): ``"python3 -m tool"``, ``f"{sys.executable} -m tool"``."""
    out, position = [], 0
    for start, end in run_modules(text, after_interpreter=after_interpreter):
        new = mapping.get(text[start:end])
        if new is not None and "." not in new:
            out.append(text[position:start] + new)
            position = end
    return "".join(out) + text[position:] if out else text
