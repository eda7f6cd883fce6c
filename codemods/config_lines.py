"""What a line of a non-Python file is, for codemods/rewrite_config_refs.py: its file's kind (TOML, INI, YAML, a
tool's file, a C source, data, documentation), a ``[section]`` header's name, and the kind of an exact reference
rewritten there (an entry point, a coverage source, ``python -m``, a Sphinx directive or role)."""

from __future__ import annotations

from planner.code_files import holds_code
from planner.config_headers import section_name
from planner.doc_code_blocks import may_hold_code_blocks
from planner.doctest_text import doctest_file
from planner.file_kinds import C_SUFFIXES, TOML_NAMES, is_data_file
from planner.script_strings import is_script_file
from planner.tool_files import space_before, tool_kind

__all__ = ["file_kind", "holds_examples", "reference_kind", "section_name"]


def file_kind(path: str, text: str = "") -> str:
    family = tool_kind(path.rpartition("/")[2], text, path.rpartition("/")[0])
    if family is not None:  # JSON, a Makefile, a Dockerfile, a Procfile, a shell script: code, but comments
        return "json" if family == "json" else "shell"
    name = path.rpartition("/")[2].lower()
    if name == "entry_points.txt":  # an egg-info's entry points: INI, ``name = pkg.mod:attr``
        return "ini"
    if name.endswith(".toml") or path.rpartition("/")[2] in TOML_NAMES:  # a ``Pipfile`` too
        return "toml"
    if name.endswith((".cfg", ".ini")) or name.startswith((".coveragerc", "coveragerc")):
        return "ini"
    if name in (".flake8", ".pylintrc", "pylintrc"):
        return "ini"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    if is_script_file(name):  # JavaScript, TypeScript: a string literal that is a whole module path (a catalogue's key)
        return "js"
    if name.endswith(C_SUFFIXES):  # an extension's source: a whole string literal is code, the rest prose
        return "c"
    if is_data_file(name):  # a test's fixture, JSON, a Cython source: a whole dotted path is data
        return "data"
    return "docs"


def holds_examples(path: str, text: str, kind: str | None = None) -> bool:
    """Are some lines of the non-Python file ``path`` code, rewritten as code (codemods/doc_examples.py): a page's
    doctests and Python code blocks, a file of doctests, a notebook's code cells or a template of a Python file
    (planner/code_files.py)? The screen of the files apply reads
    (codemods/refs.py) asks it as the rewriting does: a page whose one mention of ``pkg.mod`` is ``from pkg import
    mod`` in a block holds no dotted path, and was never opened though the plan listed it."""
    if kind is None:
        kind = file_kind(path, text)
    examples = kind == "docs" and (">>>" in text or may_hold_code_blocks(text))
    return examples or doctest_file(path, text) or holds_code(path, text)  # a notebook, a ``gen.py.j2``


def reference_kind(
    section: str, path: str, body: str, start: int, token: str, in_role: bool, directive: bool, run: bool
) -> str:
    if directive:
        return "automodule"
    if in_role:
        return "sphinx-role"
    if run:
        return "python-m"
    if body.endswith("--cov=", 0, space_before(body, start)):
        return "coverage-source"
    lowered = section.lower()
    if "script" in lowered or "entry" in lowered or ":" in token:
        return "entry-point"
    if "coverage" in lowered or "coveragerc" in path.lower():
        return "coverage-source"
    return "config"
