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


def test_a_table_beside_the_one_mapped_is_widened() -> None:
    """breaker's e14 and g04: ``if name in _SUB or name in _TUP:``, ``_SUB`` became the mapping and ``_TUP`` kept its
    old names only, so ``pkg.WF1_colors`` (Rope's spelling in the importers) raised ``AttributeError``; the mapping
    serves its own names only. Each literal a constructor takes is widened (``tuple``, ``dict.fromkeys``)."""
    renames = {**RENAMES, "pkg.colors": "pkg.WF1_colors"}
    for second in ('tuple(["colors"])', 'dict.fromkeys(["colors"])', '{"colors"}'):
        source = LOADER.format(
            table=f'_SUB = frozenset(["shapes"])\n_TUP = {second}',
            test="if name in _SUB or name in _TUP:",
            helper="__getattr__",
        )
        code = rewrite_string_refs(source, renames, path="pkg/__init__.py", module="pkg").code
        assert '"colors", "WF1_colors"' in code, code
        assert '"shapes": "WF1_shapes"' in code and code.count("WF1_shapes") == 3, code  # the mapping only


def test_a_table_shown_as_names_beside_the_one_mapped_keeps_them() -> None:
    """The widening beside a mapping spares a table shown as the package's names (codemods/shown_tables.py)."""
    renames = {**RENAMES, "pkg.colors": "pkg.WF1_colors"}
    table = '_SUB = frozenset(["shapes"])\n_PUB = ["colors"]\n__all__ = [*_PUB, "VERSION"]'
    source = LOADER.format(table=table, test="if name in _SUB or name in _PUB:", helper="__getattr__")
    code = rewrite_string_refs(source, renames, path="pkg/__init__.py", module="pkg").code
    assert '_PUB = ["colors"]' in code and 'name in _PUB or name in ("WF1_colors",)' in code, code


MERGED = """\
import importlib

_A = {"shapes": "shapes"}
_B = {"colors": "colors"}
_ALL = {**_A, **_B}
LABELS = {"shapes": "Shapes"}


def __getattr__(name):
    if name in _ALL:
        return importlib.import_module("." + _ALL[name], __name__)
    raise AttributeError(name)
"""


def test_the_dicts_a_lazy_table_is_merged_from_get_the_new_names_as_keys() -> None:
    """breaker's h03: ``_ALL = {**_A, **_B}`` read by ``__getattr__`` was no table of constants and ``_A``/``_B`` were
    read by no loader, so nothing was widened and ``pkg.WF1_shapes`` raised ``AttributeError`` (both tests lost though
    shims kept the old paths). A dict it is merged from, read nowhere else, gets the new name as a key beside."""
    code = rewrite_string_refs(MERGED, RENAMES, path="pkg/__init__.py", module="pkg").code
    assert '_A = {"shapes": "shapes", "WF1_shapes": "WF1_shapes"}' in code, code
    assert '_B = {"colors": "colors"}' in code and 'LABELS = {"shapes": "Shapes"}' in code
    assert "_ALL = {**_A, **_B}" in code and '"." + _ALL[name]' in code
    shared = MERGED.replace('LABELS = {"shapes": "Shapes"}', "LABELS = sorted(_A)")  # read elsewhere: left
    assert rewrite_string_refs(shared, RENAMES, path="pkg/__init__.py", module="pkg").code == shared


def test_a_dict_table_beside_the_one_mapped_gets_the_new_names_as_keys() -> None:
    """``if name in _A or name in _B:`` with two dicts: ``_A`` became the mapping and ``_B`` kept its keys only, so
    ``pkg.WF1_colors`` raised ``AttributeError``."""
    renames = {**RENAMES, "pkg.colors": "pkg.WF1_colors"}
    table = '_A = {"shapes": "shapes"}\n_B = {"colors": "colors"}'
    source = LOADER.format(table=table, test="if name in _A or name in _B:", helper="__getattr__")
    code = rewrite_string_refs(source, renames, path="pkg/__init__.py", module="pkg").code
    assert '_B = {"colors": "colors", "WF1_colors": "WF1_colors"}' in code, code
    assert '"shapes": "WF1_shapes"' in code, code
