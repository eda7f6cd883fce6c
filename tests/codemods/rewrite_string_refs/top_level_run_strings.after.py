import shlex
import subprocess
import sys


def test_runs():
    subprocess.run(f"{sys.executable} -m WF2_tool --help", shell=True, check=True)
    subprocess.run(sys.executable + " -m WF2_tool", shell=True, check=True)
    subprocess.run(shlex.split("python3 -X dev -m WF2_tool a"), check=True)
    subprocess.run("python -m pkg.WF1_mod && python -m WF2_tool", shell=True, check=True)


def not_runs(name):
    return ["git commit -m tool", f"{name} -m tool", "tool -m tool", "python -m toolbox", "the tool"]
