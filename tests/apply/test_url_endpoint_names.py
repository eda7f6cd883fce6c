"""A ``url_for`` endpoint is a blueprint's and a view's name, never a module path: left, and listed (breaker FP5).

Flask names an endpoint ``"<blueprint>.<view function>"``: a package ``auth`` that is its own blueprint
(``Blueprint("auth", __name__)``) with one view a module (``auth/login.py``'s ``login``) spells ``url_for("auth.login")``
like the module's path. Apply rewrote it, in the code and in the Jinja templates (``{{ url_for('auth.login') }}``),
to ``auth.WF1_..._login``, an endpoint no one registered: werkzeug's ``BuildError``, 3 of 3 tests lost. Renaming a
module changes neither the blueprint's name nor the function's. The first argument of any call named ``url_for`` or
``url_path_for`` (Flask's, Quart's, Starlette's ``request.url_for``, ``app.url_path_for``; ``endpoint=``, ``name=``)
is an ``endpoint-name`` reference, action ``keep``, in Python and in a template's tag; the same path elsewhere is
still rewritten; revert gives back every byte.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

# A stand-in for Flask's routing (no Flask in the test environment): an endpoint is the blueprint's name and the view
# function's ``__name__``, as Flask registers it; ``render`` expands ``{{ url_for('...') }}`` as Jinja would.
ROUTING = """\
import re
from pathlib import Path

ENDPOINTS = {}


class Blueprint:
    def __init__(self, name, import_name):
        self.name = name

    def route(self, rule):
        def register(view):
            ENDPOINTS[self.name + "." + view.__name__] = rule
            return view

        return register


def url_for(endpoint, **values):
    return ENDPOINTS[endpoint]


def redirect(location):
    return "302 " + location


class Request:
    def url_for(self, name, /, **path_params):
        return "http://testserver" + ENDPOINTS[name]


class App:
    def url_path_for(self, name, /, **path_params):
        return ENDPOINTS[name]


def render(path):
    return render_string(Path(path).read_text())


def render_string(text):
    return re.sub(r"\\{\\{ url_for\\(['\\"]([\\w.]+)['\\"]\\) \\}\\}", lambda m: url_for(m.group(1)), text)
"""
LOGIN = """\
from routing import App, Request, redirect, url_for

from auth import bp


@bp.route("/login")
def login():
    return redirect(url_for("auth.logout"))


def links():
    return [Request().url_for("auth.logout"), App().url_path_for("auth.login"), url_for(endpoint="auth.login")]


SIGN_IN = "<a href=\\"{{ url_for('auth.login') }}\\">Sign in</a>"
"""
LOGOUT = """\
from routing import url_for

from auth import bp

VIEW = "auth.login"


@bp.route("/logout")
def logout():
    return "bye from " + url_for('auth.login', next=None)
"""
PAGE = """\
<a href="{{ url_for('auth.logout') }}">Log out</a>
<p>{{ url_for("auth.login") }}</p>
"""
TEST = """\
from pathlib import Path

from routing import render, render_string, url_for

import auth
from auth import login as views


def test_views() -> None:
    assert views.login() == "302 /logout"
    assert views.links() == ["http://testserver/logout", "/login", "/login"]
    assert url_for("auth.login") == "/login"
    assert render_string(views.SIGN_IN) == '<a href="/login">Sign in</a>'


def test_templates() -> None:
    assert render(Path(auth.__file__).parent / "templates" / "page.html") == '<a href="/logout">Log out</a>\\n<p>/login</p>\\n'
    assert render(Path(auth.__file__).parent / "templates" / "mail.jinja2") == "Sign in: /login\\n"
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"auth/**" = 1\n',
    "routing/__init__.py": ROUTING,
    "auth/__init__.py": 'from routing import Blueprint\n\nbp = Blueprint("auth", __name__)\n\nfrom auth import login, logout  # noqa: E402,F401\n',
    "auth/login.py": LOGIN,
    "auth/logout.py": LOGOUT,
    "auth/templates/page.html": PAGE,
    "auth/templates/mail.jinja2": "Sign in: {{ url_for('auth.login') }}\n",
    "tests/test_views.py": TEST,
}
ENDPOINTS = {
    ("auth/login.py", 8, "auth.logout"),
    ("auth/login.py", 12, "auth.logout"),
    ("auth/login.py", 12, "auth.login"),
    ("auth/logout.py", 10, "auth.login"),
    ("auth/templates/page.html", 1, "auth.logout"),
    ("auth/templates/page.html", 2, "auth.login"),
    ("auth/templates/mail.jinja2", 1, "auth.login"),
    ("tests/test_views.py", 12, "auth.login"),
    ("auth/login.py", 15, "auth.login"),
}


def test_an_endpoint_name_is_left_and_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "2 passed")
    found = {(r["path"], r["line"], r["text"], r["kind"], r["action"]) for _, r in plan_references(plan)}
    assert {(p, n, t, "endpoint-name", "keep") for p, n, t in ENDPOINTS} <= found
    assert ("auth/logout.py", 5, "auth.login", "string", "rewrite") in found
    assert not {f for f in found if (f[0], f[1], f[2]) in ENDPOINTS and f[3] != "endpoint-name"}

    applied(cli, repo, "2 passed")
    [new] = (repo / "auth").glob("WF*_login.py")
    assert (repo / "auth" / new.name).read_text() == LOGIN
    [logout] = (repo / "auth").glob("WF*_logout.py")
    assert logout.read_text() == LOGOUT.replace('VIEW = "auth.login"', f'VIEW = "auth.{new.stem}"')
    assert (repo / "auth" / "templates" / "page.html").read_text() == PAGE
    reverted(cli, repo, original)
