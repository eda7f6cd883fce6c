"""The engine: ``run`` calls a function and formats the traceback of what it raised."""

import os
import traceback


def run(func):
    try:
        func()
    except Exception as error:
        return short_trace(error)
    return ""


def short_trace(error):
    """Each frame by its file's bare name, its line number hidden (glom's error stacks)."""
    lines = ["Stack (most recent call last):"]
    for frame in traceback.extract_tb(error.__traceback__):
        lines.append(f'  File "{os.path.basename(frame.filename)}", line ___, in {frame.name}')
    lines.append(f"{type(error).__name__}: {error}")
    return "\n".join(lines) + "\n"
