"""A repository whose configuration names no ``source_roots`` gets ``src`` in a src layout, as
setuptools' automatic discovery and ``guardian init`` have it; else the repository root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from guardian.config_file import load_config

SRC_LAYOUT = {
    "src/blink/__init__.py": "from blink.base import Signal\n",
    "src/blink/base.py": "class Signal:\n    pass\n",
    "src/blink/registry.py": 'HANDLERS = ["blink.base.Signal"]\n',
    "tests/test_base.py": "from blink.base import Signal\n",
}


@pytest.mark.parametrize("config", [None, "guardian.toml", "pyproject.toml"])
def test_a_src_layout_without_source_roots_names_its_modules_from_src(write_tree, config: str | None) -> None:
    files = dict(SRC_LAYOUT)
    if config == "guardian.toml":
        files[config] = "batch_size = 5\n"  # a configuration that names no source_roots
    elif config == "pyproject.toml":
        files[config] = "[project]\nname = 'blink'\n\n[tool.guardian]\nbatch_size = 5\n"
    root = write_tree(files)
    assert load_config(root).source_roots == ("src",)
    code, out, err = run(root, "--json", "plan")
    assert code == 0, err
    renames = {r["old"]: r for b in json.loads(out)["batches"] for r in b["renames"]}
    base = renames["src/blink/base.py"]
    assert base["old_module"] == "blink.base"  # not src.blink.base
    assert base["importers"] == ["blink", "tests.test_base"]  # `from blink.base import Signal` resolves to it
    assert [(r["path"], r["text"], r["action"]) for r in base["references"]] == [
        ("src/blink/registry.py", "blink.base.Signal", "rewrite")  # the string is attributed to the module
    ]


def test_a_flat_layout_and_a_named_root_keep_theirs(write_tree, tmp_path: Path) -> None:
    flat = write_tree({"blink/__init__.py": "", "blink/base.py": "", "src/README.txt": "not code\n"})
    assert load_config(flat).source_roots == (".",)  # a src/ directory without Python in it
    (flat / "guardian.toml").write_text('source_roots = ["."]\n')
    (flat / "src/pkg").mkdir()
    (flat / "src/pkg/__init__.py").write_text("")
    assert load_config(flat).source_roots == (".",)  # what the configuration says wins


def test_a_src_symlinked_out_of_the_repository_is_not_a_layout(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "pkg").mkdir(parents=True)
    (outside / "pkg/__init__.py").write_text("SECRET = 1\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("")
    (repo / "src").symlink_to(outside, target_is_directory=True)
    assert load_config(repo).source_roots == (".",)


def test_a_package_named_src_is_no_layout(write_tree) -> None:
    # `from src import core`: src is the package, imported from the root (the 21st review)
    root = write_tree({"src/__init__.py": "", "src/core.py": "", "src/user.py": "from src import core\n"})
    assert load_config(root).source_roots == (".",)


#: A package kept in ``lib/`` (PyYAML's layout), declared by each form a build backend reads.
LIB_LAYOUT = {
    "lib/yaml/__init__.py": "from yaml.error import YAMLError\n",
    "lib/yaml/error.py": "class YAMLError(Exception):\n    pass\n",
    "lib/yaml/loader.py": 'ERRORS = ["yaml.error.YAMLError"]\n',
    "tests/test_error.py": "from yaml.error import YAMLError\n",
    "examples/demo.py": "import yaml\n",
}
DECLARATIONS = {
    "setup.py": "from setuptools import setup\nsetup(name='PyYAML', package_dir={'': 'lib'}, packages=['yaml'])\n",
    "setup.py:mapped": "from setuptools import setup\nsetup(package_dir={'yaml': 'lib/yaml'}, packages=['yaml'])\n",
    "setup.py:find": "import setuptools\nsetuptools.setup(packages=setuptools.find_packages(where='lib'))\n",
    "setup.cfg": "[options]\npackage_dir =\n    =lib\npackages = find:\n\n[options.packages.find]\nwhere = lib\n",
    "pyproject.toml:setuptools": '[tool.setuptools]\npackage-dir = {"" = "lib"}\n',
    "pyproject.toml:find": '[tool.setuptools.packages.find]\nwhere = ["lib"]\n',
    "pyproject.toml:hatch": '[tool.hatch.build.targets.wheel]\npackages = ["lib/yaml"]\n',
    "pyproject.toml:poetry": '[tool.poetry]\npackages = [{ include = "yaml", from = "lib" }]\n',
    "pyproject.toml:pdm": '[tool.pdm.build]\npackage-dir = "lib"\n',
}


@pytest.mark.parametrize("form", sorted(DECLARATIONS))
def test_a_declared_package_directory_is_the_source_root(write_tree, form: str) -> None:
    root = write_tree({**LIB_LAYOUT, form.partition(":")[0]: DECLARATIONS[form]})
    assert load_config(root).source_roots == ("lib",)  # before: (".",), the modules named lib.yaml.error
    code, out, err = run(root, "--json", "plan")
    assert code == 0, err
    renames = {r["old"]: r for b in json.loads(out)["batches"] for r in b["renames"]}
    error = renames["lib/yaml/error.py"]
    assert error["old_module"] == "yaml.error"
    assert error["importers"] == ["tests.test_error", "yaml"]
    assert [(r["path"], r["text"]) for r in error["references"]] == [("lib/yaml/loader.py", "yaml.error.YAMLError")]


def test_guardian_init_takes_the_declared_root_and_leaves_it_to_rename(write_tree) -> None:
    root = write_tree({**LIB_LAYOUT, "setup.py": DECLARATIONS["setup.py"]})
    code, _, err = run(root, "init")
    assert code == 0, err
    config = load_config(root)
    assert config.source_roots == ("lib",)
    assert not any(glob.startswith("lib") for glob in config.exempt)  # before: "lib/**", nothing to rename
    code, out, err = run(root, "--json", "plan")
    assert code == 0, err
    assert {r["old"] for b in json.loads(out)["batches"] for r in b["renames"]} == {
        "lib/yaml/error.py",
        "lib/yaml/loader.py",
    }


@pytest.mark.parametrize(
    "declaration",
    [
        "setup(package_dir={'': '../outside'})",  # out of the checkout
        "setup(package_dir={'': '/abs'})",
        "setup(package_dir={'': 'docs'})",  # a directory without Python
        "setup(package_dir={'yaml': 'lib/yml'})",  # a package mapped to a directory of another name
        "setup(package_dir={'': root_dir})",  # not a literal
    ],
)
def test_what_is_no_declared_root(write_tree, declaration: str) -> None:
    root = write_tree({**LIB_LAYOUT, "docs/index.rst": "", "lib/yml/x.py": "", "setup.py": declaration + "\n"})
    assert load_config(root).source_roots == (".",)


@pytest.mark.parametrize("name", ["setup.py", "setup.cfg", "pyproject.toml"])
def test_packaging_files_are_read_as_discovery_reads_a_file(tmp_path: Path, name: str) -> None:
    """A FIFO named ``setup.py`` waited for a writer for ever in every command (each reads the declared roots),
    and a symlink to a file outside the checkout was read. Neither is read now (read_regular); the layout is the plain one."""
    import os

    from planner.declared_roots import declared_roots

    repo = tmp_path / "repo"
    (repo / "lib" / "pkg").mkdir(parents=True)
    (repo / "lib" / "pkg" / "__init__.py").write_text("")
    outside = tmp_path / name
    outside.write_text(
        {
            "setup.py": "setup(package_dir={'': 'lib'})\n",
            "setup.cfg": "[options]\npackage_dir =\n    =lib\n",
            "pyproject.toml": '[tool.setuptools.package-dir]\n"" = "lib"\n',
        }[name]
    )
    (repo / name).symlink_to(outside)
    assert declared_roots(repo) == ()
    (repo / name).unlink()
    os.mkfifo(repo / name)
    assert declared_roots(repo) == ()
    (repo / name).unlink()
    (repo / name).write_text(outside.read_text())
    assert declared_roots(repo) == ("lib",)


def test_guardian_init_gives_a_source_roots_own_modules_a_workflow(write_tree) -> None:
    """black's ``src/_black_version.py`` beside its packages had no workflow glob: ``guardian init``'s
    configuration made it a ``no-workflow`` conflict, and ``apply`` refused to start (issue 13, black)."""
    root = write_tree({**SRC_LAYOUT, "src/_blink_version.py": 'version = "1.0"\n'})
    code, _, err = run(root, "init")
    assert code == 0, err
    assert dict(load_config(root).workflows) == {"src/blink/**": 1, "src/*.py": 2}
    code, out, err = run(root, "--json", "plan")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["conflicts"] == []
    assert {r["old"] for b in plan["batches"] for r in b["renames"]} == {
        "src/_blink_version.py",
        "src/blink/base.py",
        "src/blink/registry.py",
    }


def test_guardian_init_leaves_a_second_declared_root_to_rename(write_tree) -> None:
    """yapf declares ``where = [".", "third_party"]``: a flat layout's rule exempted every directory that is not a
    package, the second root with it (``third_party/**``), so its modules were never planned, and they had no
    workflow glob either (issue 13, yapf 0.43.0)."""
    root = write_tree(
        {
            "pyproject.toml": '[tool.setuptools.packages.find]\nwhere = [".", "third_party"]\n',
            "app/__init__.py": "",
            "app/core.py": "from vend import lib\n",
            "third_party/vend/__init__.py": "",
            "third_party/vend/lib.py": "X = 1\n",
            "docs/conf.py": "",
        }
    )
    code, _, err = run(root, "init")
    assert code == 0, err
    config = load_config(root)
    assert config.source_roots == (".", "third_party")
    assert "docs/**" in config.exempt and not any(glob.startswith("third_party") for glob in config.exempt)
    assert dict(config.workflows) == {"app/**": 1, "third_party/vend/**": 2}
    code, out, err = run(root, "--json", "plan")
    assert code == 0, err
    plan = json.loads(out)
    assert {r["old"] for b in plan["batches"] for r in b["renames"]} == {"app/core.py", "third_party/vend/lib.py"}
