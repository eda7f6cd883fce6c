"""What one reading of one Python file yields: its imports, its string references, the names it binds.

The facts of every file feed the import graph (planner/graph.py), the reference list
(planner/references.py) and the hazard checks (planner/hazards.py); planner/read_facts.py makes
them, and the facts cache (planner/scan.py) keeps them between runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from planner.sqlfind.sites import SqlFacts

#: First line of a compatibility shim Guardian writes at an old module path (codemods/shims.py).
SHIM_MARKER = "# guardian-shim:"
#: Starts Guardian's ``collect_ignore`` line of the shims, and the first line of a ``conftest.py`` Guardian
#: created for it (codemods/collect_ignore.py).
COLLECT_IGNORE_MARKER = "# guardian-collect-ignore:"
#: Ends the line of a compatibility binding Guardian writes in a package ``__init__``: ``from . import
#: WF1_sub as sub`` keeps the old attribute ``pkg.sub`` (codemods/old_name_bindings.py).
BINDING_MARKER = "# guardian-binding:"
#: In ``FileFacts.bound_names``: ``__all__`` is assigned or extended with more than string constants
#: (``[f.__name__ for f in ...]``), so ``dunder_all`` may not list all it holds.
COMPUTED_ALL = "__all__:computed"
#: Starts a ``bound_names`` key: ``source-read:NAME`` for ``from . import NAME`` in a package ``__init__``'s
#: ``if TYPE_CHECKING or <call>:`` block, which a lazy importer may read from the source (planner/source_read.py).
SOURCE_READ = "source-read:"
#: Starts a ``bound_names`` key: ``built-file:GLOB`` for a ``.py`` file name the code builds around a value
#: (``name + "_whitelist.py"``: ``*_whitelist.py``), which a module's file name may match (planner/built_file_names.py).
BUILT_FILE = "built-file:"
#: Start ``bound_names`` keys of a module's name whose last part the code reads as data (planner/name_tails.py):
#: ``name-tail:REF`` (an imported module as the import spells it, ``""`` the file's own), ``name-tail-param:FUNC:
#: INDEX:NAME`` (a module-level function's parameter: its callers say which), ``name-tail-unknown:LINE``.
NAME_TAIL = "name-tail:"
TAIL_PARAM = "name-tail-param:"
TAIL_UNKNOWN = "name-tail-unknown:"
#: ``name-tail-class:CLASS``: ``cls.__module__`` / ``self.__module__`` in ``CLASS``'s methods, the module of any of
#: its subclasses (planner/name_tail_classes.py finds them).
TAIL_CLASS = "name-tail-class:"
#: ``name-tail-defined:MOD.NAME``: ``K.__module__`` of ``from MOD import NAME``, the module that defines ``NAME``,
#: which ``MOD`` may only re-export (planner/name_tail_plan.py follows it).
TAIL_DEFINED = "name-tail-defined:"
#: ``name-tail-arg:FUNC:INDEX:NAME``: a module-level function's parameter, a string whose part after the last dot it
#: reads (``modname.rsplit(".", 1)[-1]``): its callers that hand it a module's name (``register(__name__, obj)``)
#: say which (planner/name_tail_plan.py).
TAIL_ARG = "name-tail-arg:"
#: ``name-tail-caller:FUNC``: a frame's ``f_globals["__name__"]`` in a module-level function, the name of the module
#: that calls it (or that it decorates); ``name-tail-defparam:FUNC:INDEX:NAME``: ``P.__module__`` (``inspect.
#: getmodule(P)``) of a module-level function's parameter, the module defining what its calls give it (or the module
#: it decorates): planner/name_tail_plan.py reads the calls.
TAIL_CALLER = "name-tail-caller:"
TAIL_DEFPARAM = "name-tail-defparam:"
#: A module's whole name used as data (planner/name_uses.py): ``name-path:REF`` put into a file's name (the module
#: keeps it), ``name-data:REF`` edited and kept (``__name__.replace(".", "_")``), ``name-order:REF`` a sort by module
#: names (a ``module-name-data`` hazard each).
NAME_PATH = "name-path:"
NAME_DATA = "name-data:"
NAME_ORDER = "name-order:"
#: ``name-salt:REF``: a module's whole name given as a signing salt (``salt=__name__``): the module keeps it.
NAME_SALT = "name-salt:"
#: ``name-logger:``: this module's name's last part (file's stem) given to a logger, which a logging configuration
#: may name (planner/logger_names.py); ``log-module:LINE``: a log record's ``module`` (its file's stem) read, or a
#: ``%(module)s`` format (a ``module-file-name`` hazard).
NAME_LOGGER = "name-logger:"
LOG_MODULE = "log-module:"
#: The same three for a module's file name read as data (``Path(__file__).stem``, planner/file_name_reads.py).
FILE_NAME = "file-name:"
FILE_PARAM = "file-name-param:"
FILE_UNKNOWN = "file-name-unknown:"
#: ``file-name-class:CLASS``: ``inspect.getfile(cls)`` in ``CLASS``'s methods, the file of any subclass's module.
FILE_CLASS = "file-name-class:"
#: Start ``bound_names`` keys: ``built-file-helper:NAME:POS:PARAM:TEMPLATE`` for a function completing its parameter
#: into a ``.py`` file name, ``built-file-call:NAME:ARG:VALUE`` for a string a call of ``NAME`` hands it
#: (planner/handed_file_names.py).
HELPER = "built-file-helper:"
HANDED = "built-file-call:"
#: ``pkg-dir:REF``: the file takes the directory of ``REF.__file__`` (an import's path as written); ``bare-import:
#: NAME``: a bare name it imports, in code or a string's source (planner/package_dir_imports.py).
PACKAGE_DIR = "pkg-dir:"
BARE_IMPORT = "bare-import:"
#: ``discovered:DEEP:REF:SUB:PATTERN``: the file lists the modules of its package's own directory (``pkgutil.
#: iter_modules(__path__)``, ``Path(__file__).parent.glob("*.py")``): their names are data
#: (planner/directory_discovery.py).
DISCOVERED = "discovered:"
#: ``path-extended:SUB``: the package adds the directory ``SUB`` below its own (``*``: its portions, ``pkgutil.
#: extend_path``) to its ``__path__`` (planner/package_path.py).
PATH_EXTENDED = "path-extended:"
#: ``unittest-discover:PATTERN``: the file runs unittest's discovery of the test modules the file-name pattern
#: matches (planner/unittest_discovery.py).
UNITTEST_DISCOVER = "unittest-discover:"


class ImportFact(NamedTuple):
    """One imported name: ``import a.b`` gives one, ``from a import b, c`` gives two. (A named tuple:
    a large checkout has tens of thousands, and a frozen dataclass costs 5x as much to build.)"""

    line: int
    form: str  #: "import" | "import-as" | "from" | "from-as" | "from-star"
    module: str  #: the module part as written ("a.b"; "" for ``from . import x``)
    level: int  #: 0 absolute, 1 for ``.``, 2 for ``..``
    name: str | None  #: the imported name for ``from`` forms, None for ``import``
    alias: str | None
    lazy: bool  #: inside a function body
    conditional: bool  #: inside if / try / with / loop / match (not TYPE_CHECKING)
    type_checking: bool  #: under ``if TYPE_CHECKING:``
    optional: bool  #: inside ``try`` with an ``except ImportError`` / ``ModuleNotFoundError``

    def resolve_base(self, package: str) -> str | None:
        """The absolute module of the ``from`` part (or the imported module), None if it escapes."""
        return absolute_import(self.level, self.module, package)


def absolute_import(level: int, module: str, package: str) -> str | None:
    """The absolute module an import's path names: ``module`` (what follows the dots; "" for ``from . import x``)
    ``level`` dots up from ``package``, the importing file's package (``level`` 0: ``module`` itself). None where
    the dots climb above the package's root or the path names nothing. :meth:`ImportFact.resolve_base` and
    planner/name_tail_classes.py's ``absolute_module`` (a path spelled as a string, ``"..mod"``) ask here."""
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base) or None


