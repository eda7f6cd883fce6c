"""The layering of docs/design.md, checked by import-linter on every run (`.importlinter`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layers_and_forbidden_imports_are_kept():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    run = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


# The two parsers a checkout's file may reach, each behind one gate (docs/how-code-is-read.md):
# CPython's through planner.python_source.parse_python (a per-file finding for what it refuses or
# gives up on), libcst's through codemods.cst_source.parse_cst (never given a file that would
# crash the process). A call of either parser anywhere else bypasses the gate.
_PARSER_OWNERS = {"planner/python_source.py", "codemods/cst_source.py"}
# Not a checkout's file: the PYTHONPATH check compiles Guardian's own failures/paths.py from beside its
# package, before an import through sys.path is safe (guardian/pythonpath.py).
_OWN_SOURCE = {"guardian/pythonpath.py": ["compile()"]}
_PARSERS = {
    ("ast", "parse"),
    ("libcst", "parse_module"),
    ("libcst", "parse_expression"),
    ("libcst", "parse_statement"),
    ("cst", "parse_module"),
    ("cst", "parse_expression"),
    ("cst", "parse_statement"),
}


def _parser_calls(path: Path) -> list[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "compile":
            found.append(f"{func.id}() at line {node.lineno}")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if (func.value.id, func.attr) in _PARSERS:
                found.append(f"{func.value.id}.{func.attr}() at line {node.lineno}")
    return found


def test_every_python_parse_goes_through_its_gate():
    offenders = {}
    for package in ("failures", "planner", "codemods", "rollback", "guardian"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            calls = [] if relative in _PARSER_OWNERS else _parser_calls(path)
            if [call.split(" at line ")[0] for call in calls] != _OWN_SOURCE.get(relative, []):
                offenders[relative] = calls
    assert offenders == {}, "parse a checkout's file with parse_python / parse_cst, not directly"


def test_the_parser_gate_check_sees_a_direct_parse(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import ast\nimport libcst as cst\nast.parse(s)\ncst.parse_module(s)\ncompile(s, 'f', 'exec')\n")
    assert _parser_calls(planted) == ["ast.parse() at line 3", "cst.parse_module() at line 4", "compile() at line 5"]
