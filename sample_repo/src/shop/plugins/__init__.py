"""Pricing plugins, found through ``shop.plugins.registry``."""
