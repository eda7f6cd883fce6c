# guardian-collect-ignore: this file is Guardian's; guardian retire deletes it
collect_ignore = [  # guardian-collect-ignore: the shims at old module paths
    *globals().get("collect_ignore", ()),
    "pkg/ext.py",
]  # guardian retire removes this list
