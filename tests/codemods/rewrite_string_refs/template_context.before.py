"""Templates a test renders: ``{{pkg.mod}}`` is the context's dict ``pkg`` and its key ``mod`` (cookiecutter's
``{{cookiecutter.hooks}}``), not the module; a quoted string in a tag, or the path outside one, is the module's."""

from jinja2 import Template

VARIABLE = Template('input{{pkg.mod}}')
CONDITION = "{% if pkg.mod.enabled %}yes{% endif %}"
FILTERED = "{{ pkg.mod|default('pkg.mod.Klass') }}"
QUOTED = "{% url 'pkg.mod.index' %} {{ \"pkg.mod.Klass\" }}"
BESIDE = "{{ pkg.mod }} renders pkg.mod.Klass"
BLOCK = """
{% for hook in pkg.mod.hooks %}
{{ hook }} of {{ pkg.mod }}
{% endfor %}
"""
PATH = "pkg.mod.Klass"
