from commonmark.main import commonmark
