from pkg.sub.newmod import *
