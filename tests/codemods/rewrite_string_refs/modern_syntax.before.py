def f(x, /):
    match x:
        case "pkg.mod":
            return importlib.import_module("pkg.mod")
type Alias = "pkg.mod.Klass"
