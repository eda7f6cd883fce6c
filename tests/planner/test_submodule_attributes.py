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


def test_a_package_bound_by_a_from_import_counts(write_tree) -> None:
    """urllib3's ``contrib/pyopenssl.py``: ``from .. import util`` binds the package, then
    ``util.util.to_bytes(...)`` reaches ``urllib3.util.util``, which ``urllib3.util`` binds only because its
    ``ssl_`` submodule imports it. The masking of ``util`` (a binding named like the renamed module) keeps
    Rope off that use, so after the rename it raised ``AttributeError`` in 249 of urllib3's tests."""
    repo = write_tree(
        {
            "top/__init__.py": "",
            "top/util/__init__.py": "from .ssl_ import wrap\n",
            "top/util/ssl_.py": "from .util import to_bytes\n\n\ndef wrap(x):\n    return to_bytes(x)\n",
            "top/util/util.py": "def to_bytes(x):\n    return x.encode()\n",
            "top/contrib/__init__.py": "",
            "top/contrib/tls.py": "from .. import util\n\n\ndef alpn(p):\n    return util.util.to_bytes(p)\n",
            "top/contrib/other.py": "from top import util as u\n\nWRAP = u.ssl_.wrap\n",
            "top/contrib/words.py": "from .. import util\n\nNAME = 'util.util'\n",  # a string, no use
        }
    )
    found = [(r.path, r.line, r.text, r.module) for r in find_attribute_uses(repo, scan_repo(Config(root=repo)))]
    assert found == [
        ("top/contrib/other.py", 3, "u.ssl_", "top.util.ssl_"),
        ("top/contrib/tls.py", 5, "util.util", "top.util.util"),
    ]
