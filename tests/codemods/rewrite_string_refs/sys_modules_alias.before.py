import sys

# aliases registered below the module (requests' packages.py): the module keeps the old path with a shim
for name in ("urllib3", "idna"):
    sys.modules[f"pkg.mod.{name}"] = sys.modules[name]
    sys.modules["pkg.mod." + name] = sys.modules[name]
sys.modules["pkg.mod"] = sys.modules[__name__]
print(f"pkg.mod.{name}")
