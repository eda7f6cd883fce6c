"""Modules a tool or framework finds by their file name: they keep their names, as test modules do.

pip runs a project's ``setup.py``, Sphinx reads its source directory's ``conf.py`` and Django's app
registry imports ``<app>.models`` by name: a renamed file is no longer found, and no import graph shows
the break. Each entry of :data:`CONVENTIONS` names the file, the context in which the convention applies
(a ``models.py`` of a package that does not use Django is renamed like any other module), the tool and
the evidence (where the tool's source or documentation says it finds the file by that name). A module an entry matches is exempt, and the plan lists it under
``kept`` with the entry's reason (planner/layers.py), as it lists the test modules pytest collects by
name (planner/pytest_files.py). ``__init__.py``, ``__main__.py`` and ``conftest.py`` keep their names
everywhere (``planner.config.FIXED_NAMES``).

The context tests read only what the scan already has (the modules, each file's import facts and the
names of the non-Python files it lists), and only for the modules whose names an entry matches: no file
is read again.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planner.discover import ModuleFile
from planner.facts import FileFacts

#: Starts the reason of every module kept by a convention (the plan and ``assess`` list them apart from
#: the test modules).
FOUND_BY_NAME = "found by name by "


class Checkout:
    """The facts the context tests ask about, from the scan; what the whole checkout imports is worked
    out the first time a test asks, once per package and top-level name."""

    def __init__(self, modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], others: tuple[str, ...]):
        self.modules = modules
        self.facts = facts
        self._others = others
        self._beside: dict[str, frozenset[str]] | None = None
        self._packages: dict[str, list[str]] | None = None
        self._uses: dict[tuple[str, str], bool] = {}
        self._directories: dict[str, list[ModuleFile]] | None = None

    def imports(self, module: ModuleFile, *names: str) -> bool:
        """Whether ``module``'s file imports one of the top-level modules ``names`` (``django``, ``nox``)."""
        facts = self.facts.get(module.path)
        return facts is not None and any(
            fact.level == 0 and fact.module.partition(".")[0] in names for fact in facts.imports
        )

    def package_uses(self, module: ModuleFile, name: str) -> bool:
        """Whether a module of ``module``'s top-level package imports the top-level module ``name``."""
        return self._used(module.name.partition(".")[0], name)

    def checkout_uses(self, name: str) -> bool:
        """Whether any module of the checkout imports the top-level module ``name``."""
        return self._used("", name)

    def beside(self, module: ModuleFile, *names: str) -> bool:
        """Whether the directory of ``module``'s file holds a listed non-Python file named one of ``names``."""
        if self._beside is None:
            found: dict[str, set[str]] = {}
            for path in self._others:
                directory, _, filename = path.rpartition("/")
                found.setdefault(directory, set()).add(filename)
            self._beside = {directory: frozenset(names) for directory, names in found.items()}
        return not self._beside.get(module.path.rpartition("/")[0], frozenset()).isdisjoint(names)

    def directory_uses(self, directory: str, name: str) -> bool:
        """Whether a module whose file is directly in ``directory`` imports the top-level module ``name``."""
        if self._directories is None:
            self._directories = {}
            for module in self.modules.values():
                self._directories.setdefault(module.path.rpartition("/")[0], []).append(module)
        return any(self.imports(module, name) for module in self._directories.get(directory, ()))

    def _used(self, package: str, name: str) -> bool:
        key = (package, name)
        if key not in self._uses:
            if self._packages is None:
                self._packages = {}
                for module in self.modules.values():
                    self._packages.setdefault(module.name.partition(".")[0], []).append(module.name)
            members = self._packages.get(package, []) if package else list(self.modules)
            self._uses[key] = any(self.imports(self.modules[member], name) for member in members)
        return self._uses[key]


def _at_root(module: ModuleFile) -> bool:
    return "/" not in module.path


def _top_level(module: ModuleFile) -> bool:
    return "." not in module.name


def _on_a_path(m: ModuleFile, c: Checkout) -> bool:
    """Not inside a regular package (its directory has no ``__init__.py``): a directory Invoke, Fabric or
    ``site`` may put on ``sys.path`` and import it from as a top-level module."""
    parent = m.name.rpartition(".")[0]
    return not parent or parent not in c.modules


def _in_package(module: ModuleFile) -> bool:
    return "." in module.name


def _path_has(module: ModuleFile, *directories: str) -> bool:
    return not set(module.path.split("/")[:-1]).isdisjoint(directories)


