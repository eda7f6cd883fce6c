"""``guardian graph --format dot|mermaid|json`` (issue 14, finding 10: nothing to look at)."""

from __future__ import annotations

import json
import re


def test_graph_formats_draw_every_module_grouped_and_marked(sample_copy, guardian):
    assert guardian(sample_copy, "-q", "plan").returncode == 0
    plan = json.loads((sample_copy / ".guardian/plan.json").read_text())
    batch_of = {r["old_module"]: b["id"] for b in plan["batches"] for r in b["renames"]}
    data = json.loads(guardian(sample_copy, "graph", "--format", "json").stdout)
    modules = {n["module"] for n in data["nodes"]}
    assert set(batch_of) < modules and "shop.orders" in modules  # packages too (exempt)
    assert {n["module"]: n["batch"] for n in data["nodes"] if n["batch"] is not None} == batch_of
    assert {n["workflow"] for n in data["nodes"] if not n["exempt"]} == {1, 2, 3, 4}
    violations = [(e["importer"], e["imported"]) for e in data["edges"] if e["violation"]]
    assert violations == [("shop.inventory.stock", "shop.inventory.service")]
    assert ["shop.orders.notifications", "shop.orders.service"] in data["cycles"]

    dot = guardian(sample_copy, "graph", "--format", "dot")
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith("digraph imports {") and dot.stdout.rstrip().endswith("}")
    assert dot.stdout.count("subgraph cluster_") == 5  # four workflows and the exempt modules
    for module in modules:
        assert re.search(rf'^    "{re.escape(module)}" \[label=', dot.stdout, re.MULTILINE), module
    assert re.search(r'"shop.inventory.stock" -> "shop.inventory.service" \[color="#d62728"', dot.stdout)
    assert re.search(
        r'"shop.orders.notifications" -> "shop.orders.service" \[color="#ff7f0e", style=dashed\]', dot.stdout
    )
    assert dot.stdout.count("{") == dot.stdout.count("}")

    mermaid = guardian(sample_copy, "graph", "--format", "mermaid", "-o", "graph.mmd")
    assert mermaid.returncode == 0 and mermaid.stdout == "wrote graph.mmd\n"
    text = (sample_copy / "graph.mmd").read_text()
    assert text.startswith("flowchart LR\n")
    assert text.count("  end\n") == text.count("  subgraph ") == 5
    for batch in {b["id"] for b in plan["batches"]}:
        assert f"classDef batch{batch} fill:" in text
    assert "m_shop_inventory_stock -. layer .-> m_shop_inventory_service" in text
    assert "class m_shop_billing_models batch1" in text or batch_of["shop.billing.models"] != 1
    assert all(f"m_{m.replace('.', '_')}[" in text for m in modules)
