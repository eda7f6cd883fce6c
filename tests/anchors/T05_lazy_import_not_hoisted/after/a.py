def use_b_later():
    import newb as b
    return b.X


def use_mod_later():
    import pkg.newmod
    return pkg.newmod.func()
