def use_b_later():
    import b
    return b.X


def use_mod_later():
    import pkg.mod
    return pkg.mod.func()