@dataclass(frozen=True)
class Convention:
    """A file a tool finds by its name, in the context where it does."""

    #: the end of the module's path: a file name (``setup.py``), a glob (``test*.py``) or a path
    #: (``management/commands/*.py``), matched component by component
    pattern: str
    tool: str
    #: what the tool finds by the name, as the plan shows it
    how: str
    #: whether the module is in the tool's context (its docstring says what that is)
    applies: Callable[[ModuleFile, Checkout], bool]
    #: where the tool's documentation or source says it finds the file by that name
    evidence: str

    @property
    def reason(self) -> str:
        """Why the module keeps its name, as the plan shows it."""
        return f"{FOUND_BY_NAME}{self.tool} ({self.how})"


def _project_root(m: ModuleFile, c: Checkout) -> bool:
    """At the repository's root, beside a ``pyproject.toml`` or ``setup.cfg`` (a project's directory), or in a
    directory that is no regular package (``pip install`` of any directory runs its ``setup.py``: pyfakefs'
    test project ``pytest_tests/ns_package/test/``); a ``setup.py`` beside an ``__init__.py`` is a module."""
    return _at_root(m) or c.beside(m, "pyproject.toml", "setup.cfg") or _on_a_path(m, c)


def _runs_there(*tools: str) -> Callable[[ModuleFile, Checkout], bool]:
    def applies(m: ModuleFile, c: Checkout) -> bool:
        return _at_root(m) or c.imports(m, *tools)

    applies.__doc__ = f"At the repository's root (where the tool runs), or importing {' or '.join(tools)}."
    return applies


def _imports(*tools: str) -> Callable[[ModuleFile, Checkout], bool]:
    def applies(m: ModuleFile, c: Checkout) -> bool:
        return c.imports(m, *tools)

    applies.__doc__ = f"Importing {' or '.join(tools)}."
    return applies


def _collection(*tools: str) -> Callable[[ModuleFile, Checkout], bool]:
    def applies(m: ModuleFile, c: Checkout) -> bool:
        return _on_a_path(m, c) and (_at_root(m) or c.imports(m, *tools))

    applies.__doc__ = (
        f"Outside a regular package (imported as a top-level module), at the root or importing {' or '.join(tools)}."
    )
    return applies


def _invoke_tasks(m: ModuleFile, c: Checkout) -> bool:
    """Outside a regular package (Invoke imports ``tasks`` as a top-level module), importing ``invoke``."""
    return _on_a_path(m, c) and c.imports(m, "invoke")


def _invoke_collection(m: ModuleFile, c: Checkout) -> bool:
    """In a top-level ``tasks`` package (Invoke's collection as a package), importing ``invoke``: a module of
    tasks, whose sub-collection ``Collection.from_module`` names after the module."""
    return m.name.rpartition(".")[0] == "tasks" and c.imports(m, "invoke")


def _celery_package(m: ModuleFile, c: Checkout) -> bool:
    """In a package, in a checkout that imports ``celery`` (whether a call of ``autodiscover_tasks()``
    lists that package is not read: the facts hold no calls, and its default is every Django app)."""
    return _in_package(m) and c.checkout_uses("celery")


def _celery_app(m: ModuleFile, c: Checkout) -> bool:
    """In a package, importing ``celery`` (the module that makes the package's Celery app)."""
    return _in_package(m) and c.imports(m, "celery")


def _celery_config(m: ModuleFile, c: Checkout) -> bool:
    """A top-level module, in a checkout that imports ``celery``."""
    return _top_level(m) and c.checkout_uses("celery")


def _site_path(m: ModuleFile, c: Checkout) -> bool:
    """Outside a regular package (the directory holding it is what goes on ``sys.path``)."""
    return _on_a_path(m, c)


def _sphinx_source(m: ModuleFile, c: Checkout) -> bool:
    """Beside an ``index.rst``, ``index.md`` or ``index.txt`` (Sphinx's root document), in a ``doc`` or
    ``docs`` directory, or importing ``sphinx``."""
    return c.beside(m, "index.rst", "index.md", "index.txt") or _path_has(m, "doc", "docs") or c.imports(m, "sphinx")


def _flask_root(m: ModuleFile, c: Checkout) -> bool:
    """At the repository's root (where ``flask run`` runs), importing ``flask``."""
    return _at_root(m) and c.imports(m, "flask")


