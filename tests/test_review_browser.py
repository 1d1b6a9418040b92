"""Review diff in a real browser: headless Chromium renders the HTML page and screenshots it.

Skipped only where no ``chromium`` binary is on PATH (CI installs the Debian package).
The screenshot is checked with a small PNG decoder (zlib only): each change's colour must
show both in the legend and in the article text, as separate bands of rows.
"""
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import cli, records

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH "
                                                         "(apt-get install -y chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTICLE = "区委统战部召开会议\n全区共建成102个实践基地，各地区打造了近万个实践创新基地。\n2023年，新联会吸纳会员。\n"
# The mark backgrounds in review.CSS: added, removed, changed.
COLOURS = {"added": (0x7E, 0xE2, 0xA0), "removed": (0xFF, 0x9A, 0x9A), "changed": (0xFF, 0xC9, 0x4D)}


def fact(text: str, **fields) -> dict:
    start = ARTICLE.index(text)
    return {"text": text, "start": start, "end": start + len(text), "sentence": 1, **fields}


def count(text: str, value, unit: str) -> dict:
    return fact(text, value=value, unit=unit, modifier=None, object=None, rule="counts/number-unit")


def record(path: Path, counts: list, organizations: list) -> dict:
    return {"id": "a1", "source": {"path": str(path), "sha256": "0" * 64, "encoding": "utf-8"},
            "metadata": {"title": "区委统战部召开会议"}, "counts": counts,
            "dates": [fact("2023年", value="2023", modifier=None, resolved=None, rule="dates/year")],
            "organizations": organizations, "slogans": []}


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """A diff page with a removed count (102个), a changed one (近万个) and an added organization."""
    folder = tmp_path_factory.mktemp("review")
    article = folder / "a1.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    org = fact("新联会", name="新联会", kind="association", rule="organizations/test", mentions=1)
    old = record(article, [count("102个", 102, "个"), count("近万个", 10000, "个")], [])
    new = record(article, [count("近万个", 1, "个")], [org])
    for side, item in (("old", old), ("new", new)):
        (folder / side).mkdir()
        (folder / side / "a1.json").write_text(records.dumps(item), encoding="utf-8")
    out = folder / "review.html"
    assert cli.main(["diff", str(folder / "old"), str(folder / "new"), "--format", "html", "--out", str(out)]) == 1
    return out


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *options, page.as_uri()],
                          capture_output=True, text=True, timeout=180, check=True)


class Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "mark" and attributes.get("data-change") in COLOURS:
            self.marks.append(attributes)


def test_review_browser_dom_holds_the_highlighted_facts(page, tmp_path):
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    parser = Marks()
    parser.feed(dom)
    found = {(m["data-kind"], m["data-change"], m["class"]) for m in parser.marks}
    assert found == {("counts", "removed", "fact removed counts"), ("counts", "changed", "fact changed counts"),
                     ("organizations", "added", "fact added organizations")}
    assert "value 10000 → 1" in dom and 'id="summary"' in dom


def test_review_browser_screenshot_shows_each_change_colour(page, tmp_path):
    png = tmp_path / "review.png"
    chromium(page, tmp_path / "profile", f"--screenshot={png}", "--window-size=1200,1600")
    assert png.exists() and png.stat().st_size > 10_000
    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (1200, 1600)
    for change, colour in COLOURS.items():
        bands = colour_bands(rows, colour)
        assert len(bands) >= 2, f"{change} colour {colour} in {len(bands)} band(s) of rows, not legend and text"


def colour_bands(rows: list[list[tuple]], colour: tuple, least: int = 8) -> list[tuple[int, int]]:
    """Runs of consecutive rows holding at least ``least`` pixels of ``colour`` (±6 per channel)."""
    bands = []
    for y, row in enumerate(rows):
        if sum(1 for pixel in row if all(abs(a - b) <= 6 for a, b in zip(pixel, colour))) >= least:
            if bands and bands[-1][1] == y - 1:
                bands[-1] = (bands[-1][0], y)
            else:
                bands.append((y, y))
    return bands


def decode_png(data: bytes) -> tuple[int, int, list[list[tuple]]]:
    """Width, height and RGB rows of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunks.setdefault(kind, []).append(data[position + 8:position + 8 + length])
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, "an unusual PNG from chromium"
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        previous = unfilter(line[0], bytearray(line[1:]), previous, channels)
        rows.append([tuple(previous[x:x + 3]) for x in range(0, stride, channels)])
    return width, height, rows


def unfilter(kind: int, line: bytearray, above: bytearray, bpp: int) -> bytearray:
    """PNG filter types 0-4 undone in place (the spec's section 9)."""
    if kind == 2:
        return bytearray((a + b) & 0xFF for a, b in zip(line, above))
    for i in range(len(line)) if kind else ():
        left = line[i - bpp] if i >= bpp else 0
        upper_left = above[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + above[i]) // 2) & 0xFF
        else:
            line[i] = (line[i] + paeth(left, above[i], upper_left)) & 0xFF
    return line


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c
