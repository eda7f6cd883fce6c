from pkg.WF1_V7_L1_1of1_funcutils import wraps
import pkg.WF1_V7_L1_1of1_funcutils as funcutils

assert funcutils.wraps is wraps