def _django(m: ModuleFile, c: Checkout) -> bool:
    """In a package whose top-level package uses Django (one of its modules imports ``django``)."""
    return _in_package(m) and c.package_uses(m, "django")


def _django_app(depth: int) -> Callable[[ModuleFile, Checkout], bool]:
    """In a Django app: a module of the app's directory (``depth`` directories above the file's) imports
    ``django``. kombu's ``utils/json.py`` imports Django for its JSON encoder, and its SQLAlchemy transport's
    ``models.py`` is no app's: the whole top-level package is not the context, the app's directory is."""

    def applies(m: ModuleFile, c: Checkout) -> bool:
        app = m.path.rsplit("/", depth + 1)[0] if m.path.count("/") > depth else ""
        return _in_package(m) and c.directory_uses(app, "django")

    applies.__doc__ = f"In a Django app: a module {depth} directory(ies) above the file imports ``django``."
    return applies


#: The conventions, first match wins (``tasks.py`` is Invoke's when it imports invoke, else Celery's).
CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "setup.py",
        "pip and setuptools",
        "a project's build script",
        _project_root,
        "pip builds a source tree from the setup.py of its directory (pip/_internal/req/req_install.py "
        "setup_py_path); setuptools' legacy back end runs 'setup.py' (setuptools/build_meta.py)",
    ),
    Convention(
        "noxfile.py",
        "nox",
        "its sessions",
        _runs_there("nox"),
        "nox's --noxfile defaults to noxfile.py in the directory it runs in (nox/_options.py)",
    ),
    Convention(
        "fabfile.py",
        "Fabric",
        "its tasks",
        _collection("fabric", "invoke"),
        "fab loads the collection named 'fabfile' from the working directory upwards "
        "(fabric/loader.py FabfileLoader.DEFAULT_COLLECTION_NAME; docs: 'Seeking & loading tasks')",
    ),
    Convention(
        "tasks.py",
        "Invoke",
        "its tasks",
        _invoke_tasks,
        "invoke loads the collection named 'tasks' from the working directory upwards "
        "(docs: concepts/loading.rst 'Task module discovery')",
    ),
    Convention(
        "tasks/*.py",
        "Invoke",
        "a sub-collection named after its module",
        _invoke_collection,
        "invoke loads the package 'tasks' as its collection (docs: concepts/loading.rst); "
        "Collection.from_module names the collection after module.__name__'s last part (invoke/collection.py)",
    ),
    Convention(
        "tasks.py",
        "Celery's autodiscover_tasks()",
        "<package>.tasks",
        _celery_package,
        "Celery.autodiscover_tasks(packages=None, related_name='tasks') imports '<package>.tasks' "
        "(celery/app/base.py, celery/loaders/base.py find_related_module)",
    ),
    Convention(
        "celery.py",
        "Celery's -A option",
        "<package>.celery",
        _celery_app,
        "'celery -A proj' loads 'proj.celery' when the package has no app itself (celery/app/utils.py "
        "find_app); Celery's Django guide names the module proj/celery.py",
    ),
    Convention(
        "celeryconfig.py",
        "Celery's default loader",
        "its configuration",
        _celery_config,
        "the default loader imports CELERY_CONFIG_MODULE, 'celeryconfig' unless set "
        "(celery/loaders/default.py DEFAULT_CONFIG_MODULE)",
    ),
    Convention(
        "dodo.py",
        "doit",
        "its tasks",
        _runs_there("doit"),
        "doit's -f/--file defaults to dodo.py in the directory it runs in (doit docs: configuration)",
    ),
    Convention(
        "sitecustomize.py",
        "site",
        "imported at start-up",
        _site_path,
        "site.execsitecustomize() imports 'sitecustomize' at start-up (Lib/site.py)",
    ),
    Convention(
        "usercustomize.py",
        "site",
        "imported at start-up",
        _site_path,
        "site.execusercustomize() imports 'usercustomize' at start-up (Lib/site.py)",
    ),
    Convention(
        "conf.py",
        "Sphinx",
        "the configuration of its source directory",
        _sphinx_source,
        "'The configuration directory must contain a file named conf.py' (Sphinx docs: usage/configuration; "
        "sphinx/config.py CONFIG_FILENAME)",
    ),
    Convention(
        "manage.py",
        "Django and pytest-django",
        "the project's manage.py",
        _imports("django"),
        "pytest-django's django_find_project looks for a directory holding 'manage.py' and puts it on "
        "sys.path (pytest_django/plugin.py); Django's docs and CI run 'python manage.py'",
    ),
    Convention(
        "wsgi.py",
        "the flask command",
        "the app when no --app is given",
        _flask_root,
        "without --app or FLASK_APP, ScriptInfo.load_app() imports 'wsgi.py', then 'app.py', of the working "
        "directory (flask/cli.py)",
    ),
    Convention(
        "app.py",
        "the flask command",
        "the app when no --app is given",
        _flask_root,
        "without --app or FLASK_APP, ScriptInfo.load_app() imports 'wsgi.py', then 'app.py', of the working "
        "directory (flask/cli.py)",
    ),
    Convention(
        "env.py",
        "Alembic",
        "the env.py of its script directory",
        _imports("alembic"),
        "ScriptDirectory.run_env() runs 'env.py' of the script directory (alembic/script/base.py)",
    ),
    Convention(
        "models.py",
        "Django's app registry",
        "<app>.models",
        _django_app(0),
        "AppConfig.import_models() imports '<app>.' + MODELS_MODULE_NAME ('models', django/apps/config.py)",
    ),
    Convention(
        "apps.py",
        "Django's app registry",
        "<app>.apps",
        _django_app(0),
        "AppConfig.create() imports '<app>.' + APPS_MODULE_NAME ('apps', django/apps/config.py) for its AppConfig",
    ),
    Convention(
        "admin.py",
        "Django's admin.autodiscover()",
        "<app>.admin",
        _django_app(0),
        "admin.autodiscover() is autodiscover_modules('admin') (django/contrib/admin/__init__.py)",
    ),
    Convention(
        "management/commands/*.py",
        "Django's manage.py",
        "the command's name",
        _django_app(2),
        "find_commands() lists pkgutil.iter_modules of '<app>/management/commands': a command is named after "
        "its file (django/core/management/__init__.py)",
    ),
    Convention(
        "templatetags/*.py",
        "Django's templates",
        "{% load library %}",
        _django_app(1),
        "get_installed_libraries() names each module of '<app>.templatetags' by its module name "
        "(django/template/backends/django.py)",
    ),
    Convention(
        "test*.py",
        "Django's test runner",
        "test*.py",
        _django,
        "DiscoverRunner discovers 'test*.py' unless given --pattern (django/test/runner.py)",
    ),
)


