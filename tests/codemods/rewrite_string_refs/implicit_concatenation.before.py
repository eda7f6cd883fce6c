MESSAGE = (
    "expected an instance of "
    "pkg.mod.FieldABC, got "
    f"{type(value).__module__}.{type(value).__name__} (see pkg.mod.Field)"
)
if cls.__module__ == "pkg.mod":
    REGISTRY = {"handler": "pkg.mod.handle", "other": "pkg.models.handle"}
SOURCE = """
@pkg.mod.auto
class Generated:
    pass
"""
exec(compile(SOURCE, "<generated>", "exec"))
eval("pkg.mod.VALUE")
