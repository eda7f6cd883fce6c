import pkg


def test_it(monkeypatch):
    monkeypatch.setattr("pkg.mod.func", lambda: 2)
    monkeypatch.delattr("pkg.mod.CACHE", raising=False)
    monkeypatch.setattr(pkg, "mod", None)
    monkeypatch.setattr(pkg, "models", None)
