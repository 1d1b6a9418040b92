"""What the organizations and the names stages both read a text with: the organizations'
lexicon (heads.yaml, the kinds of exclusions.yaml, the gazetteer of places.yaml) and
``NameGrammar``, which reads jieba's words and tags over a window and the places and stems a
name is built on (海澄 + 市, 茶香 + 社区, 苏州工业园区).

Its own module so that the names stage, which reads a text with this grammar and never runs
the organizations' rules, does not depend on patterns.yaml: an edit to the rules re-runs the
organizations stage alone, and the names stage only where that stage's writes changed
(stage_cache.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from . import lexicon, script, segment

RULE_FILES = ("organizations/heads.yaml", "organizations/exclusions.yaml", "organizations/places.yaml")

RULE_DIR = "organizations"
# Where the stage leaves the spans its exclusions held (统战部门, 区委常委会): the names stage
# adds no model name over them.
EXCLUDED_KEY = "pipeline.excluded_organizations"
PLACES_KEY = "pipeline.places_in_organizations"   # the places the rules' names are built on
WINDOW = 24                 # characters read before a head for its left edge
MAX_STEM = 4                # characters of a place name before its level character
MAX_OTHER_NAME = 12         # characters before the second head of a body's other name (厦门市 of 厦门市留学人员联谊会)
MIN_MODIFIERS = 8           # characters of common words that make a name specific without a
                            # place or a proper word
MIN_MODIFIERS_REGISTERED = 3   # before a legal form: a brand of one word (五粮液 + 集团有限公司)
OPEN_BRACKETS, CLOSE_BRACKETS = frozenset("（("), frozenset("）)")   # sets: "" is in no set, in every str
LEVEL_CHARS = "省市区县州旗盟"
LIST_MARK = "、"
DISTRIBUTIVE_OF_LEVELS = "各"   # before a list of levels written alone (各 + 区、市、县): every unit's
SELF_REFERENCES = "我本该"   # 我县, 本市, 该县: the report's own unit, its level alone naming it
OWN_UNITS = "院校所厂局馆司"   # 我院, 本校, 该所: the report's own body by a pronoun (not 本草, 本土)
AUTONOMOUS_UNITS = ("自治州", "自治县", "自治旗")   # named by their stem and level alone too
TOWN_SUFFIXES = ("街道", "镇", "乡")
PLACE_SUFFIXES = TOWN_SUFFIXES + ("社区", "村") + tuple(LEVEL_CHARS)   # after a stem: 东林 + 村
VILLAGE_SUFFIXES = ("社区", "村")   # their stems are often common words: 茶香 + 社区, 侨乡 + 村
VILLAGE_STEM_TAGS = ("n", "s", "x", "j", "g")   # jieba's tags of nouns, names, places and unknown words
# Tags of a word that is no village's stem: pronouns, prepositions, conjunctions, particles,
# adverbs, numerals, measure words, verbs, distinguishing words (所有 + 村, 下辖 + 村)
VILLAGE_STEM_BREAK_TAGS = ("r", "p", "c", "u", "d", "m", "q", "v", "b", "y", "e")
# jieba's tags of a word that is no piece of a place's or a branch's stem: pronouns, prepositions,
# conjunctions, particles, adverbs, numerals, measure words, time words (breaks_stem)
STEM_BREAK_TAGS = ("r", "p", "c", "u", "d", "m", "q", "t", "y", "e")
FUNCTION_TAGS = ("r", "p", "c", "u", "y", "e")   # pronouns, prepositions, conjunctions, particles
NAMED_WORD_TAGS = ("nt", "ns", "nr", "x")   # jieba's words that may hold a place: names, and words it made up
LEVEL_ANYWHERE = regex.compile(r"[省市区县州旗盟]")
# Written before a committee's place: 中共 + 上海市委, 政协 + 平阳县委员会, 共青团 + 上海市委 (then the league's).
ORG_PREFIXES = {"中国共产党": None, "中共": None, "政协": None, "共青团": "mass organization"}
ORDINAL_BUREAU = regex.compile(r"[一二三四五六七八九十]+[局处]$")
# Brackets and quotes that close a name's other name or its declared short form (…（简称“县民宗局”）)
NAME_CLOSERS = CLOSE_BRACKETS | frozenset("”」』")
# Two-character places that are common words too (城区, 郊区, 东区, 新县): not read as places.
COMMON_PLACE_FIRST = "城矿郊东西南北中新"
# After these a level character starts a short form (据 + 区气象台, 在 + 区委).
FUNCTION_CHARS = frozenset("在据由从向与和及对为将把被让给跟同经以至于或并")
# ... and after a verb of going jieba glues onto the level (赴市 + 科技馆, 到市 + 民政局).
LEVEL_OPENERS = FUNCTION_CHARS | frozenset("到赴往")
# ... and the particle that joins a modifier to its noun (安宁镇 + 的 + 高草村): a name's stem
# starts after one of these, never with one.
CLAUSE_JOINS = FUNCTION_CHARS | {"的"}
# First characters of words jieba does not know that make them no name (中有 + 市人大代表, 各大 + 银行).
NO_STEM_FIRST = frozenset("中有在和的了是为到等及与暨从由向对把被让也都还又就才将已并而或其该此这那各每本全所以于个名位家些几"
                          "一二三四五六七八九十百千万两第")
# Locatives of time that end a verb's clause (整理 + 后, 会 + 前), which jieba may glue onto the
# word after them.
TIME_LOCATIVES = frozenset("后前")
# The levels of provinces, every one of which the gazetteer holds (a stem before them it lacks is
# no province: 充分肯定 + 省).
PROVINCE_SUFFIXES = frozenset({"省", "自治区"})
# Every one of a kind (各 + 乡镇, which jieba's dictionary tags a place; 每个), of a number of
# places (两地 + 统战部: both places' departments; 三市) or of places elsewhere (义乌市 + 异地 +
# 商会: the chambers of other places' people): no name opens so (as organizations/model.yaml
# kind_openings: 每 alone opens 每日经济新闻).
# The word for a unit, which ends a label that a name follows (会长单位 + 上海欧伯尔实业有限公司,
# 推荐单位 + 核工业理化工程研究院): no part of the name.
UNIT_LABEL = "单位"
DISTRIBUTIVES = ("各", "每个", "异地", "外地") + tuple(number + place for number in "两三四五多各" for place in "地省市县区")
# Outside a place (省外 + 湖北商会, 驻外 + 巴州商会: the chambers of its people elsewhere): a name
# right after one is a kind's, none (not 省 + 外事办: the province's office opens with its level).
OUTSIDE = ("驻外",) + tuple(place + "外" for place in "省市县区境")
KIND_OPENERS = DISTRIBUTIVES + OUTSIDE   # what no name is read right after
# A verb's aspect particles: jieba's HMM glues them onto verbs it does not know (拉着).
ASPECT_PARTICLES = frozenset("着了过")
# Last characters of words jieba does not know that make them no name: a copula or a preposition
# glued on after the word before (图为 + 河北农业大学, 现为 + 上海音乐学院, 周由 + 区民宗委), an
# aspect particle (拉着 + 宜昌远康骨科医院), a verb's complement of direction (住进 + 医院, 说去 + 银行)
# or a verb of going (人赴 + 山东大学).
NO_STEM_LAST = frozenset("为是在于由向对把被从给据进入到与及去赴往至") | ASPECT_PARTICLES
# Last characters of a verb of two that make it govern the name after it: a complement of
# direction or a preposition (融入 + 党群服务中心, 步入 + 公司, 落到, 转至, 迁往; not 进, which
# ends verbs of names: 投资 + 促进 + 局).
DIRECTED_VERB_LAST = frozenset("入到至往赴于向给")
NUMERAL_CHARS = "一二三四五六七八九十百千万两"
NUMERALS = frozenset(NUMERAL_CHARS)
# A rating a body is given, written as a formula jieba does not know: a numeral and a quality
# (四好 + 商会, 五好 + 县级工商联, 双强 + 企业; a level's too: 市 + 四好 + 商会), no part of a name.
RATING_NUMERALS = NUMERALS | {"双"}
RATING_QUALITY_TAGS = ("a", "v")
# Tags of the character after a numeral jieba reads alone that opens a brand (七 + 彩云: n).
NUMERAL_BRAND_TAGS = frozenset({"n", "ng", "nr", "ns", "nz", "j"})
# ... and in a word jieba does not know, a verb's character too (九 + 合 + 电器集团)
NUMERAL_WORD_TAGS = NUMERAL_BRAND_TAGS | {"v"}
# Tags of one character that jieba cuts off the end of a place's stem before its level
# character (白塔 + 畈 + 镇): a measure word or a bound morpheme, no word of its own there.
STEM_END_TAGS = ("q", "ng", "zg", "x")
LIST_CLOSERS = ("等", "等等")   # a list's end: what follows names the kind of what it lists
JOINING = frozenset("与及和")   # between two fields in a part's name (材料科学与工程学院)
NAME_BREAK = regex.compile(r"[^\p{Han}]")
LAST_NAME_BREAK = regex.compile(r"[^\p{Han}]", flags=regex.REVERSE)   # searched from the end
# a dateline's end, which no name reads over though the text goes on with no space (新华社北京4月
# 7日电 | 英国业余游泳协会, 本报讯 | 德国…航空公司, 湘潭在线12月6日讯)
LAST_DATELINE_END = regex.compile(r"(?:\d日[电讯]|[报网台]讯)", flags=regex.REVERSE)
# Letters or digits opening or inside a brand, which a name's window reads across (7号仓…).
BRAND_ASCII = regex.compile(r"[A-Za-z0-9]+\+?")
LAST_BRAND = regex.compile(BRAND_ASCII.pattern, flags=regex.REVERSE)
HAN_CHAR = regex.compile(r"\p{Han}")
NUMBER_END = regex.compile(r"[0-9０-９〇零一二三四五六七八九十百千万两]$")
QUOTE_PAIRS = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"'}   # a closing quote: its opening one
MAX_QUOTED_BRAND = 10
# a brand in quotes (暖蜂, 同心·沂蒙); not a standard's slogan (四好 + 商会) nor a manner (枫桥式)
QUOTED_BRAND = regex.compile(rf"(?![{NUMERAL_CHARS}双])\p{{Han}}[\p{{Han}}·]{{0,{MAX_QUOTED_BRAND - 2}}}[^\P{{Han}}式]")
LAST_QUOTED_BRAND = regex.compile("|".join(f"{regex.escape(opening)}{QUOTED_BRAND.pattern}{regex.escape(closing)}"
                                           for closing, opening in QUOTE_PAIRS.items()), flags=regex.REVERSE)
HAN_RUN = regex.compile(r"\p{Han}+")
# jieba's dictionary tags: proper words (a place, a person, an organization, another proper
# name, an abbreviation, or a word the dictionary lacks), and the common words of a name.
PROPER_TAGS = ("ns", "nr", "nt", "nz", "j", "x")
GOVERNING_TAGS = ("p", "c", "u", "d", "r", "v")  # 和 + 区社会组织促进会: words before a short form
# Verbs of taking a post, which govern the name of the body the post is in (当选 + 分会会长, 任 + …专委会主任)
POST_VERBS = frozenset("当选 出任 兼任 就任 任职 任".split())
# Verbs that govern a name rather than sit inside one (依托 + 兰州市…联谊会).
CLAUSE_VERBS = frozenset("""依托 打造 成立 组建 联合 通过 推动 指导 支持 举办 召开 参加 走进 加入 担任 获 获得 荣获
    入选 设立 建立 搭建 开展 发起 培育 孵化 引入 吸引 带动 联系 协调 牵头 整合 对接 签订 共建 入驻 进驻 授予 确定
    认定 评为 举行 邀请 组织 动员 参与 主办 承办 协办 发布 来到 前往 调研 考察 观摩 走访 慰问 会同 携手 委托 依靠
    借助 落户 创办 注册 观看 表示 介绍 新辟 联同 推出 策划 组成 覆盖 设有 下设 拥有 包括 位于 来自 走入 回到
    利用 围绕 提出 实现 参观 现有 共有 建有 开设 开办 领办 结为 牵线 发挥 关注 开通 代表
    成为 作为 视为 称为 列为 变为 改为 转为 更名为 又名 又称 亦称 原名 全称 简称
    读 考 上 进 去 回""".split()) | POST_VERBS   # 读…回: one-character verbs of going to school (在北京 + 读 + 大学)
Span = tuple[int, int]


def governs_clause(word: str) -> bool:
    """A clause verb, or a longer word that opens with one (建立健全): jieba keeps such phrases
    whole and may tag them as nouns. (Not one that ends with one: 社会组织 is a noun; nor a word
    of the user dictionary: 注册会计师 is a profession.)"""
    return word in CLAUSE_VERBS or len(word) > 2 and word[:2] in CLAUSE_VERBS and word not in segment.user_terms()


COMPANY_KIND = "company"   # heads.yaml COMPANY_HEAD's kind
UF_KIND = "united-front department"   # heads.yaml UF_UNIT's kind
MASS_ORG_KIND = "mass organization"   # heads.yaml MASS_ORG's kind


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, str]                 # head word -> kind
    placeholders: dict[str, str]          # heads.yaml groups, TITLE, ZONE and UF_DIVISIONS as patterns
    uf_divisions: tuple[str, ...]         # a united-front department's divisions by field (+ 研究室)
    abbreviations: tuple[tuple[str, str], ...]   # longest first
    heads_sharing_titles: dict[str, str]  # heads.yaml: 协会 -> 会长 (区台协 + 会长)
    long_forms: dict[str, regex.Pattern]
    titles: tuple[str, ...]
    regions: frozenset[str]
    common_words: frozenset[str]
    zones: tuple[str, ...]                # longest first
    weak_heads: frozenset[str]
    known_name_heads: frozenset[str]
    field_verbs: dict[str, frozenset[str]]   # 中心: 孵化, 指导: the clause verbs that may name a head's field
    legal_forms: tuple[str, ...]
    twin_name: regex.Pattern              # a body's other plaque after its name: 党校 + （…行政学院）
    committee_kinds: tuple[str, ...]      # 功能型 in 区新联会 + 功能型 + 党支部
    bracket_qualified_openers: tuple[str, ...]   # 中国 of 中国（上海）自由贸易试验区
    ownership_openings: tuple[str, ...]   # 国营 of 国营北疆机械厂, longest first
    kind_attributes: regex.Pattern        # 民办, 公立: one or more of them, a whole stem or none
    titled_heads: tuple[str, ...]
    rare_word_count: int                  # a common word jieba counts this rarely can be a brand
    generic: frozenset[str]
    generic_before: tuple[str, ...]
    collective_heads: tuple[str, ...]    # 协会, 商会: one after another (行业协会商会), two kinds of body
    founded_by_each: tuple[str, ...]      # 全部成立 (+ 新联会): every unit's own, a kind
    family_village_stem: regex.Pattern   # heads.yaml: 王家 + 湾 (村), a village's stem whatever its words
    rating_words: frozenset[str]          # heads.yaml: 先进 + 商会, a word of honour rating a kind of body
    institution_levels: dict[str, tuple[str, ...]]   # heads.yaml: 校 -> the heads of the schools it stands for
    party_school_ends: tuple[str, ...]    # heads.yaml: a school a democratic party's unit is named by ends so
    body_parts: tuple[str, ...]           # heads.yaml: the parts (分会) a short field name names in the report's body
    part_owners: tuple[str, ...]          # heads.yaml: the heads of bodies that have such parts (新联会, 商会)
    part_kinds: tuple[str, ...]           # heads.yaml: words that name a kind of part, no field (专业, 镇街)
    institution_level: regex.Pattern     # any of them, longest first (学校 before 校)
    places: dict[str, dict]               # full place name -> gazetteer row
    short_places: frozenset[str]          # 上海, 苏州: short forms of provinces and cities
    district_shorts: frozenset[str]       # 临清, 于都: short forms of districts and counties (南山 too: common words)
    script: script.Script                 # OpenCC's tables, one character for one
    tags: dict[str, str]                  # jieba's dictionary tags, and the user dictionary's

    @functools.cached_property
    def verb_heads(self) -> frozenset[str]:
        """The heads made of a clause verb and another head (联合 + 律师事务所, 联合 + 党委)."""
        return frozenset(head for head in self.heads for verb in CLAUSE_VERBS
                         if head.startswith(verb) and head[len(verb):] in self.heads)

    @functools.cached_property
    def places_backwards(self) -> dict:
        """The gazetteer as a character trie read from each name's last character, so the
        place ending at a position is found in a few steps (names of one character left out:
        they are no place of their own)."""
        return backward_trie(place for place in self.places if len(place) > 1)

    @functools.cached_property
    def counties_by_short(self) -> dict[str, tuple[dict, ...]]:
        """The gazetteer's districts and counties by their short forms (嘉禾: 嘉禾县 of 郴州)."""
        return rows_by_form((row["short"], row) for row in self.places.values() if row["level"] == "district" and row.get("short"))

    @functools.cached_property
    def places_by_form(self) -> dict[str, tuple[dict, ...]]:
        """The gazetteer's rows by each full name and short form of two characters or more
        (郑州市 and 郑州; 鼓楼 is a district of 南京 and of 福州: one row, marked ``shared``). Of
        the districts and counties only the county-level cities' short forms (晋江 of 晋江市): a
        district's or a county's is often a common word (老城 of 老城区) or a region (九龙 of 九龙县)."""
        return rows_by_form((form, row) for name, row in self.places.items()
                            for form in (name, row.get("short") if row["level"] != "district" or name.endswith("市") else None)
                            if form and len(form) >= 2)

    @functools.cached_property
    def place_endings(self) -> frozenset[str]:
        """The last two characters of the gazetteer's names: a test cheaper than a lookup."""
        return frozenset(place[-2:] for place in self.places if len(place) > 1)

    @functools.cached_property
    def zones_backwards(self) -> dict:
        return backward_trie(self.zones)

    @functools.cached_property
    def heads_backwards(self) -> dict:
        return backward_trie(self.heads)

    @functools.cached_property
    def suffixes_by_end(self) -> dict[str, tuple[str, ...]]:
        """PLACE_SUFFIXES by their last character, in their order (社区 before 区)."""
        return group_by_end(PLACE_SUFFIXES)

    @functools.cached_property
    def abbreviations_by_end(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """``abbreviations`` by the last character of the short form, longest first."""
        return group_by_end(self.abbreviations, key=lambda pair: pair[0])


def twin_name_pattern(pairs: list[list[str]], unleveled_pairs: list[list[str]]) -> regex.Pattern:
    """A body's other name right after the name ending with the first head of a pair: in
    brackets (党校 + （湄潭县行政学校）) or after a middle dot (欧美同学会 + ·秦皇岛留学人员联谊会), the
    second head ending it after at most MAX_OTHER_NAME characters of its own; of an unleveled
    pair, in brackets and with no level character (工商联 + （总商会）, not + （济宁市总商会）)."""
    twins = [f"(?<={regex.escape(first)})(?:[（(]\\p{{Han}}{{0,{MAX_OTHER_NAME}}}{regex.escape(second)}[）)]"
             f"|·\\p{{Han}}{{0,{MAX_OTHER_NAME}}}{regex.escape(second)})" for first, second in pairs]
    unleveled = [f"(?<={regex.escape(first)})[（(][^\\P{{Han}}{LEVEL_CHARS}]{{0,{MAX_OTHER_NAME}}}{regex.escape(second)}[）)]"
                 for first, second in unleveled_pairs]
    return regex.compile("|".join(twins + unleveled))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    heads_file = lexicon.load_rule_file(f"{RULE_DIR}/heads.yaml")
    exclusions = lexicon.load_rule_file(f"{RULE_DIR}/exclusions.yaml")
    groups = heads_file["groups"]
    heads: dict[str, str] = {}
    for group in groups.values():
        for word in group["words"]:
            heads.setdefault(word, group["kind"])
    places = gazetteer()
    short_places = frozenset(row["short"] for row in places.values() if row.get("short") and row["level"] != "district")
    placeholders = lexicon.pattern_table({**{name: group["words"] for name, group in groups.items()},
                                          "TITLE": heads_file["titles"], "ZONE": heads_file["zones"],
                                          "UF_DIVISIONS": heads_file["uf_divisions"], "TEAM_HEAD": heads_file["team_heads"]})
    return Lexicon(
        heads=heads, placeholders=placeholders, uf_divisions=tuple(heads_file["uf_divisions"]),
        abbreviations=tuple(sorted(heads_file["abbreviations"].items(), key=lambda pair: -len(pair[0]))),
        heads_sharing_titles=dict(heads_file["heads_sharing_titles"]),
        long_forms={short: regex.compile(long) for short, long in heads_file["long_forms"].items()},
        titles=tuple(heads_file["titles"]), regions=frozenset(heads_file["regions"]),
        common_words=frozenset(heads_file["common_words"]),
        zones=tuple(sorted(heads_file["zones"], key=len, reverse=True)), weak_heads=frozenset(heads_file["weak_heads"]),
        known_name_heads=frozenset(heads_file["known_name_heads"]),
        field_verbs={head: frozenset(verbs) for head, verbs in heads_file["field_verbs"].items()},
        legal_forms=tuple(heads_file["legal_forms"]),
        twin_name=twin_name_pattern(heads_file["twin_heads"], heads_file["unleveled_twin_heads"]),
        committee_kinds=tuple(heads_file["committee_kinds"]),
        bracket_qualified_openers=tuple(heads_file["bracket_qualified_openers"]),
        ownership_openings=tuple(sorted(heads_file["ownership_openings"], key=len, reverse=True)),
        kind_attributes=regex.compile(f"(?:{lexicon.alternation(heads_file['kind_attributes'])})+"),
        titled_heads=tuple(word for entry in heads_file["titled_heads"]
                           for word in (groups[entry]["words"] if entry in groups else [entry])),   # a group: its words
        rare_word_count=heads_file["rare_word_count"],
        generic=frozenset(exclusions["generic"]), generic_before=tuple(exclusions["generic_before"]),
        collective_heads=tuple(exclusions["collective_heads"]),
        founded_by_each=tuple(totality + founding for totality in exclusions["founded_by_each"]["totality"]
                              for founding in exclusions["founded_by_each"]["founding"]),
        family_village_stem=regex.compile(heads_file["family_village_stem"]),
        rating_words=frozenset(heads_file["rating_words"]),
        institution_levels={word: tuple(heads) for word, heads in heads_file["institution_levels"].items()},
        party_school_ends=tuple(heads_file["party_school_ends"]),
        institution_level=regex.compile(lexicon.alternation(heads_file["institution_levels"])),
        body_parts=tuple(heads_file["report_body_parts"]["parts"]),
        part_owners=tuple(heads_file["report_body_parts"]["owners"]),
        part_kinds=tuple(heads_file["report_body_parts"]["kinds"]),
        places=places, short_places=short_places, script=script.load(),
        district_shorts=frozenset(row["short"] for row in places.values() if row["level"] == "district" and len(row.get("short") or "") >= 2),
        tags=segment.word_tags())


def gazetteer() -> dict[str, dict]:
    """Full names of places.yaml (provinces, cities, districts) -> their row, with its level
    (``shared`` where rows of more than one place bear the name: 鼓楼区 of 南京 and of 福州).
    Empty until the generated gazetteer is there: names then rest on the stems jieba reads."""
    if not (lexicon.RULES_DIR / RULE_DIR / "places.yaml").exists():
        return {}
    data = lexicon.load_rule_file(f"{RULE_DIR}/places.yaml")
    places: dict[str, dict] = {}
    for section, level in (("provinces", "province"), ("cities", "city"), ("districts", "district")):
        for row in data.get(section) or []:
            if not (len(row["name"]) == 2 and row["name"][0] in COMMON_PLACE_FIRST):
                if row["name"] in places:
                    places[row["name"]]["shared"] = True
                else:
                    places[row["name"]] = {**row, "level": level}
    for row in list(places.values()):   # 民和回族土族自治县 is 民和县 in the news, 恩施…自治州 恩施州
        if row["name"].endswith(AUTONOMOUS_UNITS) and row.get("short"):
            places.setdefault(row["short"] + row["name"][-1], row)
    return places


def rows_by_form(pairs) -> dict[str, tuple[dict, ...]]:
    """Gazetteer rows grouped by a form of theirs, from (form, row) pairs in order, each row
    once per form (an autonomous county's row stands under 民和回族土族自治县 and 民和县)."""
    grouped: dict[str, list[dict]] = {}
    for form, row in pairs:
        if all(other is not row for other in grouped.get(form, ())):
            grouped.setdefault(form, []).append(row)
    return {form: tuple(rows) for form, rows in grouped.items()}


def rows_lie_in(first: tuple[dict, ...], second: tuple[dict, ...]) -> bool:
    """Whether a place of the gazetteer's rows ``first`` may lie in one of ``second`` or hold
    it (湖北省, 武汉市), or either row names more than one place (``shared``)."""
    return any(a.get("shared") or b.get("shared") or a["name"] in (b.get("city"), b.get("province"))
               or b["name"] in (a.get("city"), a.get("province")) for a in first for b in second)


def backward_trie(words) -> dict:
    """A character trie of ``words`` read from their last character; "" marks a word's start."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in reversed(word):
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def group_by_end(items, key=lambda word: word) -> dict[str, tuple]:
    """``items`` grouped by the last character of their word, each group in their order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(key(item)[-1:], []).append(item)
    return {end: tuple(group) for end, group in groups.items()}


def longest_ending_at(trie: dict, text: str, pos: int, lo: int) -> int | None:
    """Start of the longest word of ``trie`` (a ``backward_trie``) that ends at ``pos`` and
    starts at ``lo`` or after."""
    node, start = trie, None
    for index in range(pos - 1, lo - 1, -1):
        node = node.get(text[index])
        if node is None:
            break
        if "" in node:
            start = index
    return start


def kind_of_name(lex: "Lexicon", name: str) -> str:
    """The kind of the longest head the name ends with (also for the model's names)."""
    name = ORDINAL_BUREAU.sub("", name)  # 中央统战部 + 八局
    division = next((d for d in lex.uf_divisions if name.endswith(d)), None)
    if division and kind_of_name(lex, name.removesuffix(division)) == UF_KIND:
        return UF_KIND   # 省委统战部 + 研究室: the department's division
    head = longest_ending_at(lex.heads_backwards, name, len(name), 0)
    if head is not None:
        return lex.heads[name[head:]]
    return "party" if name.endswith("委") else "other"


def joins_kinds(lex: "Lexicon", text: str, start: int, end: int) -> bool:
    """Whether the head text[start:end] is one of exclusions.yaml collective_heads written right
    after or before another (行业协会 + 商会: trade associations and chambers of commerce, two
    kinds of body named together, no body)."""
    return text[start:end] in lex.collective_heads and (
        text.endswith(lex.collective_heads, 0, start) or text.startswith(lex.collective_heads, end))


def directed_verb(word: str, tag: str) -> bool:
    """A verb of two characters whose second gives its direction (融入, 步入, 来到): it governs the
    name after it. jieba may tag it otherwise in context (徐广国步入: n), so its dictionary's tag
    counts too."""
    return len(word) == 2 and word[1] in DIRECTED_VERB_LAST and (tag.startswith("v") or segment.word_tag(word).startswith("v"))


def adverb_then_verb(word: str) -> bool:
    """充分利用, 充分肯定, which jieba's dictionary tags nouns: an adverb, then a verb that governs a
    clause or is tagged one."""
    adverb, verb = word[:2], word[2:]
    return len(word) == 4 and segment.word_tag(adverb).startswith(("d", "ad")) \
        and (governs_clause(verb) or segment.word_tag(verb).startswith("v"))


def in_collective(text: str, pos: int) -> bool:
    """Whether the level character at ``pos`` follows another (市州, 区县, 县市), or ends a list
    of bare levels after a distributive (各 + 区、市、县 + 侨联): one level of a collective, every
    unit of those levels, not a unit's own level (省、市、区委: the report's own three)."""
    if not 0 < pos < len(text) or text[pos] not in LEVEL_CHARS:
        return False
    if text[pos - 1] in LEVEL_CHARS:
        return True
    at = pos
    while at >= 2 and text[at - 1] == LIST_MARK and text[at - 2] in LEVEL_CHARS:
        at -= 2
    return at < pos and text.endswith(DISTRIBUTIVE_OF_LEVELS, 0, at)


def window_start(text: str, pos: int, quoted: bool = False) -> int:
    """The earliest start of a name whose head starts at ``pos``: after the last character
    that is not Chinese nor in a brand's letters written between Chinese characters (肇庆星途 +
    EV + 零部件有限公司) or, when ``quoted``, in a brand in quotes before them (紫缘社区 + “暖蜂” +
    志愿服务队), after a dateline, and at most ``WINDOW`` characters back."""
    lo = max(0, pos - WINDOW)
    dateline = LAST_DATELINE_END.search(text, lo, pos)
    if dateline is not None:
        lo = dateline.end()
    while (last_break := LAST_NAME_BREAK.search(text, lo, pos)) is not None:
        brand = LAST_BRAND.search(text, lo, last_break.end())
        if quoted and (brand is None or brand.end() != last_break.end()):
            brand = LAST_QUOTED_BRAND.search(text, lo, last_break.end())
        if brand is None or brand.end() != last_break.end() or not HAN_CHAR.match(text, brand.end()):
            return last_break.end()
        pos = brand.start()
    return lo


def single_characters_joined(words: list[tuple[str, int, int]], tags: dict[str, str]) -> list[tuple[str, int, int]]:
    """jieba's words with the characters of a run of one-character words at their end joined
    into one word (峒 | 溪 + 县: a name jieba does not know, cut character by character); not a
    function word (by ``tags``, jieba's: 用 | 好 + 县工商联, 用 a preposition), a numeral or a
    level among them (各 | 县)."""
    run = 0
    while run < len(words) and len(char := words[-1 - run][0]) == 1 and HAN_CHAR.match(char) \
            and char not in NO_STEM_FIRST and char not in LEVEL_CHARS and not tags.get(char, "x").startswith(FUNCTION_TAGS):
        run += 1
    if run < 2:
        return words
    joined = words[-run:]
    return words[:-run] + [("".join(word for word, _, _ in joined), joined[0][1], joined[-1][2])]


class NameGrammar:
    """Words, tags and places read with the organizations' lexicon and jieba over a window."""

    def __init__(self, segmenter: str = "jieba") -> None:
        self.lex = load_lexicon()
        self.segmenter = segment.get_segmenter(segmenter)
        # written_places and report_stems of the last text read: one scan per text and stage
        self.places_read: tuple[str | None, list[Span], dict] = (None, [], {})

    def is_rare_word(self, word: str) -> bool:
        """A noun or a verb jieba's dictionary counts rarely (竹影, 田间; 腾越, 光合 v)."""
        return self.tag(word).startswith(("n", "v")) and word not in self.lex.common_words \
            and segment.word_frequency(word) <= self.lex.rare_word_count

    def is_place_word(self, word: str) -> bool:
        return word in self.lex.places or word in self.lex.short_places or self.tag(word) == "ns"

    def kind_of_place(self, stem: str) -> bool:
        """Whether what stands before a head is a place and words of a kind alone (长沙 + 民办,
        深圳市 + 公立: heads.yaml kind_attributes): the place's bodies of that kind, no name."""
        return any(self.lex.kind_attributes.fullmatch(stem, at) and self.is_place_word(stem[:at]) for at in range(1, len(stem)))

    def breaks_stem(self, word: str) -> bool:
        """A word that is no piece of a place's or a branch's stem: a function word, a quantity,
        a time word or a verb of two characters (各, 三个, 下设; but 箬 | 横, as jieba cuts a
        name it does not know)."""
        tag = self.tag(word)
        return tag.startswith(STEM_BREAK_TAGS) or (len(word) == 1 and word in NO_STEM_FIRST) \
            or (len(word) > 1 and tag.startswith("v"))

    def is_proper(self, word: str, tag: str) -> bool:
        """A place, a person, an organization or another name (a city's short form of the
        gazetteer too: jieba tags 宝鸡 a common noun), none opening with 各 or 每个 (各乡镇, a
        place to jieba); a word jieba does not know counts too, unless it starts like a function
        word or a quantity (中有, 各大; not a numeral's brand: 九合) or ends with a copula or a
        preposition (图为; 二是, a list item's ordinal, whatever its numeral)."""
        return bool(word) and not NAME_BREAK.search(word) and word not in self.lex.common_words \
            and not word.startswith(DISTRIBUTIVES) \
            and (word in self.lex.regions or word in self.lex.short_places or tag.startswith(PROPER_TAGS)) \
            and not (tag == "x" and (word[-1] in NO_STEM_LAST
                                     or word[0] in NO_STEM_FIRST and not self.numerals_then_brand(word, NUMERAL_WORD_TAGS)))

    def is_rating(self, word: str) -> bool:
        """A rating: a word of honour (先进: heads.yaml rating_words) or a formula jieba does not
        know (四好, 双强), a level before it too (市四好: jieba glues it on): RATING_NUMERALS."""
        formula = word[1:] if word[:1] in LEVEL_CHARS else word
        return word in self.lex.rating_words or (
            len(formula) == 2 and formula[0] in RATING_NUMERALS and self.tag(formula) == "x"
            and self.tag(formula[1]).startswith(RATING_QUALITY_TAGS))

    def numerals_then_brand(self, part: str, tags: frozenset[str] = NUMERAL_BRAND_TAGS) -> bool:
        """Numerals, then a character that is no level, of a noun or a name (三一 + 众诚), or of
        ``tags``."""
        rest = part.lstrip(NUMERAL_CHARS)
        return 0 < len(rest) < len(part) and rest[0] not in LEVEL_CHARS and self.tag(rest[0]) in tags

    def place_stem(self, text: str, pos: int, lo: int) -> int | None:
        """Start of the proper words of a place name ending at ``pos`` (東湖 before 區委)."""
        start = pos
        words = single_characters_joined(self.cut(text, lo, pos), self.lex.tags)
        if len(words) >= 2 and len(words[-1][0]) == 1 and self.tag(words[-1][0]) in STEM_END_TAGS \
                and self.is_proper(words[-2][0], self.tag(words[-2][0])):
            start -= 1        # 白塔 + 畈 + 镇: a character jieba cut off the stem
            words.pop()
        for index in range(len(words) - 1, -1, -1):
            word, tag = words[index][0], self.tag(words[index][0])
            if not self.is_proper(word, tag) or pos - start + len(word) > MAX_STEM or word in ORG_PREFIXES:
                break
            if tag == "x" and len(word) > 2 and self.tag(word[-1]) in ("v", "p"):
                break         # 王燕文率 + 省委: jieba's HMM glued a name to the verb after it
            if adverb_then_verb(word):
                break         # 充分肯定 + 区基督教两会: a predicate jieba's dictionary holds as a noun
            if tag == "x" and word[0] in TIME_LOCATIVES and index and self.ends_clause_with_locative(words[index - 1][0]):
                start -= len(word) - 1
                break         # 整理 + 后 | 报 + 区委: the locative ends the verb's clause, jieba glued it on
            if tag == "x" and self.tag(word[0]) == "m" and index and NUMBER_END.search(words[index - 1][0]):
                start -= len(word) - 1
                break         # 2021 + 年 | 全 + 市工商联: a numeral's unit jieba glued on ends the number
            start -= len(word)
        if pos - start < 2 or text[pos - 1] in "省市区县乡委":
            return None       # 城 + 市, 设区 + 市, 好乡 + 镇 (乡镇): no place of its own; 秀峰区委 + 区政府: a body
        return start

    def ends_clause_with_locative(self, word: str) -> bool:
        """Whether a locative of time after ``word`` closes a clause (整理 + 后, 会议 + 前): a verb
        or a common noun before it, no name."""
        tag = self.tag(word)
        return tag.startswith(("v", "n")) and not self.is_proper(word, tag)

    def stem_after_place(self, text: str, pos: int, lo: int) -> int | None:
        """Start of a village's or a community's stem right after the place it lies in (弥河镇 +
        南小王 + 村, 樊城区 + 航空路 + 社区, 兴隆镇 + 茶香 + 社区): its name whatever its words,
        when they are nouns or names (not 青州市 + 所有 + 村, 该镇 + 下辖 + 村)."""
        for start in range(pos - 2, max(lo, pos - MAX_STEM - 1), -1):
            if NAME_BREAK.search(text, start, pos):
                return None
            if self.place_ending_at(text, start, lo) is not None:
                words = self.cut(text, start, pos)
                return start if not any(self.tag(word).startswith(VILLAGE_STEM_BREAK_TAGS) for word, _, _ in words) else None
        return None

    def village_stem(self, text: str, pos: int, lo: int) -> int | None:
        """Start of a village's or a community's stem ending at ``pos``: right after the place it
        lies in (stem_after_place), or else nouns or names right after a clause's edge (由 + 龙头庵
        + 村, 。+ 寨门 + 村), none of them a kind of place (农村 + 社区, common_words), or a
        family's (，+ 余家城 + 村: heads.yaml family_village_stem)."""
        stem = self.stem_after_place(text, pos, lo)
        if stem is not None:
            return stem
        for start in range(pos - 2, max(lo, pos - MAX_STEM) - 1, -1):
            if start == 0 or NAME_BREAK.match(text, start - 1) or text[start - 1] in CLAUSE_JOINS:
                stem = text[start:pos]
                return start if self.stem_of_nouns(stem) or self.lex.family_village_stem.fullmatch(stem) else None
        return None

    def stem_of_nouns(self, stem: str) -> bool:
        """Two to MAX_STEM characters of nouns or names, as jieba tags them, none a kind of place
        (农村, 城市: common_words): a village's or a town's stem. No punctuation: jieba tags
        it x, as a word it does not know (庄里镇 + 、曹 + 村镇)."""
        return 2 <= len(stem) <= MAX_STEM and not NAME_BREAK.search(stem) and all(
            self.tag(word).startswith(VILLAGE_STEM_TAGS) and word not in self.lex.common_words
            for word, _, _ in segment.cut_phrase(self.segmenter.name, stem))

    def place_ending_at(self, text: str, pos: int, lo: int) -> int | None:
        """Start of a place ending at ``pos``: a full name of the gazetteer, or a stem with a
        level suffix (海澄 + 市, 棘洪滩 + 街道), or a zone (苏州工业园区: the zone, and its
        city through the chain), or a place the report names (茶香社区 + 党委)."""
        place = longest_ending_at(self.lex.places_backwards, text, pos, lo)
        if place is not None and (self.joins_names(text, place, lo) or self.opens_inside_word(text, place)):
            place = None
        if place is not None or pos <= lo:
            return place
        stem = self.stem_before_level(text, pos, lo)
        if stem is not None:
            return stem
        zone = longest_ending_at(self.lex.zones_backwards, text, pos, lo)
        return zone if zone is not None else longest_ending_at(self.report_stems(text), text, pos, lo)

    def stem_before_level(self, text: str, pos: int, lo: int) -> int | None:
        """Start of a stem and the level suffix ending at ``pos`` (海澄 + 市, 茶香 + 社区)."""
        for suffix in self.lex.suffixes_by_end.get(text[pos - 1], ()):
            if text.endswith(suffix, lo, pos) and pos - len(suffix) > lo:
                if any(pos - size >= lo and text[pos - size:pos] in self.lex.short_places for size in (3, 2)):
                    continue   # 请 + 柳州: a city's short form ending with a level's character, no stem and level
                if suffix in PROVINCE_SUFFIXES:
                    continue   # 充分肯定 + 省: every province is the gazetteer's, none a stem it lacks
                stem = self.village_stem(text, pos - len(suffix), lo) if suffix in VILLAGE_SUFFIXES else None
                if stem is None:
                    stem = self.place_stem(text, pos - len(suffix), lo)
                if stem is not None and not self.ends_common_word(text, stem, pos):
                    return stem
        return None

    def ends_common_word(self, text: str, stem: int, pos: int) -> bool:
        """Whether jieba reads a kind of place (common_words) across a stem's end and its level,
        ending at ``pos`` (进乡 + 村: 进 | 乡村)."""
        words = self.cut(text, stem, pos)
        return bool(words) and words[-1][0] in self.lex.common_words and words[-1][1] > stem

    def report_stems(self, text: str) -> dict:
        """``district_stems`` and ``villages`` as a ``backward_trie``: places in this report (新会
        + 博物馆, 茶香社区 + 党委), not in every one (新 + 会)."""
        return self.read_places(text)[2]

    def written_places(self, text: str) -> list[Span]:
        """``gazetteer_places`` of ``text``, read once for both stages' lookups."""
        return self.read_places(text)[1]

    def read_places(self, text: str) -> tuple[str, list[Span], dict]:
        """(text, its gazetteer places, its district stems' trie), made when ``text`` is new."""
        if self.places_read[0] is not text:
            self.places_read = (text, [], {})   # while they are read (joins_names looks places up)
            written = self.gazetteer_places(text)
            self.places_read = (text, written, backward_trie(self.district_stems(text, written) | self.villages(text)))
        return self.places_read

    def villages(self, text: str) -> set[str]:
        """The villages and communities ``text`` writes right after the place they lie in (兴隆镇
        + 茶香社区): places in this report wherever written (茶香社区 + 党委)."""
        found = set()
        for suffix in VILLAGE_SUFFIXES:
            for at in segment.occurrences(text, suffix):
                stem = self.stem_after_place(text, at, window_start(text, at))
                if stem is not None:
                    found.add(text[stem:at + len(suffix)])
        return found

    def district_stems(self, text: str, full_names: list[Span], levels: tuple[str, ...] = ("district",)) -> set[str]:
        """The short forms of the counties and districts of ``full_names`` (新会 of 新会区, 金寨
        of 金寨县), or of the places of other ``levels``, of two characters or more (the
        gazetteer's short forms of districts are left out of ``short_places``: 南山, 鼓楼 are
        common words too)."""
        rows = (self.lex.places[text[a:b]] for a, b in full_names)
        return {row["short"] for row in rows if row["level"] in levels and len(row.get("short") or "") >= 2}

    def gazetteer_places(self, text: str) -> list[Span]:
        """The full names of the gazetteer written in ``text`` (黄浦区, 鸠江区), found back from
        each level character (a few dictionary steps each, not a scan for 3,700 names)."""
        found = []
        for level in LEVEL_ANYWHERE.finditer(text):
            end = level.end()
            if text[end - 2:end] in self.lex.place_endings:
                start = longest_ending_at(self.lex.places_backwards, text, end, max(0, end - 10))
                if start is not None and not (end - start == 2 and self.joins_names(text, start, window_start(text, start))):
                    found.append((start, end))
        return found

    def joins_names(self, text: str, start: int, lo: int) -> bool:
        """Whether a place of the gazetteer of a function character and its level (和县; not
        和林格尔县, 于都县: a name follows the character) is that
        character joining two names, the place only its level (县委统战部 + 和 + 县工商联):
        so when a Chinese character that ends no place comes right before it, or a bracket or a
        quote that closes a name's other name (（以下简称“县民宗局”）+ 和 + 县文化旅游广电体育局).
        After a place (安徽省和县), or opening a sentence, it is the place."""
        if text[start] not in FUNCTION_CHARS:
            return False
        if start and text[start - 1] in NAME_CLOSERS:
            return True
        if start <= lo or NAME_BREAK.match(text, start - 1):
            return False
        return self.place_ending_at(text, start, lo) is None \
            and not any(text[start - size:start] in self.lex.short_places for size in (2, 3))

    def is_place_chain(self, text: str, most: int = 3) -> bool:
        """Whether ``text`` is one to ``most`` full names of the gazetteer (上海市嘉定区), or a
        city's short form alone (定西 + 支社)."""
        if not most:
            return False
        if text in self.lex.short_places:
            return True
        return any(text[:size] in self.lex.places and (size == len(text) or self.is_place_chain(text[size:], most - 1))
                   for size in range(len(text), 1, -1))

    def place_chain(self, text: str, start: int, lo: int) -> list[Span]:
        """The places written right before ``start``, in order (松濤市 before 東湖區; before
        another place, a province's or a city's short form too: 苏州 + 高新区, and a place
        jieba's dictionary knows: 加拿大 + 温哥华冈州 + 会馆)."""
        chain = []
        while (before := self.place_ending_at(text, start, lo)) is not None or (
                before := next((start - size for size in (3, 2) if text[start - size:start] in self.lex.short_places
                                and start - size >= lo), None)) is not None or (
                before := self.dictionary_place_ending_at(text, start, lo)) is not None:
            chain.insert(0, (before, start))
            start = before
        return chain

    def unit_before_gazetteer_place(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] is a town or a village and a place of the gazetteer is written
        right after it in full, or a province or a city by its short form (大溪镇 | 浙江, 箬横镇 |
        温岭市; a county's short form may be a village's stem: 长沙街道 + 三江社区)."""
        return text.endswith(TOWN_SUFFIXES + VILLAGE_SUFFIXES, start, end) and any(
            name in self.lex.places or name in self.lex.short_places
            for name in (text[end:end + size] for size in range(2, MAX_STEM + 2)))

    def dictionary_place_ending_at(self, text: str, pos: int, lo: int) -> int | None:
        """Start of the word jieba reads right before ``pos`` when its dictionary tags it a place."""
        words = self.cut(text, max(lo, pos - MAX_STEM - 2), pos)
        if words and words[-1][2] == pos and len(words[-1][0]) > 1 and self.tag(words[-1][0]) == "ns":
            return words[-1][1]
        return None

    def cut(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        return [(w, start + a, start + b) for w, a, b in segment.cut_phrase(self.segmenter.name, text[start:end])]

    def ends_word(self, text: str, pos: int) -> bool:
        if pos == len(text) or text[pos] in FUNCTION_CHARS or NAME_BREAK.match(text, pos):
            return True
        return any(b == pos for _, _, b in self.cut(text, max(0, pos - 4), min(len(text), pos + 3)))

    def tag(self, word: str) -> str:
        return self.lex.tags.get(word, "x")

    @staticmethod
    def after_self_reference(text: str, start: int) -> bool:
        """Whether ``start`` follows a pronoun (我市, 本市, 该市: jieba's words): a level there is
        the report's own unit's, whose short form the name after it is (names.py gives the level
        to the pronoun)."""
        return start > 0 and text[start - 1] in SELF_REFERENCES

    def opens_inside_word(self, text: str, pos: int) -> bool:
        """Whether jieba reads a word across ``pos`` that is none of its dictionary's names
        (积极响应 | 县委: 应县 is no place there; 中共湖南省委, nt, holds 湖南省)."""
        return any(a < pos < b and self.tag(word) not in NAMED_WORD_TAGS
                   for word, a, b in self.cut(text, max(0, pos - 3), min(len(text), pos + 4)))

    def starts_word(self, text: str, pos: int) -> bool:
        if pos == 0 or text[pos - 1] in FUNCTION_CHARS or NAME_BREAK.match(text, pos - 1):
            return True
        return any(a == pos for _, a, _ in self.cut(text, max(0, pos - 3), min(len(text), pos + 4)))
