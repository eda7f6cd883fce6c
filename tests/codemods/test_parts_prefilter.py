"""apply's screen for a module path spelled as its quoted parts (``["pkg", "mod"]``, codemods/string_prefilter.py's
``names_parts``) reads the white space and comments between the parts one way only (review24 finding 01).

Its separator ``(\\s|#[^\\n]*)*`` matched the same comment text many ways: a ``###`` banner is ``#`` + ``##`` or
``##`` + ``#``..., a comment line ending in a space is split at the space. After a quoted word with no comma, a failing
match tried every split: 20 such lines cost seconds, 30 hours, and apply hung on a module holding ``NAME = "shop"``
above a banner (any file holding the tail word of a renamed module gets this screen).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from codemods.base import Renames
from codemods.string_prefilter import names_parts

MAPPING = {"pkg.shop": "pkg.WF1_shop", "pkg.sub.deep": "pkg.sub.WF1_deep"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('["pkg", "shop"]', True),
        ("('pkg',\n 'sub' ,  # the package\n  # more\n r'deep')", True),
        ('parts = "pkg","shop"', True),
        ('["pkg", "shop", "attr"]', False),  # a path and an attribute: no module's whole path
        ('["pkg", "shop_v2"]', False),
        ('"pkg"  # , "shop"', False),  # the comma and the word are a comment's text
        ('NAME = "shop"\n###\n', False),
    ],
)
def test_names_parts(text: str, expected: bool) -> None:
    assert names_parts(text, Renames.of(MAPPING)) is expected


#: Each case matched 2**40 ways or more by the old separator (hours to years); read once, it takes microseconds.
PATHOLOGICAL = {
    "banner": 'NAME = "shop"\n' + ("#" * 60 + "\n# section\n") * 3,
    "trailing spaces": 'NAME = "shop"\n' + "# a comment line ending in a space \n" * 40,
    "issue numbers": '["pkg", "shop"  # see #12 #13 #14\n' + "# and #15 #16 #17 #18 \n" * 20 + "]",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_comment_text_after_a_quoted_word_is_read_once(name: str) -> None:
    # in a child process, so that the old code fails the test (killed at the timeout) instead of hanging the run;
    # the timeout is a guard, far above the microseconds the linear screen takes
    program = (
        "import sys\n"
        "from codemods.base import Renames\n"
        "from codemods.string_prefilter import names_parts\n"
        f"print(names_parts(sys.stdin.read(), Renames.of({MAPPING!r})))\n"
    )
    try:
        run = subprocess.run(
            [sys.executable, "-c", program],
            input=PATHOLOGICAL[name],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"names_parts did not finish on {name!r} comments within 60 s: the match backtracks")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(name == "issue numbers")
