from pkg.sub import *
from pkg import sub          # public re-export
