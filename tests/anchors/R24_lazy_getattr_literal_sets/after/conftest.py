# guardian-collect-ignore: this file is Guardian's; guardian retire deletes it
collect_ignore = [  # guardian-collect-ignore: the shims at old module paths
    *globals().get("collect_ignore", ()),
    "pkg/colors.py",
    "pkg/shapes.py",
    "pkg/sizes.py",
    "pkg/tones.py",
]  # guardian retire removes this list
