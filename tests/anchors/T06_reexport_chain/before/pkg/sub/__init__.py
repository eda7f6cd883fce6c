from pkg.sub.mod import *
