"""A module path's parts whose flow to a module-path use is visible in the file: through a name assigned in the
same scope, a function's return value, a loop's iterable, a ``pytest.mark.parametrize`` table's rows."""

import importlib
import subprocess

import pytest

from pkg import resolver


def modpath():
    return ["pkg", "mod"]


def deep_parts():
    return ("pkg", "sub", "deep")


def test_by_a_name():
    parts = ["pkg", "mod"]
    assert resolver.file_from_modpath(parts)


def test_by_a_function():
    importlib.import_module(".".join(deep_parts()))


def test_by_a_loop():
    for parts in (["pkg", "mod"], ("pkg", "sub", "deep")):
        importlib.import_module(".".join(parts))


@pytest.mark.parametrize("parts", [["pkg", "mod"], pytest.param(("pkg", "sub", "deep"), id="deep")])
def test_rows_of_parts(parts):
    assert importlib.import_module(".".join(parts))


@pytest.mark.parametrize(("parts", "expected"), [(["pkg", "mod"], 1), (("pkg", "sub", "deep"), 2)])
def test_rows_with_an_expected_value(parts, expected):
    assert resolver.file_from_modpath(parts) and expected


@pytest.mark.parametrize("package, name", [("pkg", "mod"), ("pkg", "other")])
def test_rows_joined_in_an_f_string(package, name):
    importlib.import_module(f"{package}.{name}")


@pytest.mark.parametrize("package, name", [("pkg", "mod")])
def test_rows_joined(package, name):
    assert ".".join([package, name]) in resolver.MODULES


# the same words whose flow ends where nothing says module path: left as they are (listed for a person)
def command():
    return ["pkg", "mod"]


def test_a_command():
    words = ["pkg", "mod"]
    subprocess.run(words, check=True)
    subprocess.run(command(), check=True)


@pytest.mark.parametrize("argv", [["pkg", "mod"]])
def test_a_command_line(argv):
    subprocess.run(argv, check=True)


@pytest.mark.parametrize("package, name", [("pkg", "mod")])
def test_rows_joined_otherwise(package, name):
    assert f"{package}:{name}" and f"{name}.{package}"


@pytest.mark.parametrize("name, package", [("pkg", "mod")])
def test_rows_joined_in_another_order(name, package):
    importlib.import_module(f"{package}.{name}")


def test_a_name_of_another_scope():
    parts = ["pkg", "mod"]
    return parts


def test_the_same_name_elsewhere():
    parts = ["pkg", "sub", "x"]
    importlib.import_module(".".join(parts))
