from shop.legacy import Old

def parse(raw: str) -> Old:
    return Old(raw)
