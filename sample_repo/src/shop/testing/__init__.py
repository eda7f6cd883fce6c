"""Test helpers shipped with the shop (a pytest plugin: ``shop.testing.fixtures``)."""
