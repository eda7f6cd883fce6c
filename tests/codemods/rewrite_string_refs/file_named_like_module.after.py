from pathlib import Path

GRAMMAR = Path(__file__).parent / "grammars/pkg.mod"
DATA = "data/pkg.mod.json"
HANDLER = {"stream": "ext://pkg.newmod.stream"}
MESSAGE = "see pkg.newmod.run for pkg.newmod's grammar"
