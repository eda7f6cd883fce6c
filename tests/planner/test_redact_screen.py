"""planner/redact.py returns a text unchanged when it holds neither ``://`` nor a password word: the
screen must let through every text a pattern would change, in any letter case (Unicode case folding
included: ``(?i)`` takes ``ſ`` for ``s``), and only those."""

from __future__ import annotations

import pytest

from planner.redact import redact

SECRET = "Sup3rS3cret"


@pytest.mark.parametrize(
    "text",
    [
        f"PassWd={SECRET}",
        f"db_PWD = {SECRET}",
        f"paſſword={SECRET}",  # U+017F, the long s: a case variant of "s" for the patterns too
        f'{{"Admin-Password": "{SECRET}"}}',
        f"see HTTPS://alice:{SECRET}@host/db",
    ],
)
def test_a_text_with_a_password_word_or_a_url_is_redacted(text: str) -> None:
    assert SECRET not in redact(text)


def test_a_text_without_either_is_returned_as_it_is() -> None:
    plain = "synth.pkg000.orders_00000 imports synth.pkg001.ledger_00002"
    assert redact(plain) is plain
