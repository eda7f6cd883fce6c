"""Only a table a package's ``__getattr__`` reads is widened or mapped for a rename (codemods/loader_tables.py;
review 26, defect 3): ``LABELS = ("shapes", "colors")``, data whose strings happen to be submodule names, became a
4-entry dict the loader then read, so ``pkg.LABELS`` changed type and length."""

from __future__ import annotations

from codemods.rewrite_string_refs import rewrite_string_refs

RENAMES = {"pkg.shapes": "pkg.WF1_shapes"}
LOADER = """\
import importlib

LABELS = ("shapes", "colors")  # labels shown to users
{table}

def {helper}(name):
    {test}
        return importlib.import_module("." + name, __name__)
    if name == "count":
        return len(LABELS)
    raise AttributeError(name)
"""


def _rewritten(table: str, test: str, helper: str = "__getattr__") -> str:
    source = LOADER.format(table=table, test=test, helper=helper)
    if helper != "__getattr__":
        source += "\n\ndef __getattr__(name):\n    return _load(name)\n"
    return rewrite_string_refs(source, RENAMES, path="pkg/__init__.py", module="pkg").code


def test_a_data_tuple_the_loader_does_not_read_stays() -> None:
    code = _rewritten("", 'if name in ("shapes", "colors"):')
    assert 'LABELS = ("shapes", "colors")  # labels shown to users' in code
    assert "LABELS.get" not in code and "LABELS[" not in code
    assert '"WF1_shapes"' in code  # the loader's own test answers the new name


def test_the_table_the_loader_reads_is_still_mapped() -> None:
    code = _rewritten('_SUBMODULES = ("shapes", "colors")', "if name in _SUBMODULES:")
    assert 'LABELS = ("shapes", "colors")  # labels shown to users' in code
    assert '"shapes": "WF1_shapes"' in code and "_SUBMODULES[name]" in code


def test_tables_read_through_an_operator_or_a_helper_are_widened() -> None:
    code = _rewritten('_A = {"shapes"}\n_B = {"colors"}', "if name in _A | _B:", helper="_load")
    assert 'LABELS = ("shapes", "colors")  # labels shown to users' in code
    assert '_A = {"shapes", "WF1_shapes"}' in code
