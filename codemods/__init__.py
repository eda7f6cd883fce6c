"""Applying a batch: Rope renames, libcst codemods and SQL, every write through ``rollback``."""