def _index(conventions: tuple[Convention, ...]) -> tuple[dict[str, list[Convention]], list[Convention]]:
    """The conventions by the file name they match exactly, and those whose pattern is a glob or a path."""
    exact: dict[str, list[Convention]] = {}
    others: list[Convention] = []
    for convention in conventions:
        if "/" in convention.pattern or "*" in convention.pattern:
            others.append(convention)
        else:
            exact.setdefault(convention.pattern, []).append(convention)
    return exact, others


_EXACT, _PATTERNS = _index(CONVENTIONS)
#: The file-name prefixes and the directories the glob and path patterns need: most modules never reach them.
_PATTERN_NAMES = tuple(c.pattern.partition("*")[0] for c in _PATTERNS if "/" not in c.pattern)
_PATTERN_DIRECTORIES = frozenset(c.pattern.rpartition("/")[0].rpartition("/")[2] for c in _PATTERNS if "/" in c.pattern)


def _matches(pattern: str, path: str) -> bool:
    """Whether the last components of ``path`` match ``pattern``'s, one by one."""
    parts, wanted = path.split("/"), pattern.split("/")
    return len(parts) >= len(wanted) and all(
        fnmatch.fnmatchcase(part, want) for part, want in zip(parts[-len(wanted) :], wanted)
    )


def convention_of(module: ModuleFile, checkout: Checkout) -> Convention | None:
    """The first convention that finds ``module`` by its name in its context, None for most modules."""
    directory, _, filename = module.path.rpartition("/")
    for convention in _EXACT.get(filename, ()):
        if convention.applies(module, checkout):
            return convention
    if not (filename.startswith(_PATTERN_NAMES) or directory.rpartition("/")[2] in _PATTERN_DIRECTORIES):
        return None
    for convention in _PATTERNS:
        if _matches(convention.pattern, module.path) and convention.applies(module, checkout):
            return convention
    return None


def found_by_name(checkout: Checkout, names: list[str]) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` a convention finds by its name."""
    found: dict[str, str] = {}
    for name in names:
        convention = convention_of(checkout.modules[name], checkout)
        if convention is not None:
            found[name] = convention.reason
    return found
