import importlib.resources

# black's src/black/resources/black.schema.json, read by its bare name: a data file named after a module
SCHEMA = importlib.resources.files("pkg").joinpath("pkg.mod.json")
RECORDS = "pkg.mod.jsonl"
LAYOUT = "pkg.mod.xml"
LOADS = "pkg.newmod.json.loads"  # the json module imported by the module: a path through it
TARGET = "pkg.newmod.build"
