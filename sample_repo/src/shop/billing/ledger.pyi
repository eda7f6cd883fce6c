from shop.core.money import Money

CASH: str
RECEIVABLES: str
REVENUE: str
TAX: str

class Entry:
    debit: str
    credit: str
    amount: Money
    memo: str
    def __init__(self, debit: str, credit: str, amount: Money, memo: str = ...) -> None: ...

class Ledger:
    entries: list[Entry]
    def __init__(self) -> None: ...
    def post(self, debit: str, credit: str, amount: Money, memo: str = ...) -> Entry: ...
    def balance(self, account: str) -> Money: ...
    def accounts(self) -> list[str]: ...
    def is_balanced(self) -> bool: ...

GENERAL_LEDGER: Ledger
