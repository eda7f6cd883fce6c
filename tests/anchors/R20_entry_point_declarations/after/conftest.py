# guardian-collect-ignore: file written by Guardian for pytest; guardian retire removes it
collect_ignore = [*globals().get("collect_ignore", ()), "pkg/cli.py", "pkg/legacy.py", "pkg/plugin.py", "pkg/tool.py"]  # guardian-collect-ignore: shims Guardian left at old module paths; guardian retire removes this line
