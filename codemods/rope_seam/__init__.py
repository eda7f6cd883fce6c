"""Every place Guardian steers Rope, in one package (the seam).

The rest of Guardian imports this package only, never its parts (``.importlinter``'s private-modules
contract): ``_occurrences`` (which occurrences count, recorded as edits), ``_finder`` (Rope's textual
search and scope regions), ``_analysis`` (when Rope's caches are dropped, lookups answered once) and
``_scratch`` (the scratch copy written on demand).

Rope stays the engine that finds a renamed module's occurrences and rewrites imports; Guardian
changes *which* occurrences count and *when* Rope's caches are dropped, through four hooks:

* :func:`occurrence_guard` wraps the filters of the finder ``Rename`` builds
  (``rope.refactor.occurrences.create_finder``): bare local names are kept, a shadowed submodule is
  renamed in import statements only;
* :func:`recording` stands in for ``rope.refactor.rename.rename_in_module`` while ``get_changes``
  runs: the same occurrences and text, plus the edits as ``(start, end, text)`` so the edits of several
  renames computed on one analysis of a file can be merged (:func:`codemods.merged_edits.merged_text`), and a crash in one
  importer skips that file instead of the whole rename;
* :func:`invalidation_batched` defers ``_ModuleCache.forget_all_data`` to once per change set;
* :func:`release_analysis` drops every module Rope analysed (``_ModuleCache._invalidate_resource``
  on each, its invalidation deferred), so a round too big for one process's memory is analysed in
  parts, and :class:`AnalysisBound` does it between two files of one rename when the modules Rope
  holds pass a size;
* :func:`fix_source_folders` answers ``Project.get_source_folders`` from the first walk;
* :func:`modules_found_once` answers ``Project.find_module`` from a memo while an analysis only reads;
* :func:`module_never_local` skips Rope's ``_is_local`` test for a module rename (always false for
  one, but it analysed the renamed module's scopes and imports);
* :func:`regions_after_imports` answers Rope's scope-region test (``Scope.in_region``) without
  patching the module's whole AST for an offset before the first statement holding a scope;
* :func:`offsets_once` answers Rope's textual finder (``_TextualFinder.find_offsets``) from the
  offsets :func:`finder_offsets` found for the same name and text during a batch;
* :func:`write_on_demand` lets a project see the files of a scratch copy that are not written yet
  (``codemods.workspace.Workspace.pending``): each is written before Rope looks at it (``exists``,
  ``get_resource``, a folder's listing, a read, a move), so Rope's analysis finds exactly the files
  a full copy gives it, and only the ones it looks at are written.

Each hook depends on the exact code of a Rope function; :data:`SEAM` holds the sha256 of those
functions' source for the Rope versions pinned in ``pyproject.toml``, and :func:`seam_drift` (run by
``tests/codemods/test_rope_seam.py``) names every one that changed, so a Rope upgrade fails loudly
in the tests instead of silently changing what a rename rewrites.
"""

from __future__ import annotations

import hashlib
import inspect
from importlib import import_module

from codemods.rope_seam import _finder, _scratch
from codemods.rope_seam._analysis import (
    AnalysisBound,
    fix_source_folders,
    forget_builtin_types,
    invalidation_batched,
    module_never_local,
    modules_found_once,
    release_analysis,
)
from codemods.rope_seam._finder import (
    Offsets,
    finder_offsets,
    offsets_of,
    offsets_once,
    regions_after_imports,
    rope_text,
)
from codemods.rope_seam._occurrences import ROPE_CRASHES, Edit, occurrence_guard, recording
from codemods.rope_seam._scratch import Pending, ScratchFiles, write_on_demand

__all__ = [
    "ROPE_CRASHES",
    "ROPE_VERSIONS",
    "SEAM",
    "AnalysisBound",
    "Edit",
    "Offsets",
    "Pending",
    "ScratchFiles",
    "finder_offsets",
    "fix_source_folders",
    "forget_builtin_types",
    "invalidation_batched",
    "module_never_local",
    "modules_found_once",
    "occurrence_guard",
    "offsets_of",
    "offsets_once",
    "recording",
    "regions_after_imports",
    "release_analysis",
    "rope_text",
    "seam_drift",
    "write_on_demand",
]

#: The Rope versions whose seam functions are the ones hashed below (``pyproject.toml`` pins them).
ROPE_VERSIONS = ">=1.15,<1.16"

