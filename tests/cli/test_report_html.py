"""``guardian report --html``: one self-contained page, checked in a real headless Chromium
(issue 14, finding 10). The browser test loads the sample's report, expects no console error and
no request but the page itself, counts the drawn modules, clicks one and reads its details."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from cdp_pipe import Browser, chromium_binary

from guardian.report_html import render
from planner.graph_export import GraphData, Node

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "sample_repo"


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory, guardian):
    import shutil

    repo = tmp_path_factory.mktemp("report") / "sample_repo"
    shutil.copytree(SAMPLE_REPO, repo, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".guardian"))
    assert guardian(repo, "-q", "plan").returncode == 0
    run = guardian(repo, "report", "--html", "report.html")
    assert run.returncode == 0, run.stderr
    return repo, repo / "report.html"


def test_report_is_one_self_contained_file_with_every_section(sample_report):
    repo, page = sample_report
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=""", text)  # nothing loaded from elsewhere
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    assert text.count("<script") == 2 and "default-src 'none'" in text
    data = json.loads(re.search(r'<script type="application/json" id="guardian-data">(.*?)</script>', text, re.S)[1])
    plan = json.loads((repo / ".guardian/plan.json").read_text())
    for section in ("Import graph", "Batches", "ENUM consolidation plan", "Phases"):
        assert f"<h2>{section}</h2>" in text
    for batch in plan["batches"]:
        for rename in batch["renames"]:
            assert f'id="rename-{rename["old_module"]}"' in text
    assert "order_status" in text and "orderstatus, status_enum" in text  # the ENUM plan
    assert "Assessment" in text and "Retirement" in text  # the phase table
    assert len(data["graph"]["nodes"]) == len({n["module"] for n in data["graph"]["nodes"]}) > 30


def test_markup_in_the_data_stays_text():
    hostile = "</script><script>alert(1)</script><!--"
    node = Node("pkg.mod", "src/pkg/mod.py", 1, 1, 1, 1, False, False, hostile, risks=(hostile,))
    text = render(
        "<b>t</b>", GraphData((node,), ()), None, {"phases": [{"number": 1, "name": hostile}]}, {"percent": 0.0}, {}
    )
    assert hostile not in text and text.count("<script") == 2
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in text  # the phase table, escaped
    assert "\\u003c/script\\u003e" in text and "<title>&lt;b&gt;t&lt;/b&gt;</title>" in text


@pytest.mark.slow
def test_report_in_headless_chromium(sample_report, tmp_path, guardian):
    binary = chromium_binary()
    if binary is None:
        reason = "chromium is not installed (`apt-get install chromium`; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    repo, page_file = sample_report
    data = json.loads(guardian(repo, "graph", "--format", "json").stdout)
    modules = sorted(n["module"] for n in data["nodes"])
    browser = Browser(binary, tmp_path / "profile")
    try:
        page = browser.page()
        url = page_file.as_uri()
        page.goto(url)
        drawn = page.evaluate(
            "Array.from(document.querySelectorAll('#graph-svg .node'))"
            ".map(function (g) { return g.getAttribute('data-module'); }).sort()"
        )
        assert drawn == modules
        assert page.evaluate("document.querySelectorAll('#graph-svg path.edge').length") == len(data["edges"])
        assert page.evaluate("document.querySelectorAll('#graph-svg path.edge.violation').length") == 1
        box = page.evaluate("""(function () {
            var node = document.querySelector('[data-module="shop.orders.service"] rect');
            node.scrollIntoView({block: 'center', inline: 'center'});
            var r = node.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        })()""")
        page.click(*box)
        details = page.evaluate("document.getElementById('details').textContent")
        assert "shop.orders.service" in details and "src/shop/orders/service.py" in details
        assert "importers" in details and "shop.orders.api" in details  # one of its importers
        assert (
            page.evaluate("document.querySelector('.node.selected').getAttribute('data-module')")
            == "shop.orders.service"
        )
        assert (
            page.evaluate("document.querySelector('#details a[href^=\"#rename-\"]').getAttribute('href')")
            == "#rename-shop.orders.service"
        )
        shot = tmp_path / "report.png"
        page.screenshot(shot)
        print(f"screenshot: {shot}")
        assert shot.stat().st_size > 10_000
        assert page.errors() == []
        assert [u for u in page.requests() if u != url] == []  # no network: nothing but the file itself
    finally:
        browser.close()
