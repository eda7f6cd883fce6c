def f():
    import pkg.newmod as m
    return m.func()


def g(flag):
    if flag:
        import pkg.newmod as m2
        return m2.func()
    with open(__file__) as fh:
        import pkg.newmod as m3
        return m3.mod_constant
