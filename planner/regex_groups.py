"""A module path in a regex whose last segment is a group or a partial segment (issue 13, breaker d06, e16).

``warnings.filterwarnings("ignore", module=r"pkg\\.(legacy|other)")`` names ``pkg.legacy`` and ``pkg.other``;
``r"pkg\\.(?:legacy)"`` names ``pkg.legacy``. Neither is the escaped dotted token codemods/string_tokens.py's
``sub_escaped`` rewrites, so both were left, and after the rename the filter matched no module (the warning
became an error). Each alternative that is a whole segment (an identifier) after an escaped dot is that module's
path: :func:`group_alternatives` finds them, for the plan (``regex``, rewritten: planner/path_mentions.py) and for
apply (the alternative gets the renamed module's new last segment, the rest of the pattern is kept).

``r"pkg\\.leg.*"`` matches part of a segment: ``pkg.legacy``, whose new name ``WF1_..._legacy`` it does not match.
No rewrite keeps what else it matches: :func:`partial_segments` finds such a stem before a regex operator, and each
module below the prefix whose last segment starts with it is listed for a person (``regex-part``, a follow-up),
in the plan and in apply's follow-ups alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["group_alternatives", "partial_segments", "stem_modules"]

_PREFIX = r"(?<![\w.\\])(?P<prefix>[A-Za-z_]\w*(?:\\{1,2}\.[A-Za-z_]\w*)*)"
#: ``pkg\.(a|b)``, ``pkg\\.(?:a)``, ``pkg\.sub\.(?P<name>a|b)``: identifiers only, one to a branch
_GROUP = re.compile(
    _PREFIX + r"\\{1,2}\.\((?:\?:|\?P<\w+>)?(?P<body>[A-Za-z_]\w*(?:\|[A-Za-z_]\w*)*)\)(?P<quantified>[?*+{])?"
)
#: ``pkg\.leg.*``, ``pkg\.leg\w+``, ``pkg\.m[12]``: a segment's start, then a regex operator
_PARTIAL = re.compile(_PREFIX + r"\\{1,2}\.(?P<stem>[A-Za-z_]\w*)(?=[.\[(?*+{|]|\\[wWdDsS])(?!\\{1,2}\.)")
_SEPARATOR = re.compile(r"\\{1,2}\.")


def _dotted(prefix: str) -> str | None:
    """``pkg\\.sub`` as ``pkg.sub``; None for mixed escaping (one and two backslashes)."""
    if len(set(_SEPARATOR.findall(prefix))) > 1:
        return None
    return _SEPARATOR.sub(".", prefix)


def group_alternatives(text: str) -> Iterator[tuple[int, int, str]]:
    """Each alternative of a group that is the whole segment after an escaped module path in ``text`` (a regex's
    source as written, or its value: one or two backslashes): its start and end in ``text`` and the module path it
    names (``pkg.legacy`` for ``legacy`` in ``pkg\\.(legacy|other)``). A quantified group (``(a|b)?``) names
    no one segment: none."""
    for match in _GROUP.finditer(text):
        prefix = _dotted(match.group("prefix"))
        if prefix is None or match.group("quantified"):
            continue
        position = match.start("body")
        for alternative in match.group("body").split("|"):
            yield position, position + len(alternative), f"{prefix}.{alternative}"
            position += len(alternative) + 1


def partial_segments(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Each escaped module path in ``text`` whose last segment is a stem a regex operator follows
    (``pkg\\.leg.*``): its start and end, the package path before it and the stem (``pkg``, ``leg``)."""
    for match in _PARTIAL.finditer(text):
        prefix = _dotted(match.group("prefix"))
        if prefix is not None:
            yield match.start(), match.end(), prefix, match.group("stem")


def stem_modules(prefix: str, stem: str, modules: Iterable[str]) -> list[str]:
    """The modules of ``modules`` directly below ``prefix`` whose last segment starts with ``stem`` and is longer."""
    head = f"{prefix}.{stem}"
    return sorted(m for m in modules if m.startswith(head) and len(m) > len(head) and "." not in m[len(prefix) + 1 :])
