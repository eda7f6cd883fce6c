"""What installed code of other distributions imports of the checkout, read from the environment's files
(guardian/installed_importers.py; issue 13, fastapi 0.165.0: strawberry-graphql imports ``fastapi.datastructures``).

The environment here is a directory laid out as one (``bin/python``, ``lib/python3.X/site-packages``), never
run: the reader only reads its distributions' records and files.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from apply_helpers import write_files

from guardian.installed_importers import MAX_MODULE, environment_sites, installed_importers

ROUTER = "import os\nfrom pkg.util import helper\nimport pkg.deep.mod as m\nfrom pkg import cli\n"


def _environment(tmp_path: Path, files: dict[str, str]) -> str:
    prefix = tmp_path / "env"
    (prefix / "bin").mkdir(parents=True)
    (prefix / "bin" / "python").write_text("")  # never run
    site = prefix / "lib" / "python3.11" / "site-packages"
    write_files(site, files)
    return str(prefix / "bin" / "python")


def _dist(name: str, files: dict[str, str]) -> dict[str, str]:
    record = "".join(f"{rel},,\n" for rel in files) + f"{name}-1.0.dist-info/RECORD,,\n"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    return {**files, f"{name}-1.0.dist-info/METADATA": meta, f"{name}-1.0.dist-info/RECORD": record}


def _read_with_a_guard(python: str, root: Path) -> list[dict[str, list[str]]]:
    """The reader's answer for ``pkg.util``, in a thread given 60 s: a read that waits on a FIFO answers nothing."""
    found: list[dict[str, list[str]]] = []
    reader = threading.Thread(target=lambda: found.append(installed_importers(python, root, {"pkg.util"})), daemon=True)
    reader.start()
    reader.join(60)
    return found


def test_the_modules_installed_code_imports_with_where(tmp_path: Path) -> None:
    python = _environment(tmp_path, _dist("consumer", {"consumer/router.py": ROUTER, "consumer/other.py": "x = 1\n"}))
    renamed = {"pkg.util", "pkg.deep.mod", "pkg.cli", "pkg.never"}
    assert installed_importers(python, tmp_path / "repo", renamed) == {
        "pkg.util": ["consumer: consumer/router.py:2"],
        "pkg.deep.mod": ["consumer: consumer/router.py:3"],
        "pkg.cli": ["consumer: consumer/router.py:4"],
    }


def test_an_installed_copy_of_the_package_is_what_installed_code_imports(tmp_path: Path) -> None:
    files = {
        **_dist("consumer", {"consumer/router.py": ROUTER + "import other.tool\n"}),
        **_dist("pkg", {"pkg/__init__.py": "", "pkg/util.py": ""}),
    }
    found = installed_importers(_environment(tmp_path, files), tmp_path / "repo", {"pkg.util", "other.tool"})
    assert found == {"other.tool": ["consumer: consumer/router.py:5"]}


def test_a_module_imported_by_its_name_in_a_string(tmp_path: Path) -> None:
    """review 24 hole 08: ``importlib.import_module("pkg.util")``, an entry point's ``"pkg.cli:main"``."""
    lazy = "import importlib\nTABLE = {'u': 'pkg.util'}\nmain = importlib.import_module('pkg.cli:main')\n"
    python = _environment(tmp_path, _dist("consumer", {"consumer/lazy.py": lazy}))
    assert installed_importers(python, tmp_path / "repo", {"pkg.util", "pkg.cli", "pkg"}) == {
        "pkg.util": ["consumer: consumer/lazy.py:2"],
        "pkg.cli": ["consumer: consumer/lazy.py:3"],
    }


def test_a_relative_import_and_a_longer_name_are_not_the_checkouts(tmp_path: Path) -> None:
    router = "from .pkg import util\nimport pkgx.util\nfrom pkg.utility import y\n"
    python = _environment(tmp_path, _dist("consumer", {"consumer/router.py": router}))
    assert installed_importers(python, tmp_path / "repo", {"pkg.util"}) == {}


def test_a_fifo_or_a_file_outside_the_record_is_never_waited_on(tmp_path: Path) -> None:
    """A hostile environment (a ``.venv`` shipped in a checkout) whose record names a FIFO: the read goes on."""
    python = _environment(tmp_path, _dist("consumer", {"consumer/router.py": ROUTER, "consumer/a.py": ""}))
    fifo = Path(environment_sites(python)[0]) / "consumer" / "a.py"
    fifo.unlink()
    os.mkfifo(fifo)
    found = _read_with_a_guard(python, tmp_path / "repo")
    assert found == [{"pkg.util": ["consumer: consumer/router.py:2"]}]


def test_an_editable_install_of_another_project_is_read_from_its_sources(tmp_path: Path) -> None:
    """review 24 hole 08: a sibling project installed with ``pip install -e`` records only a ``.pth`` (a src
    layout) or an editable finder's ``MAPPING``; its sources, outside the checkout, import the checkout's module.
    A ``.pth`` naming the checkout itself or a directory holding it (``/`` too) is not read as another project."""
    (tmp_path / "sibling_src" / "sibling").mkdir(parents=True)
    (tmp_path / "sibling_src" / "sibling" / "__init__.py").write_text("from pkg.cli import main\n")
    (tmp_path / "mapped" / "other").mkdir(parents=True)
    (tmp_path / "mapped" / "other" / "use.py").write_text("import pkg.util\n")
    (tmp_path / "repo" / "pkg").mkdir(parents=True)
    (tmp_path / "repo" / "pkg" / "own.py").write_text("import pkg.deep\n")
    finder = f"MAPPING: dict[str, str] = {{'other': {str(tmp_path / 'mapped' / 'other')!r}}}\n"
    files = {
        "__editable__.sibling-1.0.pth": f"{tmp_path / 'sibling_src'}\n{tmp_path / 'repo'}\n{tmp_path}\n/\n",
        "__editable___other_1_0_finder.py": finder,
    }
    python = _environment(tmp_path, files)
    assert installed_importers(python, tmp_path / "repo", {"pkg.cli", "pkg.util", "pkg.deep"}) == {
        "pkg.cli": ["editable sibling_src: sibling/__init__.py:1"],
        "pkg.util": ["editable other: use.py:1"],
    }


def test_a_hostile_environment_is_read_within_bounds(tmp_path: Path) -> None:
    """review 24 hole 14: an environment the checkout ships (a committed ``.venv``) is data: a record that is a
    FIFO is not waited on, a file its record places outside ``site-packages`` is not read, a module past the
    size bound is skipped (a 4 MiB list literal cost 30 s and 2 GiB in ``ast.parse``)."""
    outside = tmp_path / "outside.py"
    outside.write_text(ROUTER)
    files = {
        **_dist("far", {"../../../../outside.py": "", "far/ok.py": "x = 1\n"}),
        **_dist("big", {"big/huge.py": ROUTER + "x = [" + "1," * (MAX_MODULE // 2) + "]\n"}),
        **_dist("piped", {"piped/router.py": ROUTER}),
    }
    python = _environment(tmp_path, {rel: text for rel, text in files.items() if ".." not in rel})
    record = Path(environment_sites(python)[0]) / "piped-1.0.dist-info" / "RECORD"
    record.unlink()
    os.mkfifo(record)
    found = _read_with_a_guard(python, tmp_path / "repo")
    assert found == [{}]


def test_an_interpreter_outside_any_environment_gives_nothing(tmp_path: Path) -> None:
    assert environment_sites(str(tmp_path / "bin" / "python")) == []
    assert installed_importers(str(tmp_path / "bin" / "python"), tmp_path / "repo", {"pkg.util"}) == {}