@dataclass(frozen=True)
class StringFact:
    """A string constant that looks like a dotted path, with what it is used for."""

    line: int
    kind: str  #: "mock.patch", "monkeypatch", "importlib", "__import__", "pytest_plugins", "__all__",
    #: "annotation", "doctest", "sphinx", "string", "relative:__name__" / "relative:__package__" (a path such as
    #: ".mod:attr" relative to the package name its call is given), "module-parts" (``["pkg", "mod"]``, held as
    #: ``pkg.mod``: planner/string_shapes.py), "doctest-from" (``>>> from pkg import mod``, held as ``pkg.mod``: the
    #: package's attribute, the submodule unless the package binds that name to another object)
    text: str


@dataclass
class FileFacts:
    path: str
    imports: list[ImportFact] = field(default_factory=list)
    strings: list[StringFact] = field(default_factory=list)
    #: module-level names bound by something other than a plain ``import``/``from . import x``
    #: of a module (def, class, assignment, ``from .x import y``): shadowing candidates in a package.
    #: Kept whole for package ``__init__.py`` files; a plain module keeps its own name, ``from:`` it,
    #: ``__all__`` and :data:`COMPUTED_ALL` (what its star import gives). ``from:NAME``: a
    #: ``from`` import binds NAME; ``binding:NAME``: a compatibility binding Guardian wrote
    #: (:data:`BINDING_MARKER`), a shim that keeps an old submodule name, not the package's own;
    #: :data:`SOURCE_READ` ``NAME``: a submodule a lazy importer may serve by the name its source spells;
    #: :data:`BUILT_FILE` ``GLOB``: a file name the code builds (any file); :data:`NAME_TAIL` and its kin: a
    #: module name's last part read as data (any file).
    bound_names: dict[str, int] = field(default_factory=dict)
    #: names of __all__ entries (string values)
    dunder_all: list[str] = field(default_factory=list)
    #: names imported by ``from x import name`` that the file also uses as a parameter, call
    #: keyword, attribute name or function local: the rich ``box=`` hazard
    other_names: set[str] = field(default_factory=set)
    syntax_error: tuple[int, str] | None = None
    #: a compatibility shim Guardian wrote (first line ``# guardian-shim: old -> new``): not a module
    #: to name, and not counted in ``{total}``
    shim: bool = False
    #: the bytes show something planner/dynamic_imports.py parses the file for (``worth_parsing``,
    #: decided by the scan as it reads the file); None when not screened yet
    dynamic: bool | None = None
    #: the SQL call sites and database hints (planner/sqlfind), read when a database is configured;
    #: None when not read, or when the database check must read the file itself
    sql: SqlFacts | None = None
