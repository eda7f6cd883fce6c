from pkg.funcutils import wraps
import pkg.funcutils as funcutils

assert funcutils.wraps is wraps
