try:
    import pkg.mod as m
except ImportError:
    m = None


def feature():
    return m.func() if m is not None else None
