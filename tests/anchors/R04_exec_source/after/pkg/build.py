import pkg.WF1_V7_L1_1of2_repr

SOURCE = """
@pkg.WF1_V7_L1_1of2_repr.auto
class Generated:
    pass
"""


def build():
    namespace = {"pkg": pkg}
    exec(compile(SOURCE, "<generated>", "exec"), namespace)
    return namespace["Generated"]


def auto_name():
    return eval("pkg.WF1_V7_L1_1of2_repr.auto.__name__", {"pkg": pkg})
