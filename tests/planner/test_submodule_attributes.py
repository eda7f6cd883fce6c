"""Plan-time finding of submodules reached as an attribute of their package (``submodule-attribute``)."""

from __future__ import annotations

from planner.config import Config
from planner.reference_kinds import reference_action
from planner.scan import scan_repo
from planner.submodule_attributes import find_attribute_uses

TREE = {
    "top/__init__.py": "from . import pkg\n",
    # shapes and colours are bound implicitly; sizes explicitly (Rope keeps that name); kinds not at all
    "top/pkg/__init__.py": "from .shapes import *\nfrom .colours import Palette\nfrom . import sizes\n",
    "top/pkg/shapes.py": "SIDES = {}\n",
    "top/pkg/colours.py": "class Palette: ...\n",
    "top/pkg/sizes.py": "BIG = 1\n",
    "top/pkg/kinds.py": "KINDS = ()\n",
    "attribute.py": """\
        import top.pkg

        def sides():
            return top.pkg.shapes.SIDES, top.pkg.sizes.BIG
        """,
    "alias.py": "import top.pkg as p\n\nPALETTE = p.colours.Palette\n",
    "root.py": "import top\n\nSIDES = top.pkg.shapes\n",
    "by_from.py": "from top.pkg import shapes\nfrom top.pkg import colours as c\n",
    "by_path.py": "import top.pkg.shapes\n\nSIDES = top.pkg.shapes.SIDES\n",  # the module path, not the attribute
    "words.py": 'import top.pkg\n\nNAME = "top.pkg.colours"  # top.pkg.colours in prose\n',
    "kinds_user.py": "import top.pkg\n\nKINDS = top.pkg.kinds.KINDS\n",  # no import binds kinds
}


def test_uses_through_the_package_attribute_are_found_and_nothing_else(write_tree) -> None:
    repo = write_tree(TREE)
    found = [(r.path, r.line, r.text, r.module) for r in find_attribute_uses(repo, scan_repo(Config(root=repo)))]
    assert found == [
        ("alias.py", 3, "p.colours", "top.pkg.colours"),
        ("attribute.py", 4, "top.pkg.shapes", "top.pkg.shapes"),
        ("by_from.py", 1, "from top.pkg import shapes", "top.pkg.shapes"),
        ("by_from.py", 2, "from top.pkg import colours", "top.pkg.colours"),
        ("root.py", 3, "top.pkg.shapes", "top.pkg.shapes"),
    ]
    assert reference_action("submodule-attribute") == "keep-old-name"


def test_a_package_that_binds_nothing_implicitly_costs_no_read(write_tree) -> None:
    repo = write_tree({"pkg/__init__.py": "from . import a\n", "pkg/a.py": "", "user.py": "import pkg\npkg.a\n"})
    assert find_attribute_uses(repo, scan_repo(Config(root=repo))) == []
