collect_ignore = ["pkg/legacy.py"]
