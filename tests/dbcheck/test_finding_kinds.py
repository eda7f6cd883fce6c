"""One before/after fixture per finding kind, in PostgreSQL and MariaDB: the code before has exactly
the finding (kind and line), the fixed code after has none."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from dbcheck_cases import DIALECTS, MODEL, run_check, switched_for


@dataclass(frozen=True)
class Case:
    kind: str
    before: str
    after: str
    line: int  #: of the finding in ``before``
    file: str = "app/db.py"
    switched: bool = False


def _query(body: str) -> str:
    return f"def run(cur, x):\n{body}\n"


def _model(old: str, new: str) -> str:
    assert old in MODEL
    return MODEL.replace(old, new)


#: Line numbers as written to disk (``write_tree`` drops the leading newline).
MODEL_LINES = MODEL.lstrip("\n").splitlines()
MODEL_LINE = {line.strip().split(" ")[0]: n for n, line in enumerate(MODEL_LINES, start=1) if " = Column(" in line}

CASES = [
    Case(
        "unknown-table",
        _query('    cur.execute("SELECT id, total FROM order_items WHERE id = %s", (x,))'),
        _query('    cur.execute("SELECT id, total FROM orders WHERE id = %s", (x,))'),
        2,
    ),
    Case(
        "unknown-column",
        _query(
            '    cur.execute(\n        "SELECT o.id, c.nam FROM orders o JOIN customers c "\n'
            '        "ON c.id = o.customer_id WHERE o.id = %(id)s", {"id": x})'
        ),
        _query(
            '    cur.execute(\n        "SELECT o.id, c.name FROM orders o JOIN customers c "\n'
            '        "ON c.id = o.customer_id WHERE o.id = %(id)s", {"id": x})'
        ),
        3,
    ),
    Case(  # unqualified, in a join: neither table has it
        "unknown-column",
        _query('    cur.execute("SELECT o.id, nam FROM orders o JOIN customers c ON c.id = o.customer_id")'),
        _query('    cur.execute("SELECT o.id, name FROM orders o JOIN customers c ON c.id = o.customer_id")'),
        2,
    ),
    Case(  # unqualified, in a join: the label of the table that has the column
        "unknown-label",
        _query(
            "    cur.execute(\"SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE status = 'shipped'\")"
        ),
        _query(
            "    cur.execute(\"SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE status = 'paid'\")"
        ),
        2,
    ),
    Case(
        "unknown-column",
        _query('    cur.execute("UPDATE orders SET notes = %s WHERE id = %s", ("n", x))'),
        _query('    cur.execute("UPDATE orders SET note = %s WHERE id = %s", ("n", x))'),
        2,
    ),
    Case(
        "unknown-column",
        _query('    sql = f"SELECT id FROM customers WHERE mail IN ({x})"\n    cur.execute(sql)'),
        _query('    sql = f"SELECT id FROM customers WHERE email IN ({x})"\n    cur.execute(sql)'),
        3,
    ),
    Case(
        "unknown-label",
        _query("    cur.execute(\"UPDATE orders SET status = 'shipped' WHERE id = %s\", (x,))"),
        _query("    cur.execute(\"UPDATE orders SET status = 'paid' WHERE id = %s\", (x,))"),
        2,
    ),
    Case(
        "unknown-label",
        _query("    cur.execute(\"SELECT id FROM legacy WHERE state IN ('new', 'cancelled')\")"),
        _query("    cur.execute(\"SELECT id FROM legacy WHERE state IN ('new', 'canceled')\")"),
        2,
    ),
    Case(
        "unknown-label",
        _query(
            '    cur.execute("INSERT INTO orders (id, customer_id, status, total) '
            "VALUES (%s, %s, 'open', 0)\", (x, 1))"
        ),
        _query(
            "    cur.execute(\"INSERT INTO orders (id, customer_id, status, total) VALUES (%s, %s, 'new', 0)\", (x, 1))"
        ),
        2,
    ),
    Case(
        "unknown-label",
        _model(
            'Enum(Status, name="order_status", values_callable=lambda e: [m.value for m in e])',
            'Enum("new", "paid", "refunded", name="order_status")',
        ),
        MODEL,
        MODEL_LINE["status"],
        "app/models.py",
    ),
    Case(
        "model-column-missing",
        _model("    note = Column(Text)\n", "    note = Column(Text)\n    discount = Column(Numeric(10, 2))\n"),
        MODEL,
        MODEL_LINE["note"] + 1,
        "app/models.py",
    ),
    Case(
        "db-column-unmapped",
        _model("    note = Column(Text)\n", ""),
        MODEL,
        MODEL_LINES.index("class Order(Base):") + 1,
        "app/models.py",
    ),
    Case(
        "nullability-mismatch",
        _model("    note = Column(Text)", "    note = Column(Text, nullable=False)"),
        MODEL,
        MODEL_LINE["note"],
        "app/models.py",
    ),
    Case(
        "type-mismatch",
        _model("total = Column(Numeric(10, 2)", "total = Column(Integer"),
        MODEL,
        MODEL_LINE["total"],
        "app/models.py",
    ),
    Case(
        "unknown-column",
        _model('ForeignKey("customers.id")', 'ForeignKey("customers.uid")'),
        MODEL,
        MODEL_LINE["customer_id"],
        "app/models.py",
    ),
    Case(
        "positional-insert",
        _query('    cur.executemany("INSERT INTO customers VALUES (%s, %s, %s)", x)'),
        _query('    cur.executemany("INSERT INTO customers (id, name, email) VALUES (%s, %s, %s)", x)'),
        2,
    ),
    Case(
        "positional-select",
        _query(
            '    cur.execute("SELECT * FROM customers WHERE id = %s", (x,))\n'
            "    ident, name, email = cur.fetchone()\n    return name"
        ),
        _query(
            '    cur.execute("SELECT id, name, email FROM customers WHERE id = %s", (x,))\n'
            "    ident, name, email = cur.fetchone()\n    return name"
        ),
        2,
    ),
    Case(
        "positional-select",
        _query('    cur.execute("SELECT * FROM customers")\n    return [row[1] for row in cur]'),
        _query('    cur.execute("SELECT * FROM customers")\n    return [row["name"] for row in cur]'),
        2,
    ),
    Case(
        "stale-after-switch",
        _query("    cur.execute(\"UPDATE legacy SET state = 'paid' WHERE id = %s\", (x,))"),
        _query("    cur.execute(\"UPDATE legacy SET state_new = 'paid' WHERE id = %s\", (x,))"),
        2,
        switched=True,
    ),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}-{i}" for i, c in enumerate(CASES)])
def test_before_has_the_finding_and_after_has_none(write_tree, dialect: str, case: Case) -> None:
    switched = switched_for(dialect) if case.switched else ()
    before = run_check(write_tree({case.file: case.before}), dialect, switched=switched)
    assert [(f.kind, f.path, f.line) for f in before.findings] == [(case.kind, case.file, case.line)], [
        f.to_json() for f in before.findings
    ]
    finding = before.findings[0]
    assert finding.excerpt and finding.database and finding.hint and before.opaque == ()
    root = write_tree({case.file: case.after})
    assert run_check(root, dialect, switched=switched).findings == ()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_switch_makes_the_old_column_stale_and_only_while_switched(write_tree, dialect: str) -> None:
    root = write_tree({"app/db.py": _query('    cur.execute("SELECT id, state FROM legacy WHERE id = %s", (x,))')})
    assert run_check(root, dialect).findings == ()
    stale = run_check(root, dialect, switched=switched_for(dialect)).findings
    assert [(f.kind, f.subject) for f in stale] == [("stale-after-switch", "legacy.state")]
    assert "state_new" in stale[0].hint


def test_an_old_type_name_in_a_model_or_a_cast_is_stale_after_the_switch(write_tree) -> None:
    root = write_tree(
        {
            "app/models.py": MODEL.replace(
                "    note = Column(Text)\n",
                "    note = Column(Text)\n\n\n"
                'class Legacy(Base):\n    __tablename__ = "legacy"\n\n'
                "    id = Column(Integer, primary_key=True)\n"
                '    state = Column(Enum("new", "paid", "canceled", name="orderstatus"))\n'
                '    state_new = Column(Enum("new", "paid", "cancelled", name="order_status"))\n',
            ),
            "app/db.py": _query("    cur.execute(\"SELECT id FROM legacy WHERE state_new = 'paid'::orderstatus\")"),
        }
    )
    assert run_check(root, "postgres").findings == ()
    found = run_check(root, "postgres", switched=switched_for("postgres")).findings
    assert sorted((f.kind, f.path, f.subject) for f in found) == [
        ("stale-after-switch", "app/db.py", "orderstatus"),
        ("stale-after-switch", "app/models.py", "legacy.state"),
        ("stale-after-switch", "app/models.py", "orderstatus"),
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_django_models_fields_choices_and_implicit_id(write_tree, dialect: str) -> None:
    models = """
        from django.db import models

        class Customer(models.Model):
            name = models.CharField(max_length=40)
            email = models.EmailField(null=True)

            class Meta:
                db_table = "customers"

        class Order(models.Model):
            STATES = ("new", "paid", "void")
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            status = models.CharField(max_length=10, choices=[(s, s) for s in STATES])
            total = models.DecimalField(max_digits=10, decimal_places=2)
            note = models.TextField(null=True)

            class Meta:
                db_table = "orders"

        class LegacyRow(models.Model):
            state = models.CharField(max_length=10, null=True, choices=[("new", "New"), ("cancelled", "Cancelled")])
            state_new = models.CharField(max_length=10, null=True)

            class Meta:
                db_table = "legacy"

        class Order2(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            status = models.CharField(max_length=10)
            total = models.DecimalField(max_digits=10, decimal_places=2)
            note = models.TextField(null=True)
            tag = models.CharField(max_length=10, null=True)

            class Meta:
                db_table = "orders"
        """
    found = run_check(write_tree({"shop/models.py": models}), dialect).findings
    assert sorted((f.kind, f.subject, f.line) for f in found) == [
        ("model-column-missing", "orders.tag", 32),
        ("unknown-label", "legacy.state=cancelled", 21),
        ("unknown-label", "orders.status=void", 13),
    ]


def test_sqlalchemy_writes_member_names_without_values_callable(write_tree) -> None:
    root = write_tree(
        {
            "app/models.py": _model(
                'name="order_status", values_callable=lambda e: [m.value for m in e])', 'name="order_status")'
            )
        }
    )
    labels = sorted(f.subject for f in run_check(root, "postgres").findings)
    assert labels == ["orders.status=CANCELLED", "orders.status=NEW", "orders.status=PAID"]
    assert "values_callable" in run_check(root, "postgres").findings[0].hint


CLEAN = [
    "SELECT o.id, c.name AS who FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY who",
    "SELECT status, count(*) AS n FROM orders GROUP BY status HAVING count(*) > 1 ORDER BY n",
    "SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'paid')",
    "WITH paid AS (SELECT id, total FROM orders WHERE status = 'paid') SELECT p.id, p.total FROM paid p",
    "SELECT id FROM customers UNION SELECT id FROM orders WHERE status IN ('new', 'cancelled')",
    "INSERT INTO legacy (id, state) SELECT id, 'canceled' FROM orders WHERE status = 'cancelled'",
    "DELETE FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE email IS NULL)",
    "SELECT * FROM customers WHERE id = %s",
]
PG_CLEAN = [
    "UPDATE orders SET note = c.name FROM customers c WHERE c.id = orders.customer_id AND orders.status <> 'new'",
    "INSERT INTO customers (id, name) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id",
    "SELECT id FROM orders WHERE status = 'paid'::order_status",
]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_valid_sql_of_every_shape_gives_no_finding(write_tree, dialect: str) -> None:
    statements = CLEAN + (PG_CLEAN if dialect == "postgres" else [])
    body = "\n".join(f"    cur.execute({sql!r})" for sql in statements)
    result = run_check(write_tree({"app/db.py": _query(body)}), dialect)
    assert result.findings == () and result.opaque == (), [f.to_json() for f in result.findings] + list(result.opaque)
    assert result.sql_sites == len(statements)


MTI_DDL = """
CREATE TABLE shop_place (id integer PRIMARY KEY, name varchar(40) NOT NULL);
CREATE TABLE shop_restaurant (place_ptr_id integer PRIMARY KEY REFERENCES shop_place (id), seats integer NOT NULL);
CREATE TABLE shop_bar (site_id integer PRIMARY KEY REFERENCES shop_place (id), taps integer NOT NULL);
"""


@pytest.mark.parametrize("dialect", DIALECTS)
def test_django_multi_table_inheritance_maps_the_child_table_by_its_parent_key(write_tree, dialect: str) -> None:
    models = """
        from django.db import models

        class Place(models.Model):
            name = models.CharField(max_length=40)

        class Restaurant(Place):
            seats = models.IntegerField()

        class Bar(Place):
            site = models.OneToOneField(Place, on_delete=models.CASCADE, parent_link=True, primary_key=True)
            taps = models.IntegerField()

        class Cafe(Place):
            tables = models.IntegerField()
        """
    found = run_check(write_tree({"shop/models.py": models}), dialect, schema_text=MTI_DDL).findings
    # the child tables hold the parent key and their own fields, never the parent's: only Cafe, whose
    # table does not exist, is reported
    assert [(f.kind, f.subject) for f in found] == [("unknown-table", "shop_cafe")]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_bare_model_base_with_sqlalchemy_columns_is_not_a_django_model(write_tree, dialect: str) -> None:
    # Flask-AppBuilder 5.3.0's shape: `from flask_appbuilder import Model`, a declarative base named Model.
    # Read as Django, each class became table app_<class> (app_contactgroup) and was reported unknown.
    root = write_tree(
        {
            "app/models.py": """
        from flask_appbuilder import Model
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import Mapped, mapped_column

        class Customer(Model):
            __tablename__ = "customers"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            name: Mapped[str] = mapped_column(String(40))
            email: Mapped[str | None] = mapped_column(String(80))

        class ContactGroup(Model):  # Flask-SQLAlchemy names its table itself: not guessed
            id = Column(Integer, primary_key=True)
            name = Column(String(50), unique=True, nullable=False)

        class Misspelt(Model):
            __tablename__ = "customer"
            id = Column(Integer, primary_key=True)
        """
        }
    )
    result = run_check(root, dialect)
    assert [(f.kind, f.line, f.subject) for f in result.findings] == [("unknown-table", 15, "customer")]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_django_model_whose_meta_computes_its_table_is_not_guessed_at(write_tree, dialect: str) -> None:
    # Django REST framework 3.18.3's TokenProxy: proxy or abstract by the settings, decided at run time;
    # read as a concrete child it was reported as an unknown table authtoken_tokenproxy.
    root = write_tree(
        {
            "authtoken/models.py": """
        from django.conf import settings
        from django.db import models

        class Customer(models.Model):
            name = models.CharField(max_length=40)
            email = models.EmailField(null=True)

            class Meta:
                db_table = "customers"

        class CustomerProxy(Customer):
            class Meta:
                proxy = "authtoken" in settings.INSTALLED_APPS
                abstract = "authtoken" not in settings.INSTALLED_APPS

        class Elsewhere(models.Model):
            class Meta:
                db_table = settings.TABLE_PREFIX + "x"

        class Missing(models.Model):
            pass
        """
        }
    )
    result = run_check(root, dialect)
    assert [(f.kind, f.line, f.subject) for f in result.findings] == [("unknown-table", 20, "authtoken_missing")]
