"""planner/computed_paths.py: where a folded path's renamed segment stands decides what the plan and apply do."""

from __future__ import annotations

import ast

from planner.computed_paths import computed_renames, folded_paths, renamed_part


def _read(source: str, name: str = "pkg.runner") -> list[tuple[str, object, bool]]:
    folded = folded_paths(ast.parse(source), source, name, name.rpartition(".")[0])
    out = []
    for f in folded:
        module = f.text.split(":")[0].rpartition(".")[0]
        out.append((f.text, renamed_part(f, len(module) - len(module.rpartition(".")[2]), len(module)), f.runs))
    return out


def test_where_the_segment_stands() -> None:
    # one plain literal holds it: that literal, and the span in its value
    ((text, found, runs),) = _read('PKG = "pkg"\nX = PKG + ".m1.V"\n')
    assert (text, runs) == ("pkg.m1.V", False)
    assert isinstance(found, tuple) and found[0].line == 2 and found[1:] == (1, 3)
    # an escaped literal cannot be rewritten in place; a run_module target is a follow-up, not a shim's
    ((_, found, runs),) = _read('import runpy\nPKG = "pkg"\nrunpy.run_module(PKG + ".\\x6d1.V")\n')
    assert found is False and runs is True
    ((_, found, runs),) = _read('import sys\nA = [sys.executable, "-m", __package__ + ".\\x6d1.V"]\n')
    assert found is False and runs is True
    # the file's own ``__name__``: it follows the rename
    (folded,) = folded_paths(ast.parse('X = __name__ + ".V"\n'), 'X = __name__ + ".V"\n', "pkg.m1", "pkg")
    assert renamed_part(folded, 4, 6) is True
    # a name bound twice, an unknown part, no dotted path: nothing is folded
    assert _read('PKG = "pkg"\nPKG = "other"\nX = PKG + ".m1"\n') == []
    assert _read('X = prefix + ".m1"\nY = "a b" + "c"\n') == []


def test_computed_renames_rewrites_only_the_segment() -> None:
    source = 'PREFIX = "pkg.m1."\nA = PREFIX + "V"\nB = f"{__package__}.m2:V"\nC = "%s.m1.V" % "pkg"\n'
    renames = {"pkg.m1": "pkg.WF_m1", "pkg.m2": "pkg.WF_m2", "pkg.m3": "other.m3"}
    found = computed_renames(source, "pkg.runner", False, renames)
    assert sorted((k.line, k.column, k.part, v) for k, v in found.items()) == [
        (1, 9, -1, "pkg.WF_m1."),
        (3, 4, 1, ".WF_m2:V"),
        (4, 4, -1, "%s.WF_m1.V"),
    ]
    # a module that leaves its package is no segment to rewrite
    assert computed_renames('X = __package__ + ".m3"\n', "pkg.r", False, renames) == {}
