"""The Hugging Face-style ``_LazyModule`` loader two apply fixtures hand their tables to (imported by module
name, as apply_helpers is)."""

LAZY_MODULE = """\
import importlib
from itertools import chain
from types import ModuleType


class _LazyModule(ModuleType):
    def __init__(self, name, module_file, import_structure, module_spec=None):
        super().__init__(name)
        self._modules = set(import_structure.keys())
        self._class_to_module = {}
        for key, values in import_structure.items():
            for value in values:
                self._class_to_module[value] = key
        self.__all__ = list(import_structure.keys()) + list(chain(*import_structure.values()))
        self.__file__ = module_file
        self.__spec__ = module_spec
        self.__path__ = [__import__("os").path.dirname(module_file)]

    def __getattr__(self, name):
        if name in self._modules:
            value = self._get_module(name)
        elif name in self._class_to_module:
            value = getattr(self._get_module(self._class_to_module[name]), name)
        else:
            raise AttributeError(f"module {self.__name__} has no attribute {name}")
        setattr(self, name, value)
        return value

    def _get_module(self, module_name):
        return importlib.import_module("." + module_name, self.__name__)
"""
