"""Strings that salt a signature: data signed before a rename, kept as they are (issue 13, breaker F3).

Django's ``PasswordResetTokenGenerator`` salts its tokens with its class's path, ``key_salt =
"django.contrib.auth.tokens.PasswordResetTokenGenerator"``; ``signing.dumps(value, salt="pkg.sessions")`` and
``def sign(value, salt="pkg.tokens")`` do the same with a module's. The salt is part of every signature issued:
rewritten with the module, it no longer verifies a token or a cookie signed before the rename. A string that is
a whole module path (or a path and an attribute) standing as a salt is a ``signing-salt`` reference, listed and
left: given as a keyword ``salt=``/``key_salt=``/``*_salt=``, assigned to such a name (an attribute or a class
attribute too), or a default of such a parameter; a dict's value under such a key (``{"salt": "pkg.tokens"}``,
``config["SESSION_SALT"] = "pkg.tokens"``). The plan (planner/read_facts.py) and apply (codemods/string_rewriter.py)
ask this module the same question. In a configuration or data file (TOML, YAML, INI, JSON, ``.env``), a path that is
the value of such a key (``salt = "pkg.tokens"``, ``salt: pkg.tokens``, ``"salt": "pkg.tokens"``) is the same
(:func:`salt_value`; planner/file_references.py and codemods/config_line_refs.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

__all__ = ["salt_name", "salt_strings", "salt_value"]

#: a key ending with ``salt``, quoted or not, then ``=`` or ``:`` and an opening quote, right before a value
_SALT_KEY = re.compile(r"""(?i)(?<![\w-])[\w.-]*salt["']?[ \t]*[:=][ \t]*["']?\Z""")


def salt_name(name: str | None) -> bool:
    """Does ``name`` (a keyword, a variable, an attribute, a parameter) name a salt: ``salt``, ``key_salt``,
    ``SESSION_SALT``, ``cookiesalt``?"""
    return name is not None and name.lower().endswith("salt")


def salt_value(line: str, start: int) -> bool:
    """Does the value starting at ``start`` of a configuration or data file's ``line`` stand under a salt's key
    (``salt = "pkg.tokens"``, ``key_salt: pkg.tokens``, ``"SESSION_SALT": "pkg.tokens"``)?"""
    return _SALT_KEY.search(line, max(0, start - 80), start) is not None


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Subscript):  # ``config["SESSION_SALT"] = ...``
        key = target.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    return target.attr if isinstance(target, ast.Attribute) else None


def _strings(value: ast.expr | None) -> Iterator[ast.Constant]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield value


def salt_strings(tree: ast.AST) -> Iterator[ast.Constant]:
    """The string literals of ``tree`` that stand as a salt: ``f(salt="...")``, ``key_salt = "..."``,
    ``self.salt: str = "..."``, ``def sign(value, salt="...")``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if salt_name(keyword.arg):
                    yield from _strings(keyword.value)
        elif isinstance(node, ast.Assign):
            if any(salt_name(_target_name(target)) for target in node.targets):
                yield from _strings(node.value)
        elif isinstance(node, ast.Dict):  # ``{"salt": "pkg.tokens"}``, a configuration's dict
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and salt_name(key.value):
                    yield from _strings(value)
        elif isinstance(node, ast.AnnAssign):
            if salt_name(_target_name(node.target)):
                yield from _strings(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            for argument, default in zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults):
                if salt_name(argument.arg):
                    yield from _strings(default)
            for argument, keyword_default in zip(arguments.kwonlyargs, arguments.kw_defaults):
                if salt_name(argument.arg):
                    yield from _strings(keyword_default)