#: sha256 of the source of each Rope function the hooks depend on (rope 1.15.x).
SEAM: dict[str, str] = {
    "rope.refactor.rename:rename_in_module": "0d36d54fd1101a670d136e9312cdc63fbf8b1b1cc2e424b63192a9567064cd8f",
    "rope.refactor.rename:Rename.get_changes": "9251a244b557ffbcdf1919ab1a2ded7ecb229c593c2021fe007ac5657a34a923",
    "rope.refactor.occurrences:create_finder": "ca026ff5d3fe2570110dab7c6b66ece485ea6ab6f5f2b32f24be89efaf9f35d3",
    "rope.refactor.occurrences:Finder.find_occurrences": "b81459f357299901e159c9de5cf7003ba9ab894fb718bfd0427e3fe030a0d73a",
    "rope.base.codeanalyze:ChangeCollector.get_changed": "2a96d8f796819e2853b55e8a9f108911733e5f26455e095428690e02b9b8dd20",
    "rope.base.pycore:_ModuleCache._invalidate_resource": "d16189162350bbfdd5dc0aebb76d3abec5c2de774619d4777a76f04e10d9812b",
    "rope.base.pycore:_ModuleCache.forget_all_data": "97f5614d0b54bf817b1ecc068f877ab32f000cdccf5bb9f304cbf08cae035d33",
    "rope.base.project:_Project.find_module": "e5be7316f12823a9476f7e19fa1c755627ec2f794b85504a3a71c1c56b989399",
    "rope.refactor.rename:_is_local": "8f8f440f7affe4637c42caa9ff66d4d90b60531a201d4d797026d8b5d992109a",
    "rope.base.project:Project.get_source_folders": "3d758a18a709c4518c11b48281fd4cb0302b1cce00bf8b30f5e8d11735e52d3e",
    "rope.base.project:_Project.get_resource": "a548221b167ff1a28a5769137deea2ae7b445a38a60b6ff1567662c7f00cc5a1",
    "rope.base.resources:Resource.exists": "6c2e13b7f4c29eb878f30f2862cca3c59215a11f10f3c5cb0fae04858c842bb4",
    "rope.base.resources:Folder.get_children": "413d4b0c8a2632b4428ba27091f609932d95297c98ae23a9d31c48741b8a9b47",
    "rope.base.resources:File.read_bytes": "9ff023b5a2a06f99e9db7721903afd8759c86f65286eb46f83c2afe7753e01fa",
    "rope.base.fscommands:FileSystemCommands": "22d7375f677b8966dc7aaad43111520f87a3f273b0beaf25b43fcd2efbc21f0c",
    "rope.base.fscommands:file_data_to_unicode": "3d076bda6490a93560db6a4da24594c09772bb859caf379d5b9b8f12c317aa31",
    "rope.refactor.occurrences:_TextualFinder": "3a5bfdc48efad3ff79e17336713e9e1df36bdc4ab2c589d8471db5c070716911",
    "rope.base.evaluate:ScopeNameFinder.get_primary_and_pyname_at": "50b5762be7e3de2d2f82b225ba0106401265ccb1a5ffc10e171c8aa8c346c93f",
    "rope.base.evaluate:ScopeNameFinder._find_module": "bb3fb912a4cc2ac73454c1414fe21ed2873227b0cff47f502822c7b646b98b0e",
    "rope.base.worder:_RealFinder.is_from_statement_module": "73bbe829cc0c9882e7f066c7cf95c51b488f573233d83f7d544d0833e0b9d721",
    "rope.base.project:_Project.find_relative_module": "b787b378850ebf98585b21d94b0e50a2ac1be8e4a3b7f30f7bc0baaac123d3a0",
    "rope.base.pyscopes:Scope.in_region": "1ecb21c540a805e9bff2c0655e00c06e5d4b288ff150d73ae4fe6de9d1a9edf6",
    "rope.base.pyscopes:GlobalScope._calculate_scope_regions": (
        "c0b1a8e3928cf0de6209c736f05a5d06256775a05416354174514bff537855a9"
    ),
    "rope.base.pyscopes:_HoldingScopeFinder.get_holding_scope_for_offset": (
        "ae76a292469e17263b50aff404c1c8cd236c13146f1c4148fb5a48ef44ad034d"
    ),
    "rope.refactor.patchedast:_PatchingASTWalker._handle": (
        "df912c069ac44670065fd4ce43042412a2a5e17765da48e6f696e22049ec0537"
    ),
    "rope.refactor.patchedast:_PatchingASTWalker._handle_parens": (
        "56e118a154648c16802148671043d6e6deee9c1a6ce9a97937e35d49e2783f61"
    ),
    # AnalysisBound: a file's end is told to the handle's observers; the renamed module is the
    # cached object its ``old_pyname`` resolved once, compared by identity
    "rope.base.taskhandle:JobSet.finished_job": "4db60a72a823683ad7f84a00d90effacb5f24186dba267616ed921e9c4fee8e6",
    "rope.refactor.rename:Rename.__init__": "d140ebb345a2ad9bd5646dcbcc027bd2b812cbb21bbc92e16779664b98d4a8cc",
    "rope.refactor.occurrences:same_pyname": "11993449aa1202e594797b4e8e2cc7b142960ed4edb8921688bc74d67f3ad732",
    "rope.base.pynames:ImportedModule._get_pymodule": "b05187bfa20dfb781220e432a2baff9d6c6c55e34e70be8b11e74d8f9668ef3e",
    "rope.base.pycore:_ModuleCache.get_pymodule": "0fce6074b9f1f120c72782647fd8318c3ab9abae51c8e1d00ca1c0614f03798a",
    # forget_builtin_types: the memo it empties
    "rope.base.builtins:_create_builtin_type_getter": "fdde98663cb669da4eb89f18a604ec9a204583b8aceb214d25a043d94b182b4f",
}


#: Rope's functions the hooks replace once installed (``write_on_demand``, ``regions_after_imports``):
#: the digests are of the originals
_REPLACED: dict[str, object] = {**_finder.REPLACED, **_scratch.REPLACED}


def _source_digest(target: str) -> str:
    module_name, _, qualname = target.partition(":")
    obj: object = import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    obj = _REPLACED.get(target, obj)  # the hooks stand in for these once installed
    return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()  # type: ignore[arg-type]


def seam_drift() -> list[str]:
    """The seam functions whose source differs from the one the hooks were written against.

    Returns:
        ``"module:function"`` names (empty when the installed Rope is the one the seam knows).
    """
    drift = []
    for target, digest in SEAM.items():
        try:
            found = _source_digest(target)
        except (AttributeError, ImportError, OSError, TypeError) as exc:
            drift.append(f"{target} (missing: {exc})")
            continue
        if found != digest:
            drift.append(target)
    return drift
