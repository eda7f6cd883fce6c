def func():
    return 1


class Klass:
    pass


mod_constant = 42
