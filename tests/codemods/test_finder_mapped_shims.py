"""A shim at a renamed top-level module's old path loads the renamed module wherever the old path is found.

setuptools' editable install of a flat layout (``py_modules=["texttable"]``, texttable 1.7.2; bottle, mccabe,
xmltodict, polib, autopep8 have the same shape) puts a finder on ``sys.meta_path`` whose ``MAPPING`` holds the
names the distribution was installed with: ``{"texttable": ".../texttable"}``. After a rename, that finder still
finds the shim at ``texttable.py``, but nothing maps the new name: outside the checkout (another directory, any
console script) the shim's ``import WF1_..._texttable`` raised ``ModuleNotFoundError`` until the package was
reinstalled. The shim of a top-level module now loads the file beside it when the new name is found nowhere,
registered under the new name, so both names are one module. A submodule's shim needs no such step: its
package's ``__path__`` is the directory that holds both files. The finder below is setuptools' own shape.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codemods.shims import find_shims, shim_source

FINDER = textwrap.dedent("""
    import sys
    from importlib.machinery import PathFinder
    from importlib.util import spec_from_file_location
    from pathlib import Path

    MAPPING = {MAPPING!r}


    class _EditableFinder:  # setuptools' __editable___*_finder.py, reduced
        @classmethod
        def find_spec(cls, fullname, path=None, target=None):
            if fullname in MAPPING:
                candidate = Path(MAPPING[fullname])
                for file in (candidate / "__init__.py", candidate.with_suffix(".py")):
                    if file.exists():
                        return spec_from_file_location(fullname, file)
                return None
            parent, _, child = fullname.rpartition(".")
            if parent and parent in MAPPING:
                return PathFinder.find_spec(fullname, path=[MAPPING[parent]])
            return None


    sys.meta_path.append(_EditableFinder)
""")
NEW = "import sys\n\nVALUE = 7\nLOADS = sys.__dict__.setdefault('loads', [])\nLOADS.append(__name__)\n"
USE = (
    "import {old}, {new}\n"
    "assert {old} is {new}, ({old}, {new})\n"
    "assert {new}.__name__ == '{new}' and {new}.LOADS == ['{new}'], {new}.LOADS\n"
    "print({old}.VALUE, {new}.__file__)\n"
)


def _checkout(tmp_path: Path, old: str, new: str, new_source: str = NEW, program: bool = False) -> Path:
    """A checkout after the rename (the shim at ``old``'s path) and an installed finder mapping its old names."""
    checkout = tmp_path / "checkout"
    old_file, new_file = (checkout / f"{n.replace('.', '/')}.py" for n in (old, new))
    old_file.parent.mkdir(parents=True, exist_ok=True)
    if "." in old:
        (old_file.parent / "__init__.py").write_text("", encoding="utf-8")
    new_file.write_text(new_source, encoding="utf-8")
    old_file.write_text(shim_source(old, new, warn=False, program=program), encoding="utf-8")
    top = old.split(".")[0]
    mapping = {top: str(checkout / top)}
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "finder.py").write_text(FINDER.replace("{MAPPING!r}", repr(mapping)), encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    return checkout


def _run(tmp_path: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``code`` run with the finder installed, from ``cwd`` (its own directory first on ``sys.path``)."""
    install = f"import sys; sys.path.insert(1, {str(tmp_path / 'site')!r}); import finder\n"
    argv = [sys.executable, "-E", "-s", "-c", install + code]  # no PYTHONPATH, no user site; cwd first
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("first", ["old", "new"])
def test_a_top_level_shim_loads_the_renamed_module_outside_the_checkout(tmp_path: Path, first: str) -> None:
    checkout = _checkout(tmp_path, "texttable", "WF1_texttable")
    old = _run(tmp_path, USE.format(old="texttable", new="WF1_texttable"), tmp_path / "elsewhere")
    assert old.returncode == 0, old.stderr  # before: ModuleNotFoundError: No module named 'WF1_texttable'
    assert old.stdout.split() == ["7", str(checkout / "WF1_texttable.py")]
    names = ("texttable", "WF1_texttable")
    imports = ", ".join(names if first == "old" else names[::-1])  # either imported first: one module
    code = f"import {imports}\nassert texttable is WF1_texttable\nassert WF1_texttable.LOADS == ['WF1_texttable']"
    plain = _run(tmp_path, code, checkout)  # the plain checkout: the new name found by name, as before
    assert plain.returncode == 0, plain.stderr
    if first == "old":  # the new name alone is not an old path: outside, only the shim maps it
        elsewhere = _run(tmp_path, code, tmp_path / "elsewhere")
        assert elsewhere.returncode == 0, elsewhere.stderr


def test_the_old_path_of_a_program_runs_it_outside_the_checkout(tmp_path: Path) -> None:
    program = NEW + "\nif __name__ == '__main__':\n    print('ran', __name__, VALUE)\n"
    _checkout(tmp_path, "texttable", "WF1_texttable", program, program=True)
    code = "import runpy; runpy.run_module('texttable', run_name='__main__', alter_sys=True)"  # python -m texttable
    ran = _run(tmp_path, code, tmp_path / "elsewhere")
    assert ran.stdout == "ran __main__ 7\n", ran.stderr
    imported = _run(tmp_path, USE.format(old="texttable", new="WF1_texttable"), tmp_path / "elsewhere")
    assert imported.returncode == 0, imported.stderr


def test_a_missing_import_of_the_renamed_module_is_not_hidden(tmp_path: Path) -> None:
    _checkout(tmp_path, "texttable", "WF1_texttable", "import not_installed_dependency\n")
    for cwd in (tmp_path / "elsewhere", tmp_path / "checkout"):
        run = _run(tmp_path, "import texttable", cwd)
        assert "No module named 'not_installed_dependency'" in run.stderr, run.stderr
        assert "WF1_texttable" not in run.stderr.splitlines()[-1]


def test_a_submodule_shim_is_found_through_its_package(tmp_path: Path) -> None:
    """The finder maps the package's directory, which holds the renamed file: no change needed (scoping)."""
    _checkout(tmp_path, "pkg.sub", "pkg.WF1_sub")
    run = _run(tmp_path, USE.format(old="pkg.sub", new="pkg.WF1_sub"), tmp_path / "elsewhere")
    assert run.returncode == 0, run.stderr


def test_find_shims_recognises_the_top_level_shim() -> None:
    for program in (False, True):
        source = shim_source("texttable", "WF1_V7_L1_1of1_a_rather_long_module_name_texttable", program=program)
        compile(source, "texttable.py", "exec")
        assert find_shims(source) == "WF1_V7_L1_1of1_a_rather_long_module_name_texttable"
        assert max(len(line) for line in source.splitlines()) <= 79
