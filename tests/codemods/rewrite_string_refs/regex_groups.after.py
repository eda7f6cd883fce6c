import warnings

warnings.filterwarnings("ignore", module=r"pkg\.(WF1_legacy|other)")
warnings.filterwarnings("ignore", module=r"pkg\.(?:WF1_legacy)")
warnings.filterwarnings("ignore", module="pkg\\.(?P<name>other|WF1_legacy)\\.inner")
warnings.filterwarnings("ignore", module=r"pkg\.(legacy|other)?")
warnings.filterwarnings("ignore", module=r"pkg\.sub\.(WF2_old|new)")
warnings.filterwarnings("ignore", module=r"pkg\.leg.*")
warnings.filterwarnings("ignore", module=r"pkg\.(legacyx|other)")
