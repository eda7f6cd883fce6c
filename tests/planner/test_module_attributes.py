"""The names a module binds, and what may follow its path (planner/module_attributes.py; issue 13, review 24)."""

from __future__ import annotations

import pickle

import pytest

from codemods.base import Renames
from planner.module_attributes import Attributes, bound_attributes

SOURCE = """\
import os.path, json as j
from x import y as z, w
A, (B, *C) = 1, (2, 3)
D: int = 4
for E in ():
    pass
with open(0) as F:
    pass
try:
    import G
except ImportError as H:
    G = None
if True:
    def I(): global J
    class K: L = 1
__all__ = ["M"]
"""


def test_the_names_a_module_binds() -> None:
    names = bound_attributes(SOURCE, "m.py")
    assert names is not None
    assert {"os", "j", "z", "w", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "M", "__file__"} <= names
    assert not {"path", "json", "x", "y", "L"} & names  # an import's module, a class's attribute: no module name


@pytest.mark.parametrize(
    "source",
    [
        "from x import *\n",
        "def __getattr__(name):\n    return name\n",
        "globals()['x'] = 1\n",
        "import sys\nsetattr(sys.modules[__name__], 'x', 1)\n",
        "def broken(:\n",
    ],
)
def test_a_module_whose_names_cannot_be_known_binds_any(source: str) -> None:
    assert bound_attributes(source, "m.py") is None


def test_what_follows_a_module_path() -> None:
    space = Attributes(
        {"api": frozenset({"get"}), "pkg.cli": frozenset({"main"}), "pkg.util": frozenset({"log"}), "tool": None},
        files={"pkg.cli.weird"},
    )
    for text, module in [
        ("api.get", "api"),  # a name the module binds
        ("api:get", "api"),
        ("api", "api"),
        ("pkg.cli.main", "pkg.cli"),
        ("pkg.cli", "pkg.cli"),
        ("pkg.util.log", "pkg.util"),  # ``util`` binds ``log``: its logger, no file
        ("tool.anything", "tool"),  # its names cannot be known: any
    ]:
        assert space.path_at(text, 0, module), text
    for text, module in [
        ("api.example.com", "api"),  # a host name
        ("api:v1", "api"),
        ("pkg.cli.pkl", "pkg.cli"),  # a data file's suffix, no name ``cli`` binds
        ("pkg.cli.tar.gz", "pkg.cli"),
        ("pkg.cli.weird", "pkg.cli"),  # a file of the checkout, whatever its suffix
        ("pkg.cli.json", "pkg.cli"),  # a documentation or data suffix (token_bounds.names_a_file)
    ]:
        assert not space.path_at(text, 0, module), text
    assert Attributes().path_at("api.example.com", 0, "api")  # nothing known: as before


def test_names_are_read_once_when_first_asked_for_and_settled_for_a_worker() -> None:
    asked: list[str] = []

    def read(module: str) -> tuple[str, bytes] | None:
        asked.append(module)
        return (f"{module}.py", b"def get():\n    pass\n") if module == "api" else None

    space = Attributes(read=read, files={"pkg.cli.weird"})
    assert space.path_at("pkg.cli.main", 0, "pkg.cli") and asked == []  # no file suffix, no top-level module: no read
    assert space.path_at("api.get", 0, "api") and not space.path_at("api.example.com", 0, "api")
    assert asked == ["api"]
    settled = pickle.loads(pickle.dumps(space.settled(["api", "pkg.cli"])))
    assert settled.read is None and settled.known == {"api": space.names("api"), "pkg.cli": None}
    assert not settled.path_at("api.example.com", 0, "api") and not settled.path_at("pkg.cli.weird", 0, "pkg.cli")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("input{{pkg.cli}}", False),  # cookiecutter's ``{{cookiecutter.hooks}}``: the context's dict and key
        ("{% if pkg.cli.main %}x{% endif %}", False),
        ("{{ x|default(pkg.cli) }}", False),
        ("{% url 'pkg.cli.main' %}", True),  # a quoted string in a tag: Django's view path
        ('{{ "pkg.cli" }}', True),
        ('{{ \\"pkg.cli\\" }}', True),  # a Python string's source: the backslash escapes nothing here
        ("{{ x }} pkg.cli.main {% y %}", True),  # between tags
        ("{{ pkg.cli", True),  # no closer: no tag
        ("{% if\n pkg.cli %}", True),  # over lines: no tag (apply reads a docstring a line at a time)
    ],
)
def test_a_name_in_a_template_tag_is_the_context(text: str, path: bool) -> None:
    """planner/template_tags.py's ``context_name``: the plan (``takes``) and apply (``Renames.find``) read it alike."""
    start = text.index("pkg.cli")
    assert Attributes().takes(text, start, "pkg.cli") is path
    assert [hit.start() for hit in Renames.of({"pkg.cli": "pkg.new"}).find(text)] == ([start] if path else [])
    assert [hit.start() for hit in Renames.of({"pkg.cli": "pkg.new"}).knowing(Attributes()).find(text)] == (
        [start] if path else []
    )
