from . import box


class Table:
    def __init__(self, box: str = box.HEAVY) -> None:
        self.box = box


def make(**kw):
    return Table(box=kw.get("box", box.HEAVY))
