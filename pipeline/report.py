"""Report stage: an overview of ``outputs/`` as one self-contained HTML page.

Reads the record files of ``outputs/`` (as ``export`` does). Writes one HTML page with four
sections: articles per month, the most frequent organizations of each kind, counts per unit
(altair charts, Vega-Lite specs with their data inline) and the slogans with their parts and
consistency (a table). The Vega, Vega-Lite and vega-embed JavaScript is embedded once, from
vl-convert-python's bundle, so the page loads no script from anywhere: it works offline and
keeps working after the CDN moves on. Charts render as SVG.
"""
from __future__ import annotations

import html
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from .build import write_atomic
from .export import ExportError, load_records

TOP_ORGANIZATIONS = 8   # per kind
TOP_UNITS = 25
EMBED_OPTIONS = {"renderer": "svg", "actions": False}
CSS = """
body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.chart { margin: 1em 0; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.yes { background: #d9f2dd; } td.no { background: #ffd6d6; }
.note { color: #666; font-size: 0.9em; }
"""


class ReportError(ExportError):
    """No records to report on."""


def month_rows(records: list[dict]) -> tuple[list[dict], int]:
    """Articles per publication month; and how many have no publication date."""
    months = Counter()
    undated = 0
    for record in records:
        published = (record.get("metadata") or {}).get("published") or ""
        if published[4:5] == "-" and published[:4].isdigit():
            months[published[:7]] += 1
        else:
            undated += 1
    return [{"month": month, "articles": n} for month, n in sorted(months.items())], undated


def organization_rows(records: list[dict]) -> list[dict]:
    """The organizations named in the most articles, the first TOP_ORGANIZATIONS of each kind."""
    articles: dict[tuple[str, str], int] = Counter()
    mentions: dict[tuple[str, str], int] = Counter()
    for record in records:
        for item in record.get("organizations") or []:
            key = (item.get("kind") or "other", item.get("name") or item["text"])
            articles[key] += 1
            mentions[key] += item.get("mentions", 1)
    by_kind: dict[str, list] = defaultdict(list)
    for (kind, name), n in sorted(articles.items(), key=lambda pair: (-pair[1], -mentions[pair[0]], pair[0])):
        if len(by_kind[kind]) < TOP_ORGANIZATIONS:
            by_kind[kind].append({"kind": kind, "name": name, "articles": n, "mentions": mentions[kind, name]})
    return [row for kind in sorted(by_kind) for row in by_kind[kind]]


def unit_rows(records: list[dict]) -> list[dict]:
    mentions, articles = Counter(), defaultdict(set)
    for record in records:
        for item in record.get("counts") or []:
            unit = item.get("unit") or "(none)"
            mentions[unit] += 1
            articles[unit].add(record["id"])
    ranked = sorted(mentions.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_UNITS]
    return [{"unit": unit, "mentions": n, "articles": len(articles[unit])} for unit, n in ranked]


def charts(records: list[dict]) -> dict[str, dict]:
    """The Vega-Lite specs by section id, data inline."""
    import altair as alt

    months, _ = month_rows(records)
    per_month = alt.Chart(alt.Data(values=months)).mark_bar(color="#4c78a8").encode(
        x=alt.X("month:O", title="month"), y=alt.Y("articles:Q", title="articles", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=["month:O", "articles:Q"]).properties(width=max(200, 40 * len(months)), height=220)
    organizations = alt.Chart(alt.Data(values=organization_rows(records))).mark_bar().encode(
        x=alt.X("articles:Q", title="articles naming it", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("name:N", sort="-x", title=None),
        color=alt.Color("kind:N", legend=None),
        tooltip=["kind:N", "name:N", "articles:Q", "mentions:Q"],
    ).properties(width=420).facet(row=alt.Row("kind:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left"))
                                  ).resolve_scale(y="independent")
    units = alt.Chart(alt.Data(values=unit_rows(records))).mark_bar(color="#f58518").encode(
        x=alt.X("unit:N", sort="-y", title="unit"), y=alt.Y("mentions:Q", title="count mentions"),
        tooltip=["unit:N", "mentions:Q", "articles:Q"]).properties(height=220)
    return {"months": per_month.to_dict(), "organizations": organizations.to_dict(), "units": units.to_dict()}


def slogan_table(records: list[dict]) -> str:
    rows = []
    for record in records:
        title = (record.get("metadata") or {}).get("title") or record["id"]
        for item in record.get("slogans") or []:
            consistent = item.get("consistent")
            mark, css = {True: ("yes", "yes"), False: ("no", "no")}.get(consistent, ("–", ""))
            parts = "、".join(part["text"] for part in item.get("components") or [])
            rows.append(f"<tr><td>{html.escape(item['text'])}</td><td>{html.escape(str(item.get('declared')))}</td>"
                        f"<td>{html.escape(parts)}</td><td class=\"{css}\">{mark}</td>"
                        f"<td>{html.escape(', '.join(item.get('flags') or []))}</td>"
                        f"<td title=\"{html.escape(record['id'])}\">{html.escape(title)}</td></tr>")
    head = ("<tr><th>slogan</th><th>declared</th><th>parts</th><th>consistent</th><th>flags</th>"
            "<th>article</th></tr>")
    return f"<table id=\"slogans-table\">{head}{''.join(rows)}</table>"


def script_json(value) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def page(records: list[dict], bundle: str) -> str:
    specs = charts(records)
    _, undated = month_rows(records)
    counted = {kind: sum(len(r.get(kind) or []) for r in records)
               for kind in ("counts", "dates", "organizations", "slogans", "persons", "places")}
    summary = ", ".join(f"{n} {kind}" for kind, n in counted.items())
    sections = [("months", "Articles per month", f"{undated} of {len(records)} articles have no publication date."),
                ("organizations", "Most frequent organizations by kind",
                 f"The {TOP_ORGANIZATIONS} organizations of each kind named in the most articles (normalized names)."),
                ("units", "Counts per unit", f"Count mentions per unit, the {TOP_UNITS} most frequent units.")]
    body = "".join(f"<h2>{title}</h2><p class=\"note\">{html.escape(note)}</p>"
                   f"<div class=\"chart\" id=\"chart-{key}\"></div>" for key, title, note in sections)
    calls = "".join(f"vegaEmbed('#chart-{key}', specs[{json.dumps(key)}], options).catch(console.error);\n"
                    for key, _, _ in sections)
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>newsfacts report</title>
<style>{CSS}</style>
<script>
{bundle}
</script>
</head>
<body>
<h1>newsfacts: {len(records)} articles</h1>
<p class="note">{html.escape(summary)}</p>
{body}
<h2>Slogans with their parts</h2>
<p class="note">Consistent: the parts found agree with the numbers the slogan declares.</p>
{slogan_table(records)}
<script>
const specs = {script_json(specs)};
const options = {script_json(EMBED_OPTIONS)};
{calls}</script>
</body>
</html>
"""


def javascript_bundle() -> str:
    """Vega, Vega-Lite (the version altair writes) and vega-embed in one script, from
    vl-convert-python: no network, at build time or view time."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert()).replace("</script", "<\\/script")


def write_report(outputs: Path, out: Path) -> str:
    started = time.perf_counter()
    try:
        records = load_records(outputs)
    except ExportError as error:
        raise ReportError(str(error)) from error
    write_atomic(out, page(records, javascript_bundle()))
    return f"report: {len(records)} articles -> {out} in {time.perf_counter() - started:.1f}s"
