"""Deterministic synthetic repositories for the benchmarks.

``make_repo(root, modules=2000)`` writes a src-layout package ``synth`` of ``modules`` modules in
sub-packages of 50, each module 30-60 lines, importing 2-8 earlier modules with a realistic
fan-in (a few hubs imported by many, most by few: a Zipf-like choice), in every import form:
``import a.b``, ``import a.b as c``, ``from a import b``, ``from .b import f``, ``from ..x.b import f``,
a lazy import in a function, and a ``mock.patch`` string in a test. Same arguments, same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

PER_PACKAGE = 50
WORDS = (
    "orders",
    "billing",
    "ledger",
    "stock",
    "pricing",
    "events",
    "audit",
    "users",
    "report",
    "cache",
    "queue",
    "rules",
    "search",
    "mail",
    "tax",
    "ship",
    "auth",
    "quota",
    "plans",
    "alerts",
)


def _name(i: int) -> str:
    return f"{WORDS[i % len(WORDS)]}_{i:05d}"


def _package(i: int) -> int:
    return i // PER_PACKAGE


def make_repo(root: Path, modules: int = 2000, seed: int = 0) -> Path:
    """Write the synthetic repository under ``root`` (created) and return it."""
    rng = random.Random(seed)
    src = root / "src" / "synth"
    packages = (modules + PER_PACKAGE - 1) // PER_PACKAGE
    src.mkdir(parents=True, exist_ok=True)
    (src / "__init__.py").write_text('"""Synthetic package for Guardian benchmarks."""\n')
    for p in range(packages):
        (src / f"pkg{p:03d}").mkdir(exist_ok=True)
        (src / f"pkg{p:03d}" / "__init__.py").write_text("")
    weights = [1.0 / (k + 1) ** 0.8 for k in range(modules)]
    for i in range(modules):
        deps = sorted({rng.choices(range(i), weights=weights[:i])[0] for _ in range(rng.randint(2, 8))}) if i else []
        (src / f"pkg{_package(i):03d}" / f"{_name(i)}.py").write_text(_module(i, deps, rng))
    tests = root / "tests"
    tests.mkdir(exist_ok=True)
    picks = sorted(rng.sample(range(modules), min(20, modules)))
    lines = ["from unittest import mock", ""]
    for i in picks:
        lines += [f"import synth.pkg{_package(i):03d}.{_name(i)}", ""]
        lines += [
            f"def test_{_name(i)}():",
            f'    with mock.patch("synth.pkg{_package(i):03d}.{_name(i)}.CONSTANT", 2):',
            f"        assert synth.pkg{_package(i):03d}.{_name(i)}.func_{i}(1) >= 0",
            "",
        ]
    (tests / "test_synth.py").write_text("\n".join(lines))
    (root / "pyproject.toml").write_text(
        '[project]\nname = "synth"\nversion = "0"\n\n[tool.guardian]\nsource_roots = ["src"]\nbatch_size = 100\n'
        'exempt = ["**/__init__.py", "tests/**"]\n\n[tool.guardian.workflows]\n'
        + "".join(f'"src/synth/pkg{p:03d}/**" = {p % 4 + 1}\n' for p in range(packages))
    )
    return root


def _import(i: int, dep: int, rng: random.Random) -> tuple[str, str]:
    """One import statement of ``dep`` from module ``i`` and the expression that reaches it."""
    pkg, name = f"pkg{_package(dep):03d}", _name(dep)
    same = _package(dep) == _package(i)
    form = rng.random()
    if form < 0.3:
        return f"from synth.{pkg} import {name}", name
    if form < 0.45:
        return f"import synth.{pkg}.{name}", f"synth.{pkg}.{name}"
    if form < 0.6:
        return f"import synth.{pkg}.{name} as m{dep}", f"m{dep}"
    if form < 0.8 and same:
        return f"from . import {name}", name
    if form < 0.9 and not same:
        return f"from .. import {pkg}", f"{pkg}.{name}"
    return f"from synth.{pkg}.{name} import func_{dep}", ""


def _module(i: int, deps: list[int], rng: random.Random) -> str:
    out = [
        f'"""Module {i}: part of the synthetic benchmark repository."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    uses = []
    for dep in deps:
        statement, expr = _import(i, dep, rng)
        out.append(statement)
        uses.append(f"{expr}.func_{dep}(x)" if expr else f"func_{dep}(x)")
    out += [
        "",
        "CONSTANT = 1",
        "",
        "",
        f"def func_{i}(x: int) -> int:",
        f'    """Compute step {i}."""',
        "    total = x + CONSTANT",
    ]
    for use in uses[:3]:
        out.append(f"    total += {use} % 7")
    out += [
        "    return total",
        "",
        "",
        f"class Thing{i}:",
        "    def __init__(self, value: int) -> None:",
        "        self.value = value",
        "",
        "    def run(self) -> int:",
        f"        return func_{i}(self.value)",
        "",
    ]
    if deps and rng.random() < 0.2:
        dep = deps[-1]
        out += [
            "",
            "def lazy() -> int:",
            f"    from synth.pkg{_package(dep):03d} import {_name(dep)} as late",
            f"    return late.func_{dep}(1)",
            "",
        ]
    filler = rng.randint(0, 20)
    out += [f"VALUE_{k} = {k} * CONSTANT" for k in range(filler)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    make_repo(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
