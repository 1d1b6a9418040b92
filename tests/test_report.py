"""Report: a self-contained overview page; its charts rendered by a real headless Chromium.

The browser tests skip only where no ``chromium`` binary is on PATH (CI installs the Debian
package). Chromium runs behind a proxy that answers nothing, so a chart that needed the
network would not render.
"""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_review_browser import colour_bands, decode_png

from pipeline import cli, report

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (apt-get install -y chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--proxy-server=http://127.0.0.1:9",
         "--virtual-time-budget=15000"]
BAR_COLOURS = {"months": (0x4C, 0x78, 0xA8), "units": (0xF5, 0x85, 0x18)}


def item(text: str, start: int, **fields) -> dict:
    return {"text": text, "start": start, "end": start + len(text), "sentence": 0, "rule": "test/x", **fields}


def record(article_id: str, published: str | None, unit: str) -> dict:
    return {"id": article_id, "source": {"path": f"{article_id}.txt", "sha256": "0" * 64, "encoding": "utf-8"},
            "metadata": {"title": f"标题{article_id}", **({"published": published} if published else {})},
            "counts": [item(f"3{unit}", 0, value=3, unit=unit, modifier=None, object=None)],
            "dates": [],
            "organizations": [item("区委统战部", 5, name="嘉定区委统战部", kind="united-front department", mentions=2),
                              item("新民晚报", 12, name="新民晚报", kind="media", mentions=1)],
            "slogans": [item("三师", 20, components=[{"text": t, "start": 0, "end": 1} for t in ("律师", "注册会计师", "税务师")],
                             declared=[3], consistent=True, parts=None, flags=[], mentions=1)]}


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    outputs = folder / "outputs"
    outputs.mkdir()
    for article_id, published, unit in (("a1", "2024-05-06", "个"), ("a2", "2024-05-20 08:00:00", "家"),
                                        ("a3", "2024-07-01", "个"), ("a4", None, "人")):
        (outputs / f"{article_id}.json").write_text(json.dumps(record(article_id, published, unit), ensure_ascii=False),
                                                   encoding="utf-8")
    (outputs / "manifest.json").write_text("{}", encoding="utf-8")
    out = folder / "report.html"
    assert cli.main(["report", "--out", str(out), "--outputs", str(outputs)]) == 0
    return out


def test_report_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", text) and "<link" not in text and "@import" not in text
    assert "window.vegaEmbed=" in text   # the bundle, inline
    assert '{"articles": 2, "month": "2024-05"}' in text   # the data, inline
    assert "1 of 4 articles have no publication date." in text
    assert "<td>律师、注册会计师、税务师</td><td class=\"yes\">yes</td>" in text


def test_report_rows():
    records = [record("a1", "2024-05-06", "个"), record("a2", None, "个")]
    assert report.month_rows(records) == ([{"month": "2024-05", "articles": 1}], 1)
    assert report.unit_rows(records) == [{"unit": "个", "mentions": 2, "articles": 2}]
    assert report.organization_rows(records)[0] == {"kind": "media", "name": "新民晚报", "articles": 2, "mentions": 2}


def test_report_without_records_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["report", "--out", str(tmp_path / "r.html"), "--outputs", str(tmp_path)]) == 2
    assert "no record files" in capsys.readouterr().err


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *options, page.as_uri()],
                          capture_output=True, text=True, timeout=180, check=True)


@needs_chromium
def test_report_browser_dom_holds_the_chart_marks(page, tmp_path):
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    for key in ("months", "organizations", "units"):
        start = dom.index(f'id="chart-{key}"')
        chart = dom[start:dom.find('id="chart-', start + 1)]
        assert "<svg" in chart and "mark-rect role-mark" in chart, f"chart {key} has no SVG bars"
        assert len(re.findall(r"<path[^>]*\bd=\"M", chart)) >= 2, f"chart {key} has no drawn marks"
    assert "嘉定区委统战部" in dom and "2024-07" in dom


@needs_chromium
def test_report_browser_screenshot_shows_the_bars(page, tmp_path):
    png = tmp_path / "report.png"
    chromium(page, tmp_path / "profile", f"--screenshot={png}", "--window-size=1000,1400")
    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (1000, 1400)
    assert len({pixel for row in rows[::10] for pixel in row[::10]}) > 10, "a blank screenshot"
    for chart, colour in BAR_COLOURS.items():
        assert colour_bands(rows, colour), f"no {chart} bars ({colour}) in the screenshot"
