import importlib
from commonmark.main import commonmark

main = importlib.import_module("commonmark.main")
html = importlib.import_module("commonmark")
options = {"commonmark": True}
flavour = "commonmark"
with mock.patch("commonmark.main.commonmark"): ...
