"""The seam's hooks for a scratch copy written on demand: each file is written before Rope looks at it.

:func:`write_on_demand` installs them (the package's docstring: :mod:`codemods.rope_seam`).
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from rope.base import project as rope_project
from rope.base import resources
from rope.base.fscommands import FileSystemCommands
from rope.base.project import Project


class Pending(Protocol):
    """Files of a scratch copy written on demand (``codemods.workspace.Workspace``)."""

    def materialize(self, rel: str) -> None: ...
    def materialize_folder(self, folder: str) -> None: ...


class ScratchFiles(FileSystemCommands):  # type: ignore[misc]  # rope ships no type information
    """Rope's plain file operations (never a version control program), each writing a pending file
    first when ``pending`` is set (:func:`write_on_demand`)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: Pending | None = None
        self.prefix = ""  #: the project's address and a separator: real path -> relative path

    def _touch(self, path: str) -> None:
        if self.pending is not None and path.startswith(self.prefix):
            self.pending.materialize(path[len(self.prefix) :].replace(os.sep, "/"))

    def read(self, path: str) -> bytes:
        self._touch(path)
        return super().read(path)  # type: ignore[no-any-return]

    def write(self, path: str, data: bytes) -> None:
        self._touch(path)
        super().write(path, data)

    def move(self, path: str, new_location: str) -> None:
        self._touch(path)
        super().move(path, new_location)

    def remove(self, path: str) -> None:
        self._touch(path)
        super().remove(path)


_ROPE_EXISTS = resources.Resource.exists
_ROPE_CHILDREN = resources.Folder.get_children
_ROPE_GET_RESOURCE = rope_project._Project.get_resource

#: Rope's functions the hooks here replace once installed: the seam's digests are of these
REPLACED: dict[str, object] = {
    "rope.base.resources:Resource.exists": _ROPE_EXISTS,
    "rope.base.resources:Folder.get_children": _ROPE_CHILDREN,
    "rope.base.project:_Project.get_resource": _ROPE_GET_RESOURCE,
}


def _pending(project: Any) -> Pending | None:
    found: Pending | None = getattr(project, "guardian_pending", None)
    return found


def _exists(resource: Any) -> bool:
    pending = _pending(resource.project)
    if pending is not None:
        pending.materialize(resource.path)
    return _ROPE_EXISTS(resource)  # type: ignore[no-any-return]


def _get_children(folder: Any) -> list[Any]:
    pending = _pending(folder.project)
    if pending is not None:
        pending.materialize_folder(folder.path)
    return _ROPE_CHILDREN(folder)  # type: ignore[no-any-return]


def _get_resource(project: Any, resource_name: str) -> Any:
    pending = _pending(project)
    if pending is not None:
        pending.materialize(resource_name)
    return _ROPE_GET_RESOURCE(project, resource_name)


def write_on_demand(project: Project, files: ScratchFiles, pending: Pending) -> None:
    """Let ``project`` (opened with ``files`` as its file operations) see the pending files of its
    scratch copy: Rope asks whether a resource exists (``Resource.exists``, ``get_resource``, which
    ``has_child`` and module lookups use), lists a folder (``Folder.get_children``: source folders,
    a package's submodules) or reads, writes or moves a file; each hook writes the file (or the
    folder's files) first, then Rope's own code runs on the disk as with a full copy. The hooks are
    installed once per process and act only for a project marked here."""
    files.prefix = os.path.join(project.address, "")
    files.pending = pending
    project.guardian_pending = pending
    resources.Resource.exists = _exists
    resources.Folder.get_children = _get_children
    rope_project._Project.get_resource = _get_resource
