"""``X_MODEL = "pkg.mod"`` and ``get_model("pkg.mod")`` outside Django are module paths (issue 13, review40 R1).

c5a8d11 read any two-part string assigned to an upper-case ``*_MODEL`` name, or given to ``get_model``, as a Django
model label: neither listed nor rewritten. Without Django that is an ML setting (``DEFAULT_MODEL = "pkg.encoder"``)
or a plugin registry's loader: the string stayed the old path and the tests patching or loading it were lost
(2 passed -> 1 failed, 2 passed -> 2 failed). The label rule now holds only in Django's context (the file's source
says ``django``, or it is a migration file); elsewhere such strings are references, rewritten; revert is exact.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

SETTINGS = '# which encoder module the service loads\nDEFAULT_MODEL = "pkg.encoder"\n'
SERVICE = """\
from unittest import mock

from pkg import settings


def encode_with_stub(text):
    with mock.patch(settings.DEFAULT_MODEL + ".encode", lambda t: "stub"):
        from pkg import encoder
        return encoder.encode(text)
"""
REGISTRY = """\
import importlib


def get_model(path):
    return importlib.import_module(path)
"""
TEST = """\
from unittest import mock

from pkg.registry import get_model
from pkg.service import encode_with_stub

ENCODER_MODEL = "pkg.encoder"


def test_stubbed():
    assert encode_with_stub("a") == "stub"


def test_patch_target():
    with mock.patch(ENCODER_MODEL + ".encode", return_value="x"):
        from pkg.encoder import encode
        assert encode("a") == "x"


def test_registry():
    assert get_model("pkg.encoder").encode("a") == "A"
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/encoder.py": "def encode(text):\n    return text.upper()\n",
    "pkg/settings.py": SETTINGS,
    "pkg/service.py": SERVICE,
    "pkg/registry.py": REGISTRY,
    "tests/test_encoder.py": TEST,
}


def test_model_named_strings_without_django_are_module_paths(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "3 passed")
    listed = {(r["path"], r["line"]) for _, r in plan_references(plan) if r["text"] == "pkg.encoder"}
    assert {("pkg/settings.py", 2), ("tests/test_encoder.py", 6), ("tests/test_encoder.py", 20)} <= listed

    applied(cli, repo, "3 passed")
    [new] = (repo / "pkg").glob("WF*_encoder.py")
    [settings] = (repo / "pkg").glob("WF*_settings.py")  # every module of pkg/ is renamed
    assert settings.read_text() == SETTINGS.replace("pkg.encoder", f"pkg.{new.stem}")
    assert f'get_model("pkg.{new.stem}")' in (repo / "tests" / "test_encoder.py").read_text()
    reverted(cli, repo, original)
