"""``guardian report --html``: one self-contained HTML page (no network: every script and style inline).

The page holds the import graph laid out by workflow (horizontal bands) and layer (columns), drawn
as SVG by a small inline script: batches are fill colours, non-compliant modules have a red
border, layer violations are red edges and cycle edges dashed orange; a click on a module shows
its rename, importers, imports and risks. Below it: the batch table, the ENUM consolidation plan
and the phase table, rendered here (escaped) so they read without the script.

The data reaches the script as JSON inside ``<script type="application/json">`` with ``<``, ``>``
and ``&`` escaped, and the script only ever sets ``textContent``: a hostile module path or
reason cannot inject markup.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

from planner.graph_export import BATCH_COLOURS, CYCLE_COLOUR, NO_BATCH_COLOUR, VIOLATION_COLOUR, GraphData
from planner.plan import Plan


def _json_for_script(data: Any) -> str:
    return json.dumps(data, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, row_ids: Sequence[str] | None = None, raw: bool = False
) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        rid = f' id="{_e(row_ids[i])}"' if row_ids else ""
        cells = "".join(f"<td>{cell if raw else _e(cell)}</td>" for cell in row)
        body.append(f"<tr{rid}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _batch_section(plan: Plan | None, colours: Mapping[int, str], applied: Mapping[str, str]) -> str:
    if plan is None or not plan.batches:
        return "<p>No plan with renames (run <code>guardian plan</code>).</p>"
    rows, ids = [], []
    for batch in plan.batches:
        swatch = f'<span class="swatch" style="background:{_e(colours.get(batch.id, NO_BATCH_COLOUR))}"></span>'
        for rename in batch.renames:
            rows.append(
                [
                    f"{swatch}{batch.id}",
                    _e(applied.get(str(batch.id), "planned")),
                    f"<code>{_e(rename.old)}</code>",
                    f"<code>{_e(rename.new.rpartition('/')[2])}</code>",
                    _e(len(rename.importers)),
                    _e(", ".join(rename.risks) or "-"),
                ]
            )
            ids.append(f"rename-{rename.old_module}")
    return _table(("batch", "status", "old path", "new name", "importers", "risks"), rows, row_ids=ids, raw=True)


def _enum_section(enums: Sequence[Mapping[str, Any]]) -> str:
    if not enums:
        return "<p>No ENUM consolidation planned (no duplicate ENUM types, or no database configured).</p>"
    rows = []
    for group in enums:
        mapping = group.get("map") or {}
        shown = ", ".join(f"{k} → {v}" for k, v in mapping.items()) if isinstance(mapping, dict) else str(mapping)
        rows.append([str(group.get("canonical", "")), ", ".join(map(str, group.get("merge", []) or [])), shown or "-"])
    return _table(("canonical type", "merges", "value mapping"), rows)


def _phase_section(status: Mapping[str, Any] | None) -> str:
    if not status:
        return "<p>No tracking database.</p>"
    rows = [
        [
            str(p.get("number")),
            str(p.get("name")),
            str(p.get("lead")),
            str(p.get("status")),
            str(p.get("start") or "-"),
            str(p.get("complete") or "-"),
        ]
        for p in status.get("phases", [])
    ]
    gates = [
        [
            f"{g.get('from')} → {g.get('to')}",
            "open" if g.get("open") else "closed",
            "; ".join(map(str, g.get("reasons", []))) or "-",
        ]
        for g in status.get("gates", [])
    ]
    return (
        _table(("phase", "name", "lead", "status", "start", "complete"), rows)
        + "<h3>Gates</h3>"
        + _table(("gate", "state", "reasons"), gates)
    )


def render(
    title: str,
    graph: GraphData,
    plan: Plan | None,
    status: Mapping[str, Any] | None,
    compliance: Mapping[str, Any],
    applied: Mapping[str, str],
) -> str:
    """The whole page as text."""
    colours = {b: BATCH_COLOURS[i % len(BATCH_COLOURS)] for i, b in enumerate(graph.batches)}
    data = {
        "graph": graph.to_json(),
        "colours": {str(k): v for k, v in colours.items()},
        "none": NO_BATCH_COLOUR,
        "violation": VIOLATION_COLOUR,
        "cycle": CYCLE_COLOUR,
    }
    legend = "".join(f'<span class="swatch" style="background:{_e(c)}"></span>batch {b} ' for b, c in colours.items())
    violations = sum(1 for e in graph.edges if e.violation)
    return _PAGE.format(
        title=_e(title),
        data=_json_for_script(data),
        legend=legend,
        css=_CSS,
        script=_SCRIPT,
        modules=len(graph.nodes),
        edges=len(graph.edges),
        cycles=len(graph.cycles),
        violations=violations,
        percent=_e(compliance.get("percent")),
        compliant=_e(compliance.get("compliant")),
        judged=_e(compliance.get("modules")),
        violation=VIOLATION_COLOUR,
        cycle=CYCLE_COLOUR,
        batches=_batch_section(plan, colours, applied),
        enums=_enum_section(plan.enums if plan else ()),
        phases=_phase_section(status),
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1>
<p>{modules} modules, {edges} run-time imports, {cycles} import cycle(s), {violations} layer violation(s);
naming compliance {percent}% ({compliant}/{judged}).</p></header>
<section id="graph-section"><h2>Import graph</h2>
<p class="legend">{legend}<span class="swatch" style="border:2px solid {violation}"></span>non-compliant
<span class="line" style="border-color:{violation}"></span>layer violation
<span class="line dashed" style="border-color:{cycle}"></span>cycle edge — columns are layers, bands are workflows;
click a module for its details.</p>
<div id="graph-wrap"><div id="graph"></div><aside id="details"><p>Click a module.</p></aside></div>
</section>
<section id="batches"><h2>Batches</h2>{batches}</section>
<section id="enums"><h2>ENUM consolidation plan</h2>{enums}</section>
<section id="phases"><h2>Phases</h2>{phases}</section>
<script type="application/json" id="guardian-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5em 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
table { border-collapse: collapse; margin: .5em 0; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
tr:target { background: #fff3b0; }
code { font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #555; margin: 0 4px 0 8px; vertical-align: middle; }
.line { display: inline-block; width: 24px; border-top: 2px solid; margin: 0 4px 0 10px; vertical-align: middle; }
.line.dashed { border-top-style: dashed; }
#graph-wrap { display: flex; gap: 1em; align-items: flex-start; }
#graph { flex: 1; overflow: auto; max-height: 80vh; border: 1px solid #ddd; }
#details { overflow-wrap: anywhere; width: 24em; min-height: 6em; border: 1px solid #ddd; padding: .5em 1em; position: sticky; top: 0; }
#details ul { padding-left: 1.2em; margin: .2em 0; } #details a { cursor: pointer; }
svg text { font: 11px system-ui, sans-serif; pointer-events: none; }
svg .band { fill: #f6f6f6; } svg .band-label { font-weight: bold; fill: #555; }
svg .node rect { stroke: #555; stroke-width: 1; cursor: pointer; }
svg .node.noncompliant rect { stroke: #d62728; stroke-width: 2; }
svg .node.selected rect { stroke: #000; stroke-width: 3; }
svg .edge { fill: none; stroke: #999; stroke-opacity: .45; }
svg .edge.violation { stroke-opacity: 1; stroke-width: 2; }
svg .edge.cycle { stroke-dasharray: 5 3; stroke-opacity: .9; }
svg .edge.hl { stroke: #000; stroke-opacity: 1; stroke-width: 1.5; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("guardian-data").textContent);
  var G = DATA.graph, NS = "http://www.w3.org/2000/svg";
  var W = 180, H = 24, COL = 230, ROW = 32, PAD = 20, BAND_GAP = 26, LABEL = 110;
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) { node.setAttribute(key, attrs[key]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function groupOf(n) { return n.exempt ? "exempt" : (n.workflow === null ? "no workflow" : "workflow " + n.workflow); }
  function groupKey(g) { return g.indexOf("workflow ") === 0 ? Number(g.slice(9)) : (g === "no workflow" ? 1e6 : 1e6 + 1); }
  var groups = {}, order = [], byName = {}, maxLayer = 1;
  G.nodes.forEach(function (n) {
    byName[n.module] = n;
    var g = groupOf(n);
    if (!groups[g]) { groups[g] = []; order.push(g); }
    groups[g].push(n);
    if (n.layer !== null && n.layer > maxLayer) { maxLayer = n.layer; }
  });
  order.sort(function (a, b) { return groupKey(a) - groupKey(b); });
  // positions: columns by layer (exempt modules spread over the columns), rows within each band
  var pos = {}, y = PAD, bands = [];
  order.forEach(function (g) {
    var columns = {}, members = groups[g].slice().sort(function (a, b) {
      return (a.index - b.index) || (a.module < b.module ? -1 : 1);
    });
    members.forEach(function (n, i) {
      var c = n.layer !== null ? n.layer : (i % maxLayer) + 1;
      (columns[c] = columns[c] || []).push(n);
    });
    var rows = 1;
    for (var c in columns) { rows = Math.max(rows, columns[c].length); }
    var top = y + 18;
    for (var c2 in columns) {
      columns[c2].forEach(function (n, r) { pos[n.module] = { x: LABEL + (Number(c2) - 1) * COL, y: top + r * ROW }; });
    }
    bands.push({ name: g, y: y, h: rows * ROW + 22 });
    y += rows * ROW + 22 + BAND_GAP;
  });
  var width = LABEL + maxLayer * COL + PAD, height = y;
  var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, id: "graph-svg" },
               document.getElementById("graph"));
  bands.forEach(function (b) {
    el("rect", { "class": "band", x: 4, y: b.y, width: width - 8, height: b.h, rx: 6 }, svg);
    el("text", { "class": "band-label", x: 10, y: b.y + 14 }, svg).textContent = b.name;
  });
  for (var layer = 1; layer <= maxLayer; layer++) {
    el("text", { x: LABEL + (layer - 1) * COL, y: 12 }, svg).textContent = "layer " + layer;
  }
  var edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg), edgesOf = {};
  G.edges.forEach(function (e) {
    var a = pos[e.importer], b = pos[e.imported];
    if (!a || !b) { return; }
    var x1 = a.x, y1 = a.y + H / 2, x2 = b.x + W, y2 = b.y + H / 2;
    if (b.x > a.x) { x1 = a.x + W; x2 = b.x; }
    var mid = (x1 + x2) / 2;
    var cls = "edge" + (e.violation ? " violation" : "") + (e.cycle ? " cycle" : "");
    var path = el("path", { "class": cls, d: "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2 }, edgeLayer);
    if (e.violation) { path.style.stroke = DATA.violation; } else if (e.cycle) { path.style.stroke = DATA.cycle; }
    (edgesOf[e.importer] = edgesOf[e.importer] || []).push(path);
    (edgesOf[e.imported] = edgesOf[e.imported] || []).push(path);
  });
  var selected = null;
  G.nodes.forEach(function (n) {
    var p = pos[n.module];
    var g = el("g", { "class": "node" + (!n.compliant && !n.exempt ? " noncompliant" : ""), "data-module": n.module,
                      transform: "translate(" + p.x + "," + p.y + ")" }, nodeLayer);
    var fill = n.batch !== null && DATA.colours[String(n.batch)] ? DATA.colours[String(n.batch)] : DATA.none;
    el("rect", { width: W, height: H, rx: 4, fill: fill }, g);
    var label = n.module.split(".").pop();
    if (label.length > 26) { label = label.slice(0, 25) + "\u2026"; }
    el("text", { x: 6, y: 16 }, g).textContent = label + (n.layer !== null ? "  L" + n.layer : "") +
      (n.batch !== null ? "  B" + n.batch : "");
    el("title", {}, g).textContent = n.module;
    g.addEventListener("click", function () { select(n.module); });
  });
  function item(list, text, onclick, href) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.textContent = text;
    if (href) { a.href = href; }
    if (onclick) { a.addEventListener("click", function (ev) { ev.preventDefault(); onclick(); }); }
    li.appendChild(a);
    list.appendChild(li);
  }
  function line(box, label, text) {
    var p = document.createElement("p"), b = document.createElement("b");
    b.textContent = label + ": ";
    p.appendChild(b);
    p.appendChild(document.createTextNode(text));
    box.appendChild(p);
    return p;
  }
  function select(name) {
    var n = byName[name];
    if (!n) { return; }
    if (selected) {
      selected.classList.remove("selected");
      (edgesOf[selected.getAttribute("data-module")] || []).forEach(function (p) { p.classList.remove("hl"); });
    }
    selected = nodeLayer.querySelector('[data-module="' + CSS.escape(name) + '"]');
    selected.classList.add("selected");
    (edgesOf[name] || []).forEach(function (p) { p.classList.add("hl"); });
    var box = document.getElementById("details");
    box.textContent = "";
    var h = document.createElement("h3");
    h.textContent = n.module;
    box.appendChild(h);
    line(box, "path", n.path);
    line(box, "workflow / layer", n.exempt ? "exempt" : (n.workflow === null ? "none" : n.workflow) + " / " + n.layer +
      " (" + n.index + " of " + n.total + ")");
    line(box, "naming", n.compliant ? "compliant" : n.reason);
    var rename = line(box, "rename", n.new_module ? "batch " + n.batch + ": " : "none planned");
    if (n.new_module) {
      var a = document.createElement("a");
      a.textContent = n.new_module;
      a.href = "#rename-" + n.module;
      rename.appendChild(a);
    }
    line(box, "risks", n.risks.length ? n.risks.join(", ") : "none");
    [["importers", n.importers], ["imports", n.imports]].forEach(function (pair) {
      line(box, pair[0], String(pair[1].length));
      var list = document.createElement("ul");
      pair[1].forEach(function (m) { item(list, m, function () { select(m); }); });
      box.appendChild(list);
    });
  }
  window.guardianSelect = select;
})();
"""
