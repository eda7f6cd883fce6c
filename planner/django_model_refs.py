"""Django's lazy model references: ``"<app_label>.<model_name>"`` strings, no module paths (issue 13, breaker F19).

makemigrations writes ``to='shop.order'`` (the model name lower-cased, always); when the app also has a module
``shop/order.py``, the label is spelled as that module's path, and rewriting it with the module leaves a model
Django cannot resolve (``migrate``: "Related model 'shop.wf1_..._order' cannot be resolved"). A two-part string
``label.name`` is a model label, neither a reference nor rewritten, where it stands:

- as the model of a relation field (``ForeignKey``, ``OneToOneField``, ``ManyToManyField``, ``ForeignObject``,
  ``GenericRelation``, ``ParentalKey``): its first argument, or ``to=``/``through=``;
- as the first argument of ``get_model`` or ``swappable_dependency`` (``apps.get_model("shop.order")``);
- as the value of an upper-case ``*_MODEL`` setting: ``AUTH_USER_MODEL = "accounts.user"``, assigned (a name or an
  attribute) or given as a keyword (``override_settings(AUTH_USER_MODEL=...)``);
- in a Django migration file (a module below a ``migrations/`` directory whose source holds ``class Migration(``
  and ``migrations.``), as the value of any keyword of a call: ``to=``, ``model_name=``, ``related_model=``...;
  a string given positionally there (``RunSQL``'s) and code (``RunPython(pkg.mod.fn)``, Rope's) are read as before.

These rules hold only in Django's context: the file's source says ``django`` (an import, a settings file's
``"django.contrib.auth"``), ``INSTALLED_APPS`` or ``DJANGO_SETTINGS_MODULE``, or it is a migration file. Elsewhere
``DEFAULT_MODEL = "pkg.encoder"`` (an ML setting) or a registry's ``get_model("pkg.encoder")`` is a module path
(review40 R1: both were left and their tests lost). A path of three parts or more is never a label. The plan (planner/read_facts.py) and apply
(codemods/string_rewriter.py) ask :func:`model_label_strings` the same question.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

__all__ = ["has_model_words", "migration_file", "model_label_strings"]

#: ``app_label.model_name``: two identifiers
LABEL = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*\Z")
#: Django's relation fields (and wagtail's ``ParentalKey``), whose first argument or ``to=`` names a model
RELATION_FIELDS = frozenset(
    {
        "ForeignKey",
        "OneToOneField",
        "ManyToManyField",
        "ForeignObject",
        "GenericRelation",
        "ParentalKey",
        "ParentalManyToManyField",
    }
)
#: the relation field's keywords naming a model
MODEL_KEYWORDS = frozenset({"to", "through"})
#: calls whose first argument is a model label
LABEL_CALLS = frozenset({"get_model", "swappable_dependency"})
#: words without which a file holds no model label (the cheap screen before the walk)
_WORDS = (*(name.encode() for name in RELATION_FIELDS | LABEL_CALLS), b"_MODEL", b"class Migration(")
#: words of Django's context: without one (or a migration file) no string is a model label
_DJANGO_WORDS = (b"django", b"INSTALLED_APPS", b"DJANGO_SETTINGS_MODULE")


def has_model_words(path: str, source: bytes | str) -> bool:
    """May the file at ``path`` (repo-relative) with ``source`` hold a model label at all? Only in Django's
    context (the module's docstring)."""
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    if not any(word in raw for word in _WORDS):
        return False
    return any(word in raw for word in _DJANGO_WORDS) or migration_file(path, raw)


def migration_file(path: str, source: bytes | str) -> bool:
    """Is the file at ``path`` (repo-relative, ``/``-separated) a Django migration?"""
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    return "/migrations/" in f"/{path}" and b"class Migration(" in raw and b"migrations." in raw


def _setting(name: str | None) -> bool:
    """``AUTH_USER_MODEL``, ``WAGTAILIMAGES_IMAGE_MODEL``: a setting naming a model."""
    return name is not None and name.endswith("_MODEL") and name.isupper()


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _target(target: ast.expr) -> str | None:
    return _called(target)


def _labels(values: Iterable[ast.expr | None]) -> Iterator[ast.Constant]:
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and LABEL.match(value.value):
            yield value


def model_label_strings(tree: ast.AST, *, migration: bool = False) -> Iterator[ast.Constant]:
    """The string literals of ``tree`` that are Django model labels (the module's docstring says where); in a
    migration file (``migration``, :func:`migration_file`) every keyword's two-part string too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _called(node.func)
            field = name in RELATION_FIELDS
            if field or name in LABEL_CALLS:
                yield from _labels(node.args[:1])
            yield from _labels(
                k.value for k in node.keywords if migration or _setting(k.arg) or (field and k.arg in MODEL_KEYWORDS)
            )
        elif isinstance(node, ast.Assign):
            if any(_setting(_target(target)) for target in node.targets):
                yield from _labels([node.value])
        elif isinstance(node, ast.AnnAssign) and _setting(_target(node.target)):
            yield from _labels([node.value])
