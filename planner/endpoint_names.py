"""A URL's endpoint name: a blueprint's and a view's name, never a module path (issue 13, breaker FP5).

Flask names an endpoint ``"<blueprint>.<view function>"``. A package ``auth`` that is its own blueprint
(``Blueprint("auth", __name__)``) with one view a module (``auth/login.py``'s ``def login``) spells
``url_for("auth.login")`` like the module's path, in its code and in its Jinja templates (``{{ url_for('auth.login')
}}``). Renaming the module changes neither name: rewritten, the endpoint is one no one registered (werkzeug's
``BuildError``). The first argument of any call named ``url_for`` or ``url_path_for`` (Flask's and Quart's
``url_for``, Starlette's ``request.url_for`` and ``app.url_path_for``), or its ``endpoint=`` keyword, is an
``endpoint-name`` reference, listed and left. The plan (planner/read_facts.py, planner/file_references.py,
planner/path_mentions.py) and apply (codemods/string_rewriter.py, codemods/config_line_refs.py, codemods/base.py) ask
this module the same question: :func:`endpoint_strings` of a Python string literal, :func:`endpoint_value` in a
template, any other text file or a Python string holding a template (``"<a href='{{ url_for("auth.login") }}'>"``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

__all__ = ["ENDPOINT_CALLS", "endpoint_strings", "endpoint_value"]

#: the names of the calls whose first argument is an endpoint's name
ENDPOINT_CALLS = frozenset({"url_for", "url_path_for"})
#: such a call opened, then a quote, right before a value: ``url_for('``, ``request.url_for("``, ``url_for(endpoint="``
_CALL_OPENED = re.compile(r"""(?<![\w])url_(?:path_)?for[ \t]*\([ \t]*(?:endpoint[ \t]*=[ \t]*)?["']\Z""")


def endpoint_value(line: str, start: int) -> bool:
    """Does the quoted value starting at ``start`` of ``line`` (a template's, a text file's) stand as the first
    argument of an endpoint call: ``{{ url_for('auth.login') }}``, ``{% url_for("auth.login", next=x) %}``?"""
    return start > 0 and _CALL_OPENED.search(line, max(0, start - 80), start) is not None


def _called(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else None


def endpoint_strings(tree: ast.AST) -> Iterator[ast.Constant]:
    """The string literals of ``tree`` that name an endpoint: ``url_for("auth.login")``, ``redirect(url_for(
    "auth.logout"))``, ``request.url_for("auth.login")``, ``app.url_path_for("auth.login")``,
    ``url_for(endpoint="auth.login")``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in ENDPOINT_CALLS:
            values = [keyword.value for keyword in node.keywords if keyword.arg == "endpoint"]
            for value in [*node.args[:1], *values]:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value
