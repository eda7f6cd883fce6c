import pkg


def test_it(monkeypatch):
    monkeypatch.setattr("pkg.newmod.func", lambda: 2)
    monkeypatch.delattr("pkg.newmod.CACHE", raising=False)
    monkeypatch.setattr(pkg, "newmod", None)
    monkeypatch.setattr(pkg, "models", None)
