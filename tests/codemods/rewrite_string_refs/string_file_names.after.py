PAGE = "docs/reference/pkg.mod.md"
TARGET = "pkg.newmod.build"
