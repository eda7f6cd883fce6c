"""A double-entry ledger: every posting debits one account and credits another."""
from __future__ import annotations

from dataclasses import dataclass

from shop.core.money import *  # noqa: F403  (Money, ZERO, money_sum)

CASH = "cash"
RECEIVABLES = "accounts_receivable"
REVENUE = "revenue"
TAX = "tax_payable"


@dataclass(frozen=True)
class Entry:
    debit: str
    credit: str
    amount: Money  # noqa: F405
    memo: str = ""


class Ledger:
    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def post(self, debit: str, credit: str, amount: Money, memo: str = "") -> Entry:  # noqa: F405
        if amount.cents <= 0:
            raise ValueError(f"postings must be positive, got {amount}")
        if debit == credit:
            raise ValueError("debit and credit accounts must differ")
        entry = Entry(debit, credit, amount, memo)
        self.entries.append(entry)
        return entry

    def balance(self, account: str) -> Money:  # noqa: F405
        """Debits minus credits of ``account``."""
        debits = money_sum(e.amount for e in self.entries if e.debit == account)  # noqa: F405
        credits = money_sum(e.amount for e in self.entries if e.credit == account)  # noqa: F405
        return debits - credits

    def accounts(self) -> list[str]:
        return sorted({e.debit for e in self.entries} | {e.credit for e in self.entries})

    def is_balanced(self) -> bool:
        return money_sum(self.balance(a) for a in self.accounts()) == ZERO  # noqa: F405


GENERAL_LEDGER = Ledger()
