"""The core of pkg: run it with ``python -m pkg.WF1_V7_L1_1of2_core``.

See pkg.WF1_V7_L1_1of2_core.run for the entry point; pkg.core_extra is another module.
"""


def run():
    """Start the loop (pkg.WF1_V7_L1_1of2_core.run); the old name was pkg.cores.run."""
    return 0  # returns what pkg.WF1_V7_L1_1of2_core.run promises
