from pathlib import Path

GRAMMAR = Path(__file__).parent / "grammars/pkg.mod"
DATA = "data/pkg.mod.json"
HANDLER = {"stream": "ext://pkg.mod.stream"}
MESSAGE = "see pkg.mod.run for pkg.mod's grammar"
