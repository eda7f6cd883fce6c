def auto(cls):
    cls.__repr__ = lambda self: f"<{type(self).__name__}>"
    return cls
