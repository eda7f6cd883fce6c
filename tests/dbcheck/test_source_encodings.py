"""A Python file is read as Python reads it: one that starts with a UTF-8 byte-order mark, or declares
its encoding (``# -*- coding: latin-1 -*-``), is checked like any other; one whose declared encoding
Python does not know is listed as unreadable, never skipped in silence."""

from __future__ import annotations

from dbcheck_cases import run_check

CALL = '    cur.execute("SELECT id, nam FROM customers WHERE id = %s", (x,))'


def test_a_bom_or_an_encoding_declaration_does_not_hide_a_file_from_the_check(write_tree) -> None:
    root = write_tree({"app/__init__.py": ""})
    (root / "app/bom.py").write_bytes(b"\xef\xbb\xbf" + f"def run(cur, x):\n{CALL}\n".encode())
    (root / "app/latin.py").write_bytes(
        f"# -*- coding: latin-1 -*-\n# café\ndef run(cur, x):\n{CALL}\n".encode("latin-1")
    )
    (root / "app/crlf_bom.py").write_bytes(b"\xef\xbb\xbf" + f"def run(cur, x):\r\n{CALL}\r\n".encode())
    (root / "app/odd.py").write_bytes(f"# coding: no-such-codec\ndef run(cur, x):\n{CALL}\n".encode())
    result = run_check(root, "postgres")
    assert [(f.path, f.line, f.subject) for f in result.findings] == [
        ("app/bom.py", 2, "customers.nam"),
        ("app/crlf_bom.py", 2, "customers.nam"),
        ("app/latin.py", 4, "customers.nam"),
    ]
    assert [u.split(":")[0] for u in result.unreadable] == ["app/odd.py"]
