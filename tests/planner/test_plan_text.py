"""The plan file's text is the stdlib's ``json.dumps(indent=2, ensure_ascii=False)``, byte for byte.

``planner.plan.plan_text`` writes it with orjson (the stdlib's indenting encoder is pure Python);
these tests hold it to the stdlib's bytes on every kind of value a plan holds, hostile strings
included, and check that what orjson refuses still gets the stdlib's text.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.plan import plan_text

#: Every value a plan holds: strings (any code point but lone surrogates), 64-bit integers, booleans,
#: null, and lists and objects of them with string keys.
_TEXT = st.text(st.characters(exclude_categories=("Cs",)))
_SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _TEXT
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=40
)


def _stdlib(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_TEXT, _VALUES, max_size=6))
def test_plan_text_is_the_stdlib_text(data: dict[str, Any]) -> None:
    assert plan_text(data) == _stdlib(data)


def test_control_characters_and_separators_are_escaped_as_the_stdlib_does() -> None:
    data = {"s": "".join(map(chr, range(0x20))) + '"\\\x7f\u2028\u2029é\U0001f600', "e": [], "o": {}, "n": [[], {}]}
    assert plan_text(data) == _stdlib(data)


def test_what_orjson_refuses_still_gets_the_stdlib_text() -> None:
    for data in ({"big": 2**70}, {"deep": [[[[[]]]]], 1: "int key"}):
        assert plan_text(data) == _stdlib(data)  # type: ignore[arg-type]
