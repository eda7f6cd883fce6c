def f(x, /):
    match x:
        case "pkg.newmod":
            return importlib.import_module("pkg.newmod")
type Alias = "pkg.newmod.Klass"
