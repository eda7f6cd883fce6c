"""A package ``__getattr__`` answers a renamed submodule's new name exactly as it answered the old one, whatever
boolean shape its test takes (codemods/lazy_names.py; review 26, defect 4).

``elif name in ("shapes", "colors") and not _frozen:`` was left as it was while the users' ``pkg.colors`` became
``pkg.WF1_colors``: ``AttributeError`` after apply. Each case runs the rewritten ``__getattr__`` with a stand-in
``import_module`` and checks that the new name gets what the old one got, and a name not renamed what it got.
"""

from __future__ import annotations

import types

import pytest

from codemods.rewrite_string_refs import rewrite_string_refs

RENAMES = {"pkg.shapes": "pkg.WF1_shapes", "pkg.colors": "pkg.WF1_colors"}
NEW = {"shapes": "WF1_shapes", "colors": "WF1_colors"}
SHAPES = {
    "and": 'if name in ("shapes", "colors") and not _frozen:\n        return importlib.import_module("." + name, __name__)',
    "or, not, parentheses": (
        'if not (name != "shapes" or _frozen) or (name == "colors" and True):\n'
        '        return importlib.import_module(f".{name}", __name__)'
    ),
    "elif, one-line body": (
        'if name == "x":\n        raise AttributeError(name)\n'
        '    elif name in ("shapes", "colors") and not _frozen: return importlib.import_module("." + name, __name__)'
    ),
    "guard then import": (
        'if name not in ("shapes", "colors") or _frozen:\n        raise AttributeError(name)\n'
        '    return importlib.import_module("." + name, __name__)'
    ),
    "conditional expression": (
        'return importlib.import_module("." + name, __name__) if "shapes" == name or name == "colors" else None'
    ),
    "literal import, nested test": (
        'if (name == "shapes") and (not _frozen):\n        return importlib.import_module("pkg.shapes")'
    ),
}


def _getattr(source: str) -> types.FunctionType:
    importlib = types.SimpleNamespace(import_module=lambda module, package=None: module.lstrip(".").split(".")[-1])
    namespace: dict[str, object] = {}
    exec(compile(source, "pkg/__init__.py", "exec"), namespace)  # noqa: S102 - the test's own source
    namespace["importlib"] = importlib  # after the module's own ``import importlib``
    function = namespace["__getattr__"]
    assert isinstance(function, types.FunctionType)
    return function


def _answer(function: types.FunctionType, name: str) -> object:
    try:
        return function(name)
    except AttributeError:
        return AttributeError


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_new_name_is_answered_as_the_old_one(shape: str) -> None:
    source = f"import importlib\n\n_frozen = False\n\n\ndef __getattr__(name):\n    {SHAPES[shape]}\n    return None\n"
    result = rewrite_string_refs(source, RENAMES, path="pkg/__init__.py", module="pkg")
    before, after = _getattr(source), _getattr(result.code)
    compile(result.code, "pkg/__init__.py", "exec")
    for old, new in NEW.items():
        answer = _answer(before, old)
        if answer not in (None, AttributeError):  # the old name imported the module: the new one does too
            assert _answer(after, new) == new, (shape, result.code)
            assert _answer(after, old) in (answer, new)  # the old path (a shim), or the literal path rewritten
        else:
            assert _answer(after, new) == _answer(before, new)
    assert any(_answer(before, old) not in (None, AttributeError) for old in NEW), "the case imports a submodule"
    for other in ("x", "sizes", "WF1_sizes"):
        assert _answer(after, other) == _answer(before, other)
