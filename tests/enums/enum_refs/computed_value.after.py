from shop.models import New

def parse(raw: str) -> New:
    return New(raw)
