"""Masking: imports binding the renamed module's name are hidden from Rope and restored exactly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from codemods.local_names import import_nodes, mask, resolve_from, unmask

SOURCE = b"""from pkg import mod, other
from pkg import mod as m
from .sub import mod as sub_mod
import mod
from pkg.mod import mod as inner


def f(mod=mod):
    from . import mod
    return mod.func()
"""


def test_module_bindings_keep_their_local_name_and_others_come_back_verbatim() -> None:
    masked, masks = mask(SOURCE, old_module="pkg.mod", package="pkg", shadowed=())
    assert b"from pkg import mod" not in masked and b"def f(mod=mod):" in masked
    assert [(m.local, m.is_module) for m in masks] == [
        ("mod", True),
        ("m", True),
        ("sub_mod", False),
        ("mod", False),
        ("inner", False),
        ("mod", True),
    ]
    # a top-level `import mod` is another module (pkg.mod is not top-level), which Rope would take for
    # the sibling pkg/mod.py (tqdm's contrib/itertools.py importing itertools): hidden, then back verbatim
    assert b"import mod\n" not in masked
    restored = unmask(masked, masks, "WF1_mod")
    assert restored.splitlines()[:5] == [
        b"from pkg import WF1_mod as mod, other",
        b"from pkg import WF1_mod as m",
        b"from .sub import mod as sub_mod",
        b"import mod",
        b"from pkg.mod import mod as inner",
    ]
    assert b"    from . import WF1_mod as mod" in restored


def test_shadowed_submodule_is_never_the_module() -> None:
    masked, masks = mask(b"from pkg import sympify\n", old_module="pkg.sympify", package=None, shadowed={"pkg.sympify"})
    assert masks and not masks[0].is_module
    assert unmask(masked, masks, "WF1_sympify") == b"from pkg import sympify\n"


def test_top_level_module_import_keeps_its_name() -> None:
    masked, masks = mask(b"def g():\n    import b\n    return b.X\n", old_module="b", package=None, shadowed=())
    assert unmask(masked, masks, "newb") == b"def g():\n    import newb as b\n    return b.X\n"


def test_rename_locals_leaves_module_bindings_to_rope() -> None:
    masked, masks = mask(
        b"from pkg import mod\nfrom x import mod as y\n",
        old_module="pkg.mod",
        package="pkg",
        shadowed=(),
        keep_module_names=False,
    )
    assert [m.is_module for m in masks] == [False] and masked.startswith(b"from pkg import mod\n")


def test_nothing_to_mask_and_unparsable_files_are_returned_unchanged() -> None:
    assert mask(b"import os\n", old_module="pkg.mod", package="pkg", shadowed=()) == (b"import os\n", [])
    assert mask(b"from pkg import mod(\n", old_module="pkg.mod", package="pkg", shadowed=())[1] == []


def test_an_altered_mask_is_an_error_not_a_silent_loss() -> None:
    masked, masks = mask(b"from pkg import mod\n", old_module="pkg.mod", package="pkg", shadowed=())
    with pytest.raises(ValueError, match="altered"):
        unmask(masked.replace(b"as mod", b"as other"), masks, "new")


@pytest.mark.parametrize(
    ("level", "module", "package", "expected"),
    [
        (0, "a.b", "x", "a.b"),
        (1, None, "pkg.sub", "pkg.sub"),
        (2, "mod", "pkg.sub", "pkg.mod"),
        (3, "mod", "pkg.sub", None),
        (1, "mod", None, None),
    ],
)
def test_resolve_from(level: int, module: str | None, package: str | None, expected: str | None) -> None:
    assert resolve_from(level, module, package) == expected


NESTED = """import a
x = [i for i in range(3)] or (lambda: 1)()
try:
    import b
except* ValueError:
    from . import c
else:
    import d
finally:
    import e
match x:
    case [1]:
        import f
    case _:
        pass
class K:
    import g

    async def m(self):
        async with x as y:
            import h
        while x:
            from i import j
if x:
    def f(k=lambda: 1):
        import k
else:
    import l
"""


def test_import_nodes_are_every_import_in_ast_walk_order() -> None:
    """The walk skips expressions; the imports and their order are ``ast.walk``'s, on a file with
    every kind of block and on this repository's own modules."""
    sources = [NESTED] + [p.read_text() for p in sorted(Path(__file__).resolve().parents[2].glob("*/*.py"))]
    for source in sources:
        tree = ast.parse(source)
        walked = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
        assert import_nodes(tree) == walked
    found = {alias.name for node in import_nodes(ast.parse(NESTED)) for alias in node.names}
    assert found == set("abcdefghjkl")  # every block's import, however deep


def test_a_file_whose_lines_end_with_a_lone_carriage_return_is_masked_where_python_reads_its_lines() -> None:
    """lark's examples/advanced/py3to2.py ends its lines with ``\\r`` only: the parser counts them as lines,
    and the from-import on its fourth line was looked up past the last ``\\n`` line (IndexError, apply's
    internal error)."""
    source = (
        b'"""Doc."""\rimport os\r\rfrom reconstruct_python import Reconstructor\rfrom pkg import reconstruct_python\r'
    )
    masked, masks = mask(source, old_module="pkg.reconstruct_python", package="pkg", shadowed=())
    assert len(masks) == 2 and masked.count(b"\r") == source.count(b"\r")
    assert unmask(masked, masks, "WF1_reconstruct_python") == source.replace(
        b"import reconstruct_python\r", b"import WF1_reconstruct_python as reconstruct_python\r"
    )
