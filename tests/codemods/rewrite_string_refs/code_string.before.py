# Generated source, as attrs builds __init__ (its _make.py does exactly this):
INIT = "def __init__(self, _cache_wrapper=__import__('pkg.mod').mod.Wrapper):\n    pass\n"
TEMPLATE = "from pkg import mod\nimport pkg.mod as m\nvalue = pkg.mod.func()\n"
PROSE = "see pkg.models for the models"  # not code, not an exact path: untouched
