"""Plain text tests that decide which files the database readers parse: most files pass none.

They run on every file (in the scan's worker processes when a database is configured): a substring
test first, a regex only when it passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Text of a module that may declare a model: others are not parsed for models.
MODEL_HINT = re.compile(r"\bColumn\(|mapped_column|Mapped\[|\bTable\(|models\.|\bModel\b")
#: MODEL_HINT without its leading ``\b``s, which :func:`model_hints` tests on each match: a leading
#: ``\b`` keeps the regex engine from skipping ahead to the words' first letters.
_MODEL_WORD = re.compile(r"Column\(|mapped_column|Mapped\[|Table\(|models\.|Model\b")
_AFTER_BOUNDARY = frozenset({"Column(", "Table(", "Model"})
WORD_CHAR = re.compile(r"\w")


MODEL_WORDS = ("Column(", "mapped_column", "Mapped[", "Table(", "models.", "Model")


def model_hints(source: str) -> Iterator[int]:
    """Where MODEL_HINT matches in ``source`` (the start of each match, in order)."""
    for match in _MODEL_WORD.finditer(source):
        start = match.start()
        if not (start and match.group(0) in _AFTER_BOUNDARY and WORD_CHAR.match(source, start - 1)):
            yield start


def may_declare_models(source: str) -> bool:
    """Whether ``source`` may declare a model (a plain substring test first: most files do not)."""
    return any(word in source for word in MODEL_WORDS) and next(model_hints(source), None) is not None


ENUM_WORDS = ("Enum", "Flag")


def may_define_enums(source: str) -> bool:
    """Whether ``source`` may define an enum class or call ``Enum(...)``: every base the enum readers
    know (planner/code_enums.py) and the ``Enum`` call spell ``Enum`` or ``Flag``."""
    return ENUM_WORDS[0] in source or ENUM_WORDS[1] in source
