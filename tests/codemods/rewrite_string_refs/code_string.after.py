# Generated source, as attrs builds __init__ (its _make.py does exactly this):
INIT = "def __init__(self, _cache_wrapper=__import__('pkg.newmod').newmod.Wrapper):\n    pass\n"
TEMPLATE = "from pkg import newmod as mod\nimport pkg.newmod as m\nvalue = pkg.newmod.func()\n"
PROSE = "see pkg.models for the models"  # not code, not an exact path: untouched
