from pkg.sub import *
