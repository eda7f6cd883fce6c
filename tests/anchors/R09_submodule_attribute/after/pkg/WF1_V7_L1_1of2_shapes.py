__all__ = ["Circle"]

SIDES = {"circle": 0, "square": 4}


class Circle:
    sides = SIDES["circle"]
