"""The core of pkg: run it with ``python -m pkg.core``.

See pkg.core.run for the entry point; pkg.core_extra is another module.
"""


def run():
    """Start the loop (pkg.core.run); the old name was pkg.cores.run."""
    return 0  # returns what pkg.core.run promises
