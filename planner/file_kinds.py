"""What a checkout's file is by its name: reference, pickle, binary, prose, another language's source, data.

:func:`planner.discover.discover` lists a file by these tables; a file read as data (:func:`is_data_file`) has
its whole dotted paths rewritten like configuration's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from planner.pickled_data import COMPRESSED_SUFFIXES
from planner.tool_files import tool_name

#: C and C++ sources: an extension imports the package's modules by name (simplejson's ``_speedups.c``:
#: ``PyImport_ImportModule("simplejson.errors")``).
C_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp")
#: Non-Python files that commonly name modules (entry points, tool configuration, docs, CI, C sources).
REFERENCE_SUFFIXES = (".toml", ".cfg", ".ini", ".rst", ".md", ".txt", ".yml", ".yaml", *C_SUFFIXES)
#: Files without those suffixes: an sdist's ``MANIFEST.in`` (``include pkg/mod.pyi``), ignore files naming a
#: generated module (``tenacity/_version.py`` in tenacity's ``.gitignore``), linters' INI files.
REFERENCE_NAMES = frozenset(
    {".coveragerc", "MANIFEST.in", ".gitignore", ".dockerignore", ".gitattributes"}
    | {".flake8", ".pylintrc", "pylintrc"}
    | {"Pipfile"}  # TOML: pipenv's ``[scripts]`` (``serve = "python -m pkg.cli"``)
)
#: Files without a ``.toml`` suffix that are TOML.
TOML_NAMES = frozenset({"Pipfile"})
#: Besides, the files tools run or load (planner/tool_files.py): JSON (``.vscode/launch.json``, ``package.json``),
#: Makefiles, Dockerfiles, Procfiles and shell scripts (``*.sh``; without a suffix when executable, by ``#!``).
#: ``pkg.egg-info/entry_points.txt`` (setuptools' metadata of an editable or sdist checkout): the one file
#: read there. With the checkout on ``sys.path`` it is what ``importlib.metadata.entry_points()`` finds.
ENTRY_POINTS = "entry_points.txt"
#: Data files that may be pickles (babel's ``locale-data/*.dat``): a class's module path inside is a
#: reference (planner/pickled_references.py), read as bytes.
PICKLE_SUFFIXES = (".pickle", ".pkl", ".pck", ".dat", ".gpickle")
#: Those names compressed too (networkx's ``gl1.gpickle.bz2``): read decompressed (planner/pickled_data.py).
PICKLE_FILES = (*PICKLE_SUFFIXES, *(p + c for p in PICKLE_SUFFIXES for c in COMPRESSED_SUFFIXES))
#: Suffixes of the files discovery reads by their name: Python, references and pickles.
READ_SUFFIXES = (".py", ".pyi", *REFERENCE_SUFFIXES, *PICKLE_FILES)
#: Suffixes of files that hold no text: never listed. Every other file is read as data (:func:`is_data_file`).
BINARY_SUFFIXES = tuple(
    f".{s}"
    for s in (
        "png jpg jpeg gif bmp ico icns webp tif tiff psd xcf pdf eps ps ttf otf woff woff2 eot "
        "zip gz tgz bz2 xz zst lz lzma 7z rar tar whl egg jar war class so pyd dll dylib o obj a lib exe bin "
        "pyc pyo mo db sqlite sqlite3 npy npz h5 hdf5 parquet feather mp3 mp4 wav ogg flac avi mov mkv webm"
    ).split()
)
#: Documentation pages besides ``.rst``/``.md``/``.txt``: prose (beautifulsoup4's translated docs are HTML).
PROSE_SUFFIXES = (".html", ".htm")
#: Sources of other languages and style sheets: not data. A dotted token there is that language's own
#: expression (Vue's ``app.config.errorHandler = ...`` in ``main.js`` beside a Python package ``app`` with a
#: ``config`` module), never a Python module path Guardian could rewrite safely. A JavaScript or TypeScript source
#: is listed all the same, for its string literals that are a whole module path (planner/script_strings.py).
OTHER_LANGUAGE_SUFFIXES = tuple(
    f".{s}"
    for s in (
        "js mjs cjs jsx ts mts cts tsx vue svelte astro css scss sass less styl coffee elm dart "
        "java kt kts scala groovy gradle go rs rb php pl pm swift m mm cs fs vb lua r jl hs ex exs erl clj "
        "sql map lock"
    ).split()
)
#: A data file larger than this is not read (nor listed): fixtures naming a module are small, and the
#: workspace holds every listed file's bytes.
DATA_MAX_BYTES = 2_000_000


def is_data_file(name: str) -> bool:
    """Is the file ``name`` (a base name) read as data: a suffix none of the lists above has, and no tool's
    family (planner/tool_files.py: JSON, shell scripts ...)? PyYAML's test fixtures
    ``construct-python-name-module.data`` (``!!python/module:yaml.tokens``) and ``.code``, a Cython source
    (``yaml.error.YAMLError`` in ``_yaml.pyx``), a template. A whole dotted path there is rewritten like
    configuration's, whatever ``--no-prose``."""
    stem, dot, suffix = name.lstrip(".").rpartition(".")
    if name.lower().endswith(OTHER_LANGUAGE_SUFFIXES):
        return False
    known = name in REFERENCE_NAMES or name.lower().endswith((*READ_SUFFIXES, *BINARY_SUFFIXES, *PROSE_SUFFIXES))
    return bool(dot and stem and suffix) and not known and tool_name(name) is None


def named_files(names: Iterable[str], heads: Collection[str]) -> frozenset[str]:
    """The base names among ``names`` (every file of the checkout) that start with one of ``heads`` (top-level
    module names) and a dot, Python files aside (their own rules name them): ``pkg.cli.pkl``.

    Returns:
        Those names.
    """
    return frozenset(
        name
        for name in names
        if name.partition(".")[0] in heads and name.count(".") > 1 and not name.endswith((".py", ".pyi"))
    )
