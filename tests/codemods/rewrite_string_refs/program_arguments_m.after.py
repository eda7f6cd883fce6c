import subprocess
import sys


def test_runs(script):
    subprocess.run([sys.executable, "-u", "-W", "ignore", "-m", "WF2_tool", "-m", "tool"], check=True)
    subprocess.run(("python3", "-X", "dev", "-I", "-m", "WF2_tool"), check=True)
    subprocess.run(f"{sys.executable} -X dev -W error -m WF2_tool -m tool", shell=True, check=True)
    subprocess.run("python3 -u -I -m WF2_tool --mode -m tool", shell=True, check=True)


def program_arguments(script):
    subprocess.run([sys.executable, "-m", "pytest", "-m", "tool", "tests"], check=True)
    subprocess.run([sys.executable, "tools/bench.py", "-m", "tool"], check=True)
    subprocess.run([sys.executable, "-u", script, "-m", "tool"], check=True)
    subprocess.run([sys.executable, "-c", "import sys", "-m", "tool"], check=True)
    subprocess.run(f"{sys.executable} -m pytest -m tool tests", shell=True, check=True)
    subprocess.run(f"{sys.executable} -u tools/bench.py -m tool", shell=True, check=True)
    subprocess.run("python -m pytest -m tool && python -u tools/bench.py -m tool", shell=True, check=True)
    subprocess.run("python3 -c 'import sys' -m tool", shell=True, check=True)
