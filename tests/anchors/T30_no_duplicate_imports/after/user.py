import os, pkg.newmod, sys
pkg.newmod.func()
