"""The journal: write-ahead forward and reverse patches, revert, drift detection, crash recovery."""
