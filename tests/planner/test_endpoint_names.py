"""planner/endpoint_names.py: the first argument of a call named ``url_for`` or ``url_path_for`` is an endpoint."""

from __future__ import annotations

import ast

from planner.endpoint_names import endpoint_strings, endpoint_value

SOURCE = """\
redirect(url_for("auth.logout"))
request.url_for("auth.login", page=2)
app.url_path_for('auth.index')
url_for(endpoint="auth.edit", _external=True)
url_for(ENDPOINT)
reverse("auth.views.index")
my_url_for("auth.other")
url_for("static", filename="auth.css")
"""


def test_the_endpoint_strings_of_python_source() -> None:
    found = [string.value for string in endpoint_strings(ast.parse(SOURCE))]
    assert sorted(found) == ["auth.edit", "auth.index", "auth.login", "auth.logout", "static"]


def test_an_endpoint_in_a_template_tag() -> None:
    for line in (
        "<a href=\"{{ url_for('auth.login') }}\">",
        '{{ url_for( "auth.login", next=x) }}',
        "{{ request.url_for('auth.login') }}",
        '{{ url_for(endpoint="auth.login") }}',
    ):
        assert endpoint_value(line, line.index("auth.login")), line
    for line in (
        "{{ _('auth.login') }}",
        "{{ my_url_for('auth.login') }}",
        "{{ url_for('static', filename='auth.login') }}",
        "auth.login",
    ):
        assert not endpoint_value(line, line.index("auth.login")), line
