import os

HERE = os.path.dirname(os.path.abspath(__file__))


def package_files():
    """The Python files of the package's directory, by name (boltons' ``iter_find_files``).

    >>> 'WF1_V7_L1_2of2_core.py' in package_files()
    True
    """
    return sorted(name for name in os.listdir(HERE) if name.endswith(".py"))
