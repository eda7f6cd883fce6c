"""Guardian: plan, apply and revert mass module renames and ENUM consolidations."""

from guardian.pythonpath import refuse_checkout_on_path

refuse_checkout_on_path()  # first, before click or anything of the checkout could be imported (issue 11)

__version__ = "0.1.0"
