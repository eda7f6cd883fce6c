import warnings

warnings.filterwarnings("ignore", module=r"pkg\.(legacy|other)")
warnings.filterwarnings("ignore", module=r"pkg\.(?:legacy)")
warnings.filterwarnings("ignore", module="pkg\\.(?P<name>other|legacy)\\.inner")
warnings.filterwarnings("ignore", module=r"pkg\.(legacy|other)?")
warnings.filterwarnings("ignore", module=r"pkg\.sub\.(old|new)")
warnings.filterwarnings("ignore", module=r"pkg\.leg.*")
warnings.filterwarnings("ignore", module=r"pkg\.(legacyx|other)")
