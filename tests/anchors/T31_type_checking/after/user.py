from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pkg.newmod import Klass


def f(k: Klass) -> None:
    return None
