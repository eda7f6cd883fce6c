"""Which duplicate enum class maps onto which canonical class, and what merging them would change.

A merge must keep behaviour: the duplicate becomes the canonical class, so both must have the same
enum base (a ``StrEnum`` prints ``'paid'``, a ``(str, Enum)`` member ``'OrderStatus.PAID'``; a plain
``Enum`` member is not equal to its string), the same values (a renamed value changes ``.value`` and
what ``Old(raw)`` accepts) and the same members (``list()``/``len()`` of the class). ``class_maps``
names every such construct in ``EnumClassMap.refusals``; the command refuses those maps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codemods.enum_refs import EnumClassMap


def class_maps(config: object, schema: object, plans: Sequence[object]) -> list[EnumClassMap]:
    """The duplicate -> canonical class maps of the consolidations, from the code-vs-database pairing.

    A member maps by value: old value -> canonical label (the plan's map) -> the canonical class's
    member with that value (None when the canonical class has none).

    Returns:
        One map per duplicate class whose type and canonical type both have a class.
    """
    from planner.code_enums import find_code_enums, match_enums

    matches = match_enums(find_code_enums(config), schema)  # type: ignore[arg-type]
    by_type = {m.db_type.key: m.code for m in matches if m.code.kind == "class"}
    out = []
    for plan in plans:
        canonical = by_type.get(plan.canonical.key)  # type: ignore[attr-defined]
        if canonical is None:
            continue
        by_value = {value: name for name, value in canonical.members}
        for member in plan.members:  # type: ignore[attr-defined]
            duplicate = by_type.get(member.source)
            if duplicate is None or duplicate.qualname == canonical.qualname:
                continue
            forward = member.forward()
            members = {name: by_value.get(forward.get(value, value)) for name, value in duplicate.members}
            values = {value: forward.get(value, value) for _, value in duplicate.members}
            notes = []
            if tuple(b.rsplit(".", 1)[-1] for b in duplicate.bases) != tuple(
                b.rsplit(".", 1)[-1] for b in canonical.bases
            ):
                notes.append(
                    f"{duplicate.qualname} ({', '.join(duplicate.bases)}) and {canonical.qualname} "
                    f"({', '.join(canonical.bases)}) have different bases: str() and format() may differ"
                )
            if _kind(duplicate.bases) in ("str-mixin", "plain"):
                notes.append(
                    f"str() and repr() of {duplicate.qualname}'s members name "
                    f"{canonical.qualname.rsplit('.', 1)[1]} after the merge"
                )
            missing = sorted(n for n, m in members.items() if m is None)
            if missing:
                notes.append(
                    f"{duplicate.qualname} members {', '.join(missing)} have no counterpart in {canonical.qualname}"
                )
            out.append(
                EnumClassMap(
                    duplicate.qualname,
                    canonical.qualname,
                    members,
                    values,
                    tuple(notes),
                    behaviour_changes(duplicate, canonical, values),
                )
            )
    return out


def _kind(bases: Sequence[str]) -> str:
    """How an enum's members behave as strings: ``StrEnum``, ``str-mixin``, ``int`` or ``plain``."""
    names = [b.rsplit(".", 1)[-1] for b in bases]
    if "StrEnum" in names:
        return "StrEnum"
    if "str" in names:
        return "str-mixin"
    if any(n in ("IntEnum", "IntFlag", "int") for n in names):
        return "int"
    return "plain"


def _str_of(kind: str, cls: str, member: str, value: str) -> str:
    return repr(value) if kind == "StrEnum" else repr(f"{cls}.{member}")


def behaviour_changes(duplicate: object, canonical: object, values: Mapping[str, str]) -> tuple[str, ...]:
    """The constructs whose behaviour a merge of ``duplicate`` into ``canonical`` would change.

    Returns:
        One ``path:line: construct: what changes`` per difference (empty when the merge keeps behaviour).
    """
    old, new = duplicate.qualname.rsplit(".", 1)[1], canonical.qualname.rsplit(".", 1)[1]  # type: ignore[attr-defined]
    where = f"{duplicate.path}:{duplicate.line}"  # type: ignore[attr-defined]
    old_bases, new_bases = duplicate.bases, canonical.bases  # type: ignore[attr-defined]
    shown = f"class {old}({', '.join(old_bases)})"
    out = []
    old_kind, new_kind = _kind(old_bases), _kind(new_bases)
    if old_kind != new_kind:
        name, value = duplicate.members[0] if duplicate.members else ("X", "x")  # type: ignore[attr-defined]
        if "plain" in (old_kind, new_kind):
            change = (
                f"{old}.{name} == {value!r} is {old_kind != 'plain'} now, {new_kind != 'plain'} after "
                "(only a str-based enum equals its value)"
            )
        else:
            change = (
                f"str({old}.{name}) is {_str_of(old_kind, old, name, value)} now, "
                f"{_str_of(new_kind, new, name, value)} after"
            )
        out.append(f"{where}: {shown} would become {new}({', '.join(new_bases)}): {change}")
    renamed = sorted((v, c) for v, c in values.items() if v != c)
    if renamed:
        v, c = renamed[0]
        out.append(
            f"{where}: {shown}: value {v!r} becomes {c!r}: .value changes and {old}({v!r}) would raise "
            "ValueError; merge after the code has switched to the canonical values"
        )
    old_values = {values.get(v, v) for _, v in duplicate.members}  # type: ignore[attr-defined]
    extra = sorted(n for n, v in canonical.members if v not in old_values)  # type: ignore[attr-defined]
    if extra:
        out.append(
            f"{where}: {shown}: iterating {old} would also yield {', '.join(extra)} of {new} "
            f"(list({old}), len({old}) and {old}(value) change)"
        )
    new_values = {v for _, v in canonical.members}  # type: ignore[attr-defined]
    lost = sorted(n for n, v in duplicate.members if values.get(v, v) not in new_values)  # type: ignore[attr-defined]
    if lost:
        out.append(
            f"{where}: {shown}: {', '.join(f'{old}.{n}' for n in lost)} would no longer exist ({new} has no such value)"
        )
    return tuple(out)
