"""Attacks of the fifth reviewer (issue 11's last review, beyond code execution and writes outside):
another local user reading what Guardian copied, a directory name writing Guardian's configuration,
a hard link quoting a file outside the repository. Each test is the attack, and failed before its fix.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from attack_helpers import git, run

SECRET = b"tok-5f3a9e-never-shared"


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask: files another user may read unless Guardian says otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _readable_by_others(path: Path, repo: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can read ``path``, given that the
    repository itself can be entered by anyone (the usual 0755 checkout in a 0755 home)."""
    if not os.stat(path).st_mode & stat.S_IROTH:
        return False
    return all(
        os.stat(parent).st_mode & stat.S_IXOTH for parent in path.parents if parent.is_relative_to(repo / ".guardian")
    )


@pytest.mark.parametrize("journal_dir", ["fresh", "made-0755-by-an-older-guardian"])
def test_a_0600_module_is_not_readable_by_other_users_through_the_journal(
    checkout: Path, umask_022: None, journal_dir: str
) -> None:
    """A secrets module is 0600 so that the other users of a shared machine cannot read it. `apply`
    copied it into the journal (blobs, patches, staged files) as 0644 files in 0755 directories, and
    the facts cache quoted its strings the same way: any local user could `cat` the token."""
    secret = checkout / "src/pkg/settings_local.py"
    secret.write_bytes(b'API_TOKEN = "' + SECRET + b'"\n')
    secret.chmod(0o600)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a secret and a naming pattern")
    if journal_dir != "fresh":
        (checkout / ".guardian/journal").mkdir(parents=True, mode=0o755)
    code, _, err = run(checkout, "--no-exec", "plan")
    assert code == 0, err
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 0, err
    renamed = checkout / "src/pkg/WF1_settings_local.py"
    assert stat.S_IMODE(renamed.stat().st_mode) == 0o600 and SECRET in renamed.read_bytes()

    state = checkout / ".guardian"
    quoting = [p for p in state.rglob("*") if p.is_file() and SECRET in p.read_bytes()]
    assert any("/journal/" in p.as_posix() for p in quoting)
    readable = [p.relative_to(checkout).as_posix() for p in quoting if _readable_by_others(p, checkout)]
    assert readable == []
    for part in ("journal", "cache"):
        for path in (state / part).rglob("*"):
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode & 0o077 == 0, (path.relative_to(checkout).as_posix(), oct(mode))

    code, _, err = run(checkout, "--no-exec", "revert", "--all")
    assert code == 0, err
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600  # the user's own modes are restored exactly
    assert secret.read_bytes() == b'API_TOKEN = "' + SECRET + b'"\n'
    assert stat.S_IMODE((checkout / "src/pkg/a.py").stat().st_mode) == 0o644


#: Names a checkout can give its folders and files: each must come back from the generated TOML exactly.
HOSTILE_NAMES = [
    'quote"d',  # a plain quote made guardian.toml invalid TOML
    'x"]\nbatch_size = 1\nlayers.injected = 9\n#',  # a quote and a newline: keys of the checkout's choosing
    "back\\slash\\u0041",  # not an escape: the name holds a backslash
    "single'quote",  # was turned into a double quote (a different name, and invalid TOML)
    "tab\there\rcr\x1bescape\x7fdel\x01",
    "caf\u00e9-\u65e5\u672c-\U0001f600",
]


def test_a_directory_name_adds_no_key_to_the_generated_configuration(tmp_path: Path) -> None:
    """The attack as it worked: a folder of the checkout named `zz"]` + newline + `retirement = {
    stability_days = 0 }` + newline + `#` closed `exempt`'s array, added a table of its choosing (no
    waiting before old paths are retired) and commented out the rest of the line; `init` accepted
    the file it wrote, and the user reviews and commits it as their own."""
    import tomllib

    repo = tmp_path / "checkout"
    (repo / "app").mkdir(parents=True)
    (repo / "app/__init__.py").write_text("")
    name = 'zz"]\nretirement = { stability_days = 0 }\n#'
    (repo / name).mkdir()
    code, _, err = run(repo, "init")
    assert code == 0, err
    config = tomllib.loads((repo / "guardian.toml").read_text(encoding="utf-8"))
    assert "retirement" not in config
    assert config["exempt"][-1] == f"{name}/**"


def test_init_pastes_no_name_into_the_configuration_unescaped(tmp_path: Path) -> None:
    """`guardian init` wrote folder and file names between quotes as they were: a directory named
    `x"]` + newline + `batch_size = 1` ... added keys to the guardian.toml the user then trusts as
    their own, and a plain `"` made the file invalid. Every name is now a TOML basic string, and the
    file reads back (tomllib) to exactly the names of the tree."""
    import tomllib

    repo = tmp_path / "checkout"
    (repo / "app").mkdir(parents=True)
    (repo / "app/__init__.py").write_text("")
    for index, name in enumerate(HOSTILE_NAMES):
        (repo / name).mkdir()  # not a package (flat layout): exempted by name
        (repo / "app" / name).mkdir()  # a sub-package: a workflow glob by name
        (repo / "app" / name / "__init__.py").write_text("")
        (repo / f"{name}{index}.py").write_text("")
    (repo / "db").mkdir()
    (repo / "db" / 'a"b\nc.sql').write_text("CREATE TABLE t (id int);\n")
    code, _, err = run(repo, "init")
    assert code == 0, err
    config = tomllib.loads((repo / "guardian.toml").read_text(encoding="utf-8"))
    assert set(config) == {"source_roots", "version", "pattern", "exempt", "batch_size", "shims"} | {
        "workflows",
        "layers",
        "database",
        "approvals",
        "validate",
    }
    assert config["batch_size"] == 20 and config["layers"] == {}
    assert {f"{name}/**" for name in HOSTILE_NAMES} <= set(config["exempt"])
    assert {f"{name}{index}.py" for index, name in enumerate(HOSTILE_NAMES)} <= set(config["exempt"])
    assert set(config["workflows"]) == {"app/**"} | {f"app/{name}/**" for name in HOSTILE_NAMES}
    assert config["database"]["schema"] == ['db/a"b\nc.sql']


def test_the_toml_escape_follows_the_specification() -> None:
    """Every control character, the quote and the backslash escaped; everything else kept; a name
    that is not valid Unicode (undecodable bytes) refused rather than written as something else."""
    import tomllib

    from guardian.toml_text import basic_string, writable

    every = "".join(chr(c) for c in range(0x80)) + "\u00e9\u2028\ufeff\U0001f600"
    assert tomllib.loads(f"v = {basic_string(every)}")["v"] == every
    assert basic_string('a"b\\c\n\x00\x7f') == '"a\\"b\\\\c\\n\\u0000\\u007F"'
    undecodable = os.fsdecode(b"bad\xff")
    assert not writable(undecodable)
    with pytest.raises(ValueError):
        basic_string(undecodable)
