import json

import pytest

from shop.core.money import Money
from shop.reporting import cli
from shop.reporting.summary import render, sales_summary


def test_summary_counts_only_earning_orders() -> None:
    summary = sales_summary(cli.demo_orders(), top=1)
    assert summary.orders == 3
    assert summary.by_status == {"cancelled": 1, "delivered": 1, "paid": 1}
    assert summary.revenue == Money(5750)
    assert summary.average_order == Money(2875)
    assert summary.top_skus == [("MUG", 3)]
    assert "revenue        57.50 EUR" in render(summary)


def test_summary_of_nothing() -> None:
    summary = sales_summary([])
    assert (summary.orders, summary.revenue, summary.top_skus) == (0, Money(0), [])


def test_cli_prints_the_demo_report(capsys) -> None:
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert "orders         3" in out
    assert "top sku        TEE x 1" in out


def test_cli_reads_a_json_file(tmp_path, capsys) -> None:
    data = [{"id": 1, "customer_id": "c-1", "status": "shipped",
             "lines": [{"sku": "CAP", "quantity": 4, "unit_price_cents": 900}]}]
    source = tmp_path / "orders.json"
    source.write_text(json.dumps(data))
    assert cli.main([str(source), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"orders": 1, "revenue_cents": 3600, "by_status": {"shipped": 1},
                      "top_skus": [["CAP", 4]]}


def test_cli_help(capsys) -> None:
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["--help"])
    assert excinfo.value.code == 0
    assert "shop-report" in capsys.readouterr().out
