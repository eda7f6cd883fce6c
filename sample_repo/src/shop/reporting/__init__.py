"""Sales reporting and the ``shop-report`` command."""
