"""Edit distance, the one used for "did you mean" hints and near-duplicate enum labels."""

from __future__ import annotations

import pytest

from planner.spelling import edit_distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("", "abc", 3),
        ("batch_size", "batch_size", 0),
        ("batch_sise", "batch_size", 1),  # one substitution
        ("bach_size", "batch_size", 1),  # one insertion
        ("batchsize", "batch_size", 1),
        ("kitten", "sitting", 3),
        ("shipped", "shiped", 1),  # one deletion
        ("flaw", "lawn", 2),
    ],
)
def test_edit_distance_counts_insertions_deletions_and_substitutions(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_a_mistyped_config_key_gets_the_nearest_key(tmp_path) -> None:
    from guardian.config_file import load_config
    from guardian.errors import ConfigError

    (tmp_path / "pyproject.toml").write_text("[tool.guardian]\nbatch_sise = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'batch_size'"):
        load_config(tmp_path)
