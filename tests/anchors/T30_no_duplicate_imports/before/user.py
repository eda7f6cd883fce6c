import os, pkg.mod, sys
pkg.mod.func()
