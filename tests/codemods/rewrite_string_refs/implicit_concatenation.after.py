MESSAGE = (
    "expected an instance of "
    "pkg.newmod.FieldABC, got "
    f"{type(value).__module__}.{type(value).__name__} (see pkg.newmod.Field)"
)
if cls.__module__ == "pkg.newmod":
    REGISTRY = {"handler": "pkg.newmod.handle", "other": "pkg.models.handle"}
SOURCE = """
@pkg.newmod.auto
class Generated:
    pass
"""
exec(compile(SOURCE, "<generated>", "exec"))
eval("pkg.newmod.VALUE")
