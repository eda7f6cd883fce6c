"""Modules a tool or framework finds by their file name: they keep their names, as test modules do.

pip runs a project's ``setup.py``, Sphinx reads its source directory's ``conf.py`` and Django's app
registry imports ``<app>.models`` by name: a renamed file is no longer found, and no import graph shows
the break. Each entry of :data:`CONVENTIONS` names the file, the context in which the convention applies
(a ``models.py`` of a package that does not use Django is renamed like any other module), the tool and
the evidence (where the tool's source or documentation says it finds the file by that name). A module an entry matches is exempt, and the plan lists it under
``kept`` with the entry's reason (planner/layers.py), as it lists the test modules pytest collects by
name (planner/pytest_files.py). ``__init__.py``, ``__main__.py`` and ``conftest.py`` keep their names
everywhere (``planner.config.FIXED_NAMES``).

The context tests (planner/convention_contexts.py) read only what the scan already has (the modules, each file's import facts and the
names of the non-Python files it lists), and only for the modules whose names an entry matches: no file
is read again.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass

from planner import convention_contexts as contexts
from planner.convention_contexts import Checkout
from planner.discover import ModuleFile

#: Starts the reason of every module kept by a convention (the plan and ``assess`` list them apart from
#: the test modules).
FOUND_BY_NAME = "found by name by "


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


#: The conventions, first match wins (``tasks.py`` is Invoke's when it imports invoke, else Celery's).
CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "setup.py",
        "pip and setuptools",
        "a project's build script",
        contexts.project_root,
        "pip builds a source tree from the setup.py of its directory (pip/_internal/req/req_install.py "
        "setup_py_path); setuptools' legacy back end runs 'setup.py' (setuptools/build_meta.py)",
    ),
    Convention(
        "noxfile.py",
        "nox",
        "its sessions",
        contexts.runs_there("nox"),
        "nox's --noxfile defaults to noxfile.py in the directory it runs in (nox/_options.py)",
    ),
    Convention(
        "fabfile.py",
        "Fabric",
        "its tasks",
        contexts.collection("fabric", "invoke"),
        "fab loads the collection named 'fabfile' from the working directory upwards "
        "(fabric/loader.py FabfileLoader.DEFAULT_COLLECTION_NAME; docs: 'Seeking & loading tasks')",
    ),
    Convention(
        "tasks.py",
        "Invoke",
        "its tasks",
        contexts.invoke_tasks,
        "invoke loads the collection named 'tasks' from the working directory upwards "
        "(docs: concepts/loading.rst 'Task module discovery')",
    ),
    Convention(
        "tasks/*.py",
        "Invoke",
        "a sub-collection named after its module",
        contexts.invoke_collection,
        "invoke loads the package 'tasks' as its collection (docs: concepts/loading.rst); "
        "Collection.from_module names the collection after module.__name__'s last part (invoke/collection.py)",
    ),
    Convention(
        "tasks.py",
        "Celery's autodiscover_tasks()",
        "<package>.tasks",
        contexts.celery_package,
        "Celery.autodiscover_tasks(packages=None, related_name='tasks') imports '<package>.tasks' "
        "(celery/app/base.py, celery/loaders/base.py find_related_module)",
    ),
    Convention(
        "celery.py",
        "Celery's -A option",
        "<package>.celery",
        contexts.celery_app,
        "'celery -A proj' loads 'proj.celery' when the package has no app itself (celery/app/utils.py "
        "find_app); Celery's Django guide names the module proj/celery.py",
    ),
    Convention(
        "celeryconfig.py",
        "Celery's default loader",
        "its configuration",
        contexts.celery_config,
        "the default loader imports CELERY_CONFIG_MODULE, 'celeryconfig' unless set "
        "(celery/loaders/default.py DEFAULT_CONFIG_MODULE)",
    ),
    Convention(
        "dodo.py",
        "doit",
        "its tasks",
        contexts.runs_there("doit"),
        "doit's -f/--file defaults to dodo.py in the directory it runs in (doit docs: configuration)",
    ),
    Convention(
        "sitecustomize.py",
        "site",
        "imported at start-up",
        contexts.site_path,
        "site.execsitecustomize() imports 'sitecustomize' at start-up (Lib/site.py)",
    ),
    Convention(
        "usercustomize.py",
        "site",
        "imported at start-up",
        contexts.site_path,
        "site.execusercustomize() imports 'usercustomize' at start-up (Lib/site.py)",
    ),
    Convention(
        "conf.py",
        "Sphinx",
        "the configuration of its source directory",
        contexts.sphinx_source,
        "'The configuration directory must contain a file named conf.py' (Sphinx docs: usage/configuration; "
        "sphinx/config.py CONFIG_FILENAME)",
    ),
    Convention(
        "manage.py",
        "Django and pytest-django",
        "the project's manage.py",
        contexts.imports("django"),
        "pytest-django's django_find_project looks for a directory holding 'manage.py' and puts it on "
        "sys.path (pytest_django/plugin.py); Django's docs and CI run 'python manage.py'",
    ),
    Convention(
        "wsgi.py",
        "the flask command",
        "the app when no --app is given",
        contexts.flask_root,
        "without --app or FLASK_APP, ScriptInfo.load_app() imports 'wsgi.py', then 'app.py', of the working "
        "directory (flask/cli.py)",
    ),
    Convention(
        "app.py",
        "the flask command",
        "the app when no --app is given",
        contexts.flask_root,
        "without --app or FLASK_APP, ScriptInfo.load_app() imports 'wsgi.py', then 'app.py', of the working "
        "directory (flask/cli.py)",
    ),
    Convention(
        "env.py",
        "Alembic",
        "the env.py of its script directory",
        contexts.imports("alembic"),
        "ScriptDirectory.run_env() runs 'env.py' of the script directory (alembic/script/base.py)",
    ),
    Convention(
        "models.py",
        "Django's app registry",
        "<app>.models",
        contexts.django_app(0),
        "AppConfig.import_models() imports '<app>.' + MODELS_MODULE_NAME ('models', django/apps/config.py)",
    ),
    Convention(
        "apps.py",
        "Django's app registry",
        "<app>.apps",
        contexts.django_app(0),
        "AppConfig.create() imports '<app>.' + APPS_MODULE_NAME ('apps', django/apps/config.py) for its AppConfig",
    ),
    Convention(
        "admin.py",
        "Django's admin.autodiscover()",
        "<app>.admin",
        contexts.django_app(0),
        "admin.autodiscover() is autodiscover_modules('admin') (django/contrib/admin/__init__.py)",
    ),
    Convention(
        "management/commands/*.py",
        "Django's manage.py",
        "the command's name",
        contexts.django_app(2),
        "find_commands() lists pkgutil.iter_modules of '<app>/management/commands': a command is named after "
        "its file (django/core/management/__init__.py)",
    ),
    Convention(
        "templatetags/*.py",
        "Django's templates",
        "{% load library %}",
        contexts.django_app(1),
        "get_installed_libraries() names each module of '<app>.templatetags' by its module name "
        "(django/template/backends/django.py)",
    ),
    Convention(
        "base.py",
        "Django's database backends",
        "<ENGINE>.base",
        contexts.django_backend,
        "load_backend() imports '%s.base' % backend_name, DATABASES' ENGINE (django/db/utils.py)",
    ),
    Convention(
        "formats.py",
        "Django's FORMAT_MODULE_PATH",
        "<path>.<locale>.formats",
        contexts.django_locale,
        "iter_format_modules() imports '%s.%s' % (path, locale) + '.formats' for each FORMAT_MODULE_PATH "
        "(django/utils/formats.py)",
    ),
    Convention(
        "test*.py",
        "Django's test runner",
        "test*.py",
        contexts.django,
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
