"""Start what each tool's file names, as that tool finds it (the anchor's check before and after the rename)."""

import importlib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from pkgutil import resolve_name


def _after_m(argv):
    return argv[argv.index("-m") + 1]


def _run_module(module):
    done = subprocess.run([sys.executable, "-m", module], capture_output=True, text=True, check=True)
    assert done.stdout == "cli ok\n", done


def check():
    launch = json.loads(re.sub(r"^\s*//.*$", "", Path(".vscode/launch.json").read_text(), flags=re.M))
    for configuration in launch["configurations"]:
        importlib.import_module(configuration["module"])  # what debugpy runs
    scripts = json.loads(Path("package.json").read_text())["scripts"]
    _run_module(_after_m(shlex.split(scripts["cli"])))
    resolve_name(shlex.split(shlex.split(scripts["serve"])[2])[1])  # sh -c "gunicorn <app>"
    [recipe] = [line for line in Path("Makefile").read_text().splitlines() if line.startswith("\t")]
    _run_module(_after_m(shlex.split(recipe)))
    docker = Path("deploy/Dockerfile").read_text().splitlines()
    resolve_name(docker[1].partition("=")[2])
    _run_module(_after_m(json.loads(docker[2][len("CMD ") :])))
    resolve_name(shlex.split(Path("Procfile").read_text().partition(":")[2])[1])  # gunicorn's APP
    done = subprocess.run(
        ["sh", "bin/serve"], env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True, check=True
    )
    assert done.stdout == "cli ok\n", done
    for name in json.loads(Path("config/handlers.json").read_text())["handlers"].values():
        resolve_name(name)
    [order] = json.loads(Path("pkg/fixtures/orders.json").read_text())
    assert order["model"].split(".") == ["pkg", "order"]  # a Django app label and model name, no module path
    resolve_name(order["fields"]["handler"])
