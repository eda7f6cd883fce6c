import importlib
from commonmark.main import commonmark

main = importlib.import_module("testme.main")
html = importlib.import_module("testme")
options = {"commonmark": True}
flavour = "commonmark"
with mock.patch("testme.main.commonmark"): ...
