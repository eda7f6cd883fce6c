"""A lazy table a package's ``__init__`` hands to a call beside ``__name__`` keeps its submodules reachable (issue 13,
class 1, Deliver 3; breaker's F31).

Hugging Face's packages (transformers, diffusers, optimum) end each ``__init__`` with::

    _import_structure = {"configuration_bert": ["BertConfig"], "modeling_bert": ["BertModel"]}
    sys.modules[__name__] = _LazyModule(__name__, globals()["__file__"], _import_structure, module_spec=__spec__)

and ``_LazyModule`` (another file) imports ``importlib.import_module("." + key, self.__name__)`` on first use. On
main the keys were neither listed nor kept: ``from pkg.models import BertModel`` raised ``ModuleNotFoundError`` and
``pkg.models.WF1_..._configuration_bert`` (Rope's spelling in the suite) ``AttributeError``. Now each key is a
``lazy-module`` reference (``keep-old-path``): apply adds the new name beside the old key with the same value, and a
shim keeps the old path. The fixture's suite passes before and after apply, the old public path still works, and
revert gives back every byte.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files
from lazy_module import LAZY_MODULE

CONFIG = 'exempt = ["**/__init__.py", "pkg/utils/**"]\n\n[workflows]\n"pkg/**" = 1\n'
MODELS_INIT = """\
import sys
from typing import TYPE_CHECKING

from pkg.utils.import_utils import _LazyModule

_import_structure = {
    "configuration_bert": ["BertConfig"],
    "modeling_bert": ["BertModel"],
}

if TYPE_CHECKING:
    from .configuration_bert import BertConfig
    from .modeling_bert import BertModel
else:
    sys.modules[__name__] = _LazyModule(__name__, globals()["__file__"], _import_structure, module_spec=__spec__)
"""
SUITE = """\
def test_lazy_class():
    from pkg.models import BertModel

    assert BertModel.config_class.hidden == 8


def test_lazy_submodule_attr():
    import pkg.models

    assert pkg.models.configuration_bert.BertConfig.hidden == 8


def test_all():
    import pkg.models

    assert "BertConfig" in pkg.models.__all__
"""
FILES = {
    "guardian.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/utils/__init__.py": "",
    "pkg/utils/import_utils.py": LAZY_MODULE,
    "pkg/models/__init__.py": MODELS_INIT,
    "pkg/models/configuration_bert.py": "class BertConfig:\n    hidden = 8\n",
    "pkg/models/modeling_bert.py": "from .configuration_bert import BertConfig\n\n\nclass BertModel:\n"
    "    config_class = BertConfig\n",
    "tests/test_lazy.py": SUITE,
}
#: the old public paths, outside the checkout's code: a user's script after apply
OLD_PATHS = (
    "import pkg.models, pkg.models.modeling_bert\n"
    "from pkg.models import BertModel\n"
    "assert pkg.models.configuration_bert.BertConfig.hidden == 8\n"
    "assert pkg.models.modeling_bert.BertModel is BertModel\n"
)


def test_a_lazy_module_table_handed_beside_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "3 passed")
    found = {(rename["old"], ref["kind"], ref["action"]) for rename, ref in plan_references(plan)}
    for name in ("configuration_bert", "modeling_bert"):
        assert (f"pkg/models/{name}.py", "lazy-module", "keep-old-path") in found
    applied(cli, repo, "3 passed")
    init = (repo / "pkg/models/__init__.py").read_text()
    assert re.search(
        r'"configuration_bert": \["BertConfig"\],\n +"WF1_\w+_configuration_bert": \["BertConfig"\],', init
    )
    assert re.search(r'"modeling_bert": \["BertModel"\],\n +"WF1_\w+_modeling_bert": \["BertModel"\],', init)
    assert re.search(r"from \.WF1_\w+_modeling_bert import BertModel", init), init  # TYPE_CHECKING: Rope's
    assert "WF1_" in (repo / "tests/test_lazy.py").read_text()  # the suite passed with Rope's new spelling
    done = subprocess.run([sys.executable, "-c", OLD_PATHS], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    reverted(cli, repo, original)


#: review40's R4: a menu of the package's tools handed to a registry beside ``__name__``, no lazy module: the
#: keys are data (one entry per tool), not a table the import system reads, and the plan lists none of them
MENU_FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "pkg/registry.py"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "from pkg import registry\n\n"
    'TOOLS = {"mathops": ["Math"], "textops": ["Text"]}\n'
    "registry.register(__name__, TOOLS)\n"
    'registry.register(__name__, {"mathops": "M", "textops": "T"})\n',
    "pkg/registry.py": "MENUS = []\n\n\ndef register(package, tools):\n    MENUS.append(dict(tools))\n",
    "pkg/mathops.py": "X = 1\n",
    "pkg/textops.py": "Y = 2\n",
    "tests/test_menu.py": "from pkg import mathops, registry, textops\n\n\n"
    "def test_each_tool_once():\n"
    "    assert [len(menu) for menu in registry.MENUS] == [2, 2]\n"
    "    assert mathops.X + textops.Y == 3\n",
}


def test_a_menu_handed_beside_name_is_data(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", MENU_FILES)
    plan, original = planned(cli, repo, "1 passed")
    assert not [ref for _, ref in plan_references(plan) if ref["kind"] == "lazy-module"]
    before = (repo / "pkg/__init__.py").read_text()
    applied(cli, repo, "1 passed")
    assert (repo / "pkg/__init__.py").read_text() == before  # plan and apply agree: nothing listed, nothing widened
    reverted(cli, repo, original)
