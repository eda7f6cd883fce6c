PAGE = "docs/reference/pkg.mod.md"
TARGET = "pkg.mod.build"
