"""Guardian: plan, apply and revert mass module renames and ENUM consolidations."""

__version__ = "0.1.0"
