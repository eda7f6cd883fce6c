import pkg.repr

SOURCE = """
@pkg.repr.auto
class Generated:
    pass
"""


def build():
    namespace = {"pkg": pkg}
    exec(compile(SOURCE, "<generated>", "exec"), namespace)
    return namespace["Generated"]


def auto_name():
    return eval("pkg.repr.auto.__name__", {"pkg": pkg})
