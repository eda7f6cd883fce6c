"""The handed-file-name rule (planner/handed_file_names.py) stays near-linear on crafted files (review27, High #1).

A plan read 800 helpers building ``f'{name}_vI.py'`` and 800 calls handing ``'stemJ'`` as 640,000 globs, each module
matched against each (279 s); a function of 1,000 parameters was walked once per parameter (226 s), 95 nested
functions once per enclosing function (133 s). Each test counts the Python and C calls made for a size and for twice
that size: near-linear work doubles, quadratic work quadruples. (A count, not a time: the same on any machine.)
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path

from planner.discover import ModuleFile
from planner.facts import FileFacts
from planner.handed_file_names import handed_file_names
from planner.handed_name_join import found_by_handed_name
from planner.read_facts import extract


def _calls_made(run: Callable[[], object]) -> int:
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def _growth(cost: Callable[[int], object], n: int) -> float:
    small, large = _calls_made(lambda: cost(n)), _calls_made(lambda: cost(2 * n))
    return large / small


def _helpers_and_calls(n: int) -> str:
    lines = []
    for i in range(n):
        lines += [f"class C{i}:", "    def load(self, name):", f"        return f'{{name}}_v{i}.py'"]
    lines += [f"C0().load('stem{j}')" for j in range(n)]
    return "\n".join(lines) + "\n"


def _plan(n: int) -> dict[str, str]:
    files = {f"pkg/stem{j}_v{j}.py": "X = 1\n" for j in range(0, n, 10)} | {"pkg/alpha.py": "X = 1\n"}
    modules = {p[:-3].replace("/", "."): ModuleFile(p[:-3].replace("/", "."), p, False, "") for p in files}
    facts = {p: extract(s, p) for p, s in files.items()} | {"pkg/big.py": extract(_helpers_and_calls(n), "pkg/big.py")}
    return found_by_handed_name(modules, facts, modules)


def test_n_helpers_and_n_calls_cost_near_linear_and_keep_the_completed_names() -> None:
    kept = _plan(40)
    assert sorted(kept) == [f"pkg.stem{j}_v{j}" for j in range(0, 40, 10)]
    assert kept["pkg.stem10_v10"].endswith("which builds the file name `stem10_v10.py` from it (read by that name)")
    facts = {f"p{n}": extract(_helpers_and_calls(n), "pkg/big.py") for n in (60, 120)}
    assert _growth(lambda n: found_by_handed_name({}, {"pkg/big.py": facts[f"p{n}"]}, []), 60) < 3
    assert _growth(_plan, 60) < 3


def test_a_function_of_many_parameters_is_read_once() -> None:
    def source(n: int) -> str:
        params = ", ".join(f"p{i}" for i in range(n))
        body = "".join(f"    v{i} = p{i} + 'x'\n" for i in range(n))
        return f"def helper({params}):\n{body}    return f'{{p0}}_x.py'\n"

    assert "built-file-helper:helper:0:p0:{}_x.py" in extract(source(3), "m.py").bound_names
    assert _growth(lambda n: extract(source(n), "m.py"), 100) < 3


def test_nested_functions_are_each_read_once() -> None:
    def source(depth: int) -> str:
        defs = "".join("    " * k + f"def f{k}(a{k}, b{k}):\n" for k in range(depth))
        body = "".join("    " * depth + f"x{i} = a{depth - 1} + '{i}'\n" for i in range(20 * depth))
        return defs + body + "    " * depth + f"return f'{{a{depth - 1}}}_x.py'\n"

    assert "built-file-helper:f2:0:a2:{}_x.py" in extract(source(3), "m.py").bound_names
    assert _growth(lambda n: extract(source(n), "m.py"), 15) < 3


def test_n_functions_handing_on_to_n_helpers_of_one_name_cost_near_linear(tmp_path: Path) -> None:
    """Each function handing its parameter on is joined to at most 8 helpers of the callee's name: N helpers named
    ``load`` and N functions handing a name on to ``load`` make at most 8 N derived helpers, not N^2."""
    checkouts: dict[int, tuple[Path, dict[str, ModuleFile], dict[str, FileFacts]]] = {}
    for n in (20, 60, 120):
        root = tmp_path / str(n)
        helpers = "".join(f"def load(name, k={i}):\n    return open(f'{{name}}_h{i}.py')\n" for i in range(n))
        handing = "".join(f"def via{j}(stem):\n    return load(f'{{stem}}_p{j}')\n" for j in range(n))
        files = {
            "pkg/big.py": helpers + handing,
            "pkg/use.py": "from pkg.big import "
            + ", ".join(f"via{j}" for j in range(n))
            + "\n"
            + "".join(f"via{j}('s{j}')\n" for j in range(n)),
            **{f"pkg/s{j}_p{j}_h0.py": "X = 1\n" for j in range(0, n, 10)},
        }
        for path, text in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        modules = {p[:-3].replace("/", "."): ModuleFile(p[:-3].replace("/", "."), p, False, "") for p in files}
        checkouts[n] = root, modules, {p: extract(s, p) for p, s in files.items()}

    def plan(n: int) -> dict[str, str]:
        root, modules, facts = checkouts[n]
        return found_by_handed_name(modules, facts, modules, root)

    kept = plan(20)
    assert sorted(kept) == ["pkg.s0_p0_h0", "pkg.s10_p10_h0"]
    assert "which hands it on to `load`, pkg/big.py:2" in kept["pkg.s0_p0_h0"]
    assert _growth(plan, 60) < 3


def test_the_call_walk_does_not_enter_names_constants_or_operators() -> None:
    # sympy's 1,543 files: this walk took 12 of the 34 s their facts took (more than parsing them), most of its nodes
    # a name's context, an operator or a constant, below which no call is. 13.6 calls per node before, 3.9 after.
    source = "".join(f"x{i} = a{i} + b * (c - d) ** 2 if e[{i}] else -f.g\n" for i in range(200))
    source += "@pytest.mark.parametrize('name', ['raw_url', 'other'])\ndef test(name):\n    load(name, 'x/y')\n"
    tree = ast.parse(source)
    found = handed_file_names(tree, source.encode())
    assert found == {
        "built-file-call:load:0:raw_url": 203,
        "built-file-call:load:0:other": 203,
        "built-file-call:load:1:x/y": 203,
    }
    nodes = sum(1 for _ in ast.walk(tree))
    assert _calls_made(lambda: handed_file_names(tree, source.encode())) < 6 * nodes
