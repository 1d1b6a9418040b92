"""Names stage: persons and places, and the name model's organizations merged with the rules'.

Runs after the organizations stage. Reads the text, ``doc._.sentences``, ``doc._.masked``,
``doc.spans["organizations"]`` and the spans the organization rules excluded; the name
model's ORG, PER and LOC spans (``pipeline/ner.py``, cached per article by the fingerprint of
the model and the code that runs it, and the text's sha256, so a rules-only rebuild never
runs the model); rules/persons.yaml, rules/places.yaml and rules/organizations/model.yaml,
and the organizations' lexicon through ``name_grammar.py`` (never their rules, patterns.yaml).
Writes ``doc.spans["persons"]`` (PER,
fields rule and title), ``doc.spans["places"]`` (LOC, field rule) and the organizations the
model adds (rule ``ner/<model version>``); drops the counts and dates inside an organization's
name (its brand's numerals).

Merge policy for organizations (measured in the README, "Rules and model together"):
1. A rule's name stands: the grammar knows the domain's names and the guide's edges...
2. ...unless the model reads a name inside it right after a verb or a preposition (由 |
   勒流商会, 新沂市阿湖镇充分利用 | 商会), or after a conjunction that follows a name (市侨联 与 |
   市商务局; not 人力资源 和 | 社会保障局, nor 新闻 与 | 传播学院, a kind after it): the rule
   glued words onto names, and what reads as a name of the part before that word and of the
   model's names inside replaces it (maybe none);
   a rule's name whose own first word is such a verb or preposition (参观 | 社区党群服务中心,
   or a word jieba made up of a preposition and the next character: 由村 | 党支部) keeps what
   follows it only where that reads as a name alone (as in 4);
3. ...or the model reads a longer name that ends where it ends (or goes on past its end, as in
   6: 国家税务总局 + 南通市税务局 + 第一税务分局), with no such word before the rule's start
   and no verb of two characters in what it adds (临 + 溪通达市政工程有限公司, 洛阳 + 外国语学校;
   not 保障 + 新联会, nor 和 + 县工商联 after a name): the maximal name written.
4. The model's name is added where no rule name and no rule exclusion (统战部门, 区委常委会)
   overlaps it, if it reads as a name (Chinese characters, letters and digits only; ending
   with a head, of heads.yaml or a last character mined from the training data's names,
   mined_heads.yaml; not a meeting or an event, model.yaml), is more than a head with a
   character before it (统战部, 区委: the rules' grammar reads those short forms) and what
   stands before its head is a place, a proper word or long (文化中心 is a kind, not a name).
5. A rule's name that the model reads no organization in, but a place or a person at its
   start followed by what jieba reads as a verb or an adverb, maybe after a time word
   (新沂市窑湾镇 | 积极发挥 | 商会; 充分利用, an adverb and a verb its dictionary tags a noun,
   too; 孙雨桐 | 当选 | 分会; 吴邦国 | 日前听取 | 总公司): the place or the person is the
   subject of a clause; what follows the predicate stands only where it reads as a name alone
   (as in 4).
6. ...or the model reads a longer name that starts where it starts and goes on past its end,
   one that reads as a name as in 4 (深圳市台商协会 + 南山分会, 澳門中華總商會 + 青年委員會,
   where a second head stopped the grammar), not ending with a verb (…联谊会 + 组织: the
   clause's), adding no association's short form alone (湘潭县知联会 + 新联会: two bodies), and
   over no other name the rules read (not 县青年企业家协会 + 和县律师协会): the maximal name
   written.
7. A name written right after another one that ends with the head of a part (model.yaml,
   chain_parts), or a place and a part's head where no name was read (民建大连市委会 + 甘井子区
   总支; a stem the gazetteer does not hold, as jieba cuts an unknown name: 温岭市人民法院 + 箬横
   + 人民法庭), is that body's part: one name. After a national administration (chain_national:
   国家税务总局) any name is its office (国家税务总局 + 青州市税务局); after another body, a
   name with a head of its own is another body (中共吴江区委统战部 + 吴江区工商联, sponsors
   listed without the page's spaces).
8. A name's rest after its opening places, with words of its own before its head, written
   alone elsewhere is a short form of that name (江门市 + 留学人员联谊会 ... 留学人员联谊会).
In part 4 a place written right before the model's name opens it (九龍 + 西區各界協會); in part
6 the longer name may also start after the places the rule's name opens with (加拿大 |
多伦多四邑总会所), and holds no conjunction (延边农村商业银行 + 现场与协会); in part 1 a rule's name that starts inside the model's place takes that place
(台山市都斛 | 镇人民政府, 禹 | 越镇三林村党支部), and a village's body the town the model reads
right before it (米公街道 + 汉江社区居委会).
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import inspect
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex
from spacy.language import Language
from spacy.tokens import Doc

from . import cache, enumerations, extensions, lexicon, name_grammar, ner, numerals, script, segment
from .matching import Candidate, RangeSet, longest_first, write_spans

RULE_FILES = ("persons.yaml", "places.yaml", "mined_name_chars.yaml", "organizations/model.yaml",
              "organizations/heads.yaml", "organizations/mined_heads.yaml")   # and name_grammar's
EXCLUDED_KEY = name_grammar.EXCLUDED_KEY
PLACES_KEY = name_grammar.PLACES_KEY
HAN, HAN_RUN = name_grammar.HAN_CHAR, name_grammar.HAN_RUN   # one pattern each for both stages
# Tags of jieba's words that no person's name is made of: verbs, pronouns, locatives, time
# words, adverbs, function words, numerals and measure words (直播 + 之外, 这些 + 年, 待续)
NO_NAME_WORD_TAGS = ("v", "r", "f", "t", "d", "p", "c", "u", "m", "q")
# What goes on after a credit's name in a sentence rather than a credit line: a comma or a
# character (记者：这些年，…; 见习 + 记者)
CREDIT_LINE_GOES_ON = regex.compile(r"[，,]|\p{Han}")
# The names of a credit line: runs of Han characters, or two typeset with a space between (杨 帆)
CREDIT_NAMES = regex.compile(r"\p{Han}[ \u3000]\p{Han}(?!\p{Han})|\p{Han}+(?:·\p{Han}+)?")
VILLAGE_SUFFIX = regex.compile("|".join(name_grammar.VILLAGE_SUFFIXES))
OUTLET_MAX = 16    # characters of an outlet's name read before a credit word
NAME_CHARS = regex.compile(r"[\p{Han}A-Za-z0-9·]+")
QUOTED_TITLE = regex.compile(rf"{NAME_CHARS.pattern}(?:[ \u3000]+{NAME_CHARS.pattern})*")
BOOK_TITLE = regex.compile(r"《(?P<in>[^《》\n]{1,60})》")   # a document's, a paper's or a programme's title
NAME_RUN_BEFORE = regex.compile(r"[\p{Han}A-Za-z0-9·]+$")   # searched up to a position: the run ending there
# A place qualified by another in brackets, the name going on after them (中国 + （山东） + 自由贸易
# 试验区, 中国 + （绵阳） + 科技城): both open a zone's or a body's name, neither is a place alone.
QUALIFIED_NAME = regex.compile(r"\p{Han}{2,8}[（(]\p{Han}{2,6}[）)]\p{Han}")
BRACKETED_QUALIFIER = regex.compile(r"(?<=\p{Han}{2}[（(])\p{Han}{2,6}(?=[）)]\p{Han})")
PART_OWNER_TAGS = ("n", "j", "x")   # jieba's tags of a word a part written alone is another body's after (农行 j)
STATIONED = frozenset("驻駐")   # 驻: a body's office in another place follows (香港特区政府 + 驻 + 上海…)
MEDIA_KIND = "media"   # the kind of an outlet's name (中国台湾网), which owns no body after it
MIN_OUTLET = 2         # characters of an outlet's name, more than 国网 (State Grid)
PARTY_GROUP = "党组"   # a body's party group, named in titles as its posts (党组书记, 党组成员)
COUNT_BEFORE_MAX = 6   # characters of a count read before a name (model.yaml counted_before: 12个)
GAZETTEER_NAME_MAX = 4   # characters of the gazetteer's names read across a glue character (于都)
MAX_LISTED_BODY = 10   # characters of a name read as an item of a list of names (listed_with_organizations)
MIN_MODIFIERS_READ = 7   # characters of common words before a head that make a name read already specific
MAX_SIBLING = 10      # characters of an item read as a name beside one with its head (siblings_of_names)
MAX_UNIT_STEM = 3      # characters of a unit's stem listed before its level (嘉积、万泉 + 等镇)
MIN_UNREAD_LISTED = 3   # items of a list of names none of which is read, each with a proper word
# What ends the lead-in of a list's first item: verbs, prepositions, particles, adverbs and
# conjunctions (走访了 + 鼎盛物流; name_after_lead_in).
LEAD_IN_TAGS = ("v", "p", "u", "d", "c")
MAX_PLACE_FORM = 9   # characters of a full name of the gazetteer read after the place it lies in (甘肃 + 天水)
NAME_SPACES = frozenset(" \u3000")   # one of them between a title and a name in a list
CREDIT_MARKS = frozenset(":：|｜")   # one of them between a credit and its name (责任编辑：金英磊, 编辑: | 蔡凌)
CREDIT_SEPARATORS = CREDIT_MARKS | NAME_SPACES | frozenset("\t\r\n")
LIST_SEPARATORS = frozenset("、，,")   # between a title and the age after it (泵站值班员、45岁的)
BOUNDED_NAME_MAX = 6   # characters of a name with no surname between a role and a verb of saying (孟和巴雅尔)
EDGE_READ = 3          # characters a model's person is read on to that role or verb
DOTTED_PART_MAX = 6   # characters of one side of a name written with a middle dot (阿不都热合曼·买买提)
FIELD_LABEL_END = regex.compile(r"[ \t\u3000]*[:：]|/")   # after a page's field label: 时间/, 来源：(not 作者：原海鹏 | 2024…)
DATELINE_ENDS = ("讯", "日电")   # 本报讯, 本报北京6月29日讯, 新华社马尼拉1月5日电
YI_NAME = 4            # characters of a Yi name (沙马拉且, 吉克阿呷), which the model may read as three
# A list of names run together with 、 (莫炜、黄思源、甘露、农雨涵等): each item, the last one to 等.
NAME_LIST = regex.compile(r"\p{Han}+(?:、\p{Han}+)+")
MIN_LISTED_PERSONS = 2   # items of a list read as persons that make its other items persons
MIN_NAME_ANYWHERE = 3   # characters of a person's name read at every place it is written (许可 is a word too)
OPENING_QUOTES, CLOSING_QUOTES = "“「『\"'‘", "”」』\"'’"
EVENT_AFTER_QUOTE_MAX = 6   # characters of an event's noun read after a quoted name (交流活動)
CLAUSE_END = regex.compile(r"[，,。；;：:！？!?、]")   # the marks that end a clause's words
SIDE_LOCATIVES = frozenset("内外里旁边")   # 吴承恩故居 + 旁: beside a place, not a direction in its name (台湾台 + 中)
LOCATIVE_CHARACTERS = frozenset("内外里上下")   # 辖区 + 内: a place's inside, which jieba tags a noun
DICTIONARY_NAME_TAGS = ("ns", "nr", "nt", "nz")   # names jieba's dictionary knows (heads.yaml known_name_heads)
# jieba's tags of words no name opens with: those that govern a name after them and locatives (建设 vn, 在 p)
GLUE_TAGS = name_grammar.GOVERNING_TAGS + ("f",)
INDEFINITE = "某"   # 某科技有限公司, 李某 | 诉某 | 建筑工程有限公司: a body the report does not name
# A count inside a model's name: a list's tail the model read on (…行业协会 + 5家商协会), or a
# body's term of office (…协会党支部 + 新一届支部委员会)
COUNT_INSIDE = regex.compile(r"[0-9０-９]+[家个個所名位项項]|[一二三四五六七八九十0-9０-９]+[届屆]")
POLICY = (2, 3, 4, 5, 6, 7)   # the parts of the merge policy (module docstring) applied; 1 always holds
PREPOSITION_TAGS = ("p",)     # jieba's tags
ADVERB_OR_PREPOSITION_TAGS = ("d",) + PREPOSITION_TAGS   # 常, 同: no fourth character of a name (fourth_before_speech)
PREDICATE_TAGS = ("v", "d", "ad")   # verbs and adverbs (but vn, a verbal noun)
CONJUNCTION_TAGS = ("c",)
PARTICLE_TAGS = ("u",)        # 了, 着, 的: aspect and structural particles
DICTIONARY_ORG_TAGS = ("nt", "j")   # jieba's tags of organizations and their abbreviations (新华社, 工行)
GAZETTEER_RULE = "places/gazetteer"   # a place of the gazetteer the model did not read
LISTED_RULE = "places/listed-with-a-place"   # a unit listed next to a place of its level (箬横镇、松门镇)
NAMED_RULE = "places/named-in-an-organization"   # a unit an organization's name is built on, written alone (青禾县 of 青禾县委统战部)
UNIT_RULE = "places/unit-with-level"   # a unit the model misses, read by its level word (花石 + 镇)
LISTED_PERSON_RULE = "persons/listed-with-persons"   # an item of a list of names among persons read (…、甘露、…)
TOWN_STEM_RULE = "places/town-stem"   # a town's stem written alone, the model reading the town in full (安仁 of 安仁镇)
CHAIN_RULE = "organizations/chain"    # a body and its part written after it (merge policy part 7)
CHAIN_PART_RULE = "organizations/chain-part"   # 容桂人民法庭 alone after 顺德区人民法院容桂人民法庭
SOURCE_OUTLET_RULE = "organizations/source-outlet"   # 来源：端州统战
OUTLET_KIND = "media"
LISTED_ORG_RULE = "organizations/listed-with-organizations"   # 快狐同城 after 鲸送外卖、粤顺速运、… 等平台企业
SIBLING_RULE = "organizations/sibling-of-a-name"   # 仁济医院 after 附属瑞金医院、
LISTED_UNIT_RULE = "organizations/unit-listed-with-bodies"   # 民政局 after 建德市委办、人大办、…
UNIT_LISTING_KINDS = frozenset({"government", "party", "mass organization", "united-front department"})   # bodies of a place
DECLARED_PLACE_RULE = "places/declared-short-form"   # 东湖高新区 after 武汉东湖新技术开发区（以下简称“东湖高新区”）
DECLARED_RULE = "organizations/declared-short-form"   # 酱酒党建联盟 after …党建联盟（以下简称“酱酒党建联盟”）
SHORT_FORM_RULE = "organizations/short-form-after-places"   # 留学人员联谊会 after 江门市留学人员联谊会
ABBREVIATION_RULE = "organizations/abbreviation-written"   # 青商会 after 青年企业家商会
ABBREVIATED_MIN = 5   # characters of a name's rest that an abbreviation shortens
ABBREVIATION_MAX = 5   # characters of an abbreviation
INSTITUTION_KINDS = ("school/institution", "company")   # bodies a party's unit is named after
KINDS_NAMED_AFTER_PERSONS = ("school/institution",)   # halls and schools (朱炳仁铜雕艺术馆), not chambers or firms
POINTING = frozenset("该本各每全此这那其诸")   # before a name's rest: a kind or a reference (该协会), no short form
MAX_CHAIN_PLACE = 12   # characters of the place opening a part (上海市嘉定区 + 分局)
MAX_CHAIN_PART = 8     # characters of a part's head, at most (人民法庭: 4)
MAX_LISTED = 5         # characters of a name of no level listed next to a place (台中, 秭归)
MAX_PART_STEM = 3      # characters of a part's stem the gazetteer does not hold (箬横 + 人民法庭)
MAX_ZONE_NAME = 16   # characters of a zone's trade and kind after its place (国家农业高新技术产业示范区: 13)
MAX_LANDFORM = 8     # characters of a landform's name in jieba's dictionary (长江三角洲: 5)
PLACE_TAG = "ns"     # jieba's tag of place names
DERIVED_STEM_TAGS = (PLACE_TAG, "nz")   # a place's or a people's name before a suffix (维吾尔 nz)
MAX_GEOGRAPHIC_STEM = 6   # characters read before a river's or mountain's last one (张广才 + 岭)
MAX_FREE_GEOGRAPHIC_STEM = 4   # ... of a stem jieba's words do not bound (在 + 布尔哈通 + 河畔)
UNIT_STEM_MAX = 4    # characters of the stem of a unit read by its level word alone (铜罐驿 + 镇)
DIGIT = regex.compile(r"[0-9０-９]")
ADDRESS_LABEL_MAX = 8   # characters of an address's label before it (通讯地址：)
EDGE_WINDOW = 6      # characters jieba reads either side of a model's name to find word edges


def cache_dir() -> Path:
    """Where the model's output is kept: $PIPELINE_CACHE/ner, by default .cache/ner in the repo."""
    return cache.cache_root() / "ner"


@dataclass(frozen=True)
class NameRules:
    person_rules: list            # (rule, pattern) of rules/persons.yaml: credit lines, speakers
    outlet_before_credit: regex.Pattern
    title_boundaries: frozenset[str]
    title_break_tags: tuple[str, ...]
    title_break_words: frozenset[str]
    roles: tuple[str, ...]
    role_words: tuple[str, ...]   # the roles of two characters or more: whole words (员 and 户 end nouns of kinds of people)
    role_words_by_last: dict      # role_words by their last character (长: 董事长, 秘书长)
    role_words_by_first: dict     # role_words by their first character (副: 副部长, 副会长)
    credits: tuple[str, ...]      # persons.yaml's CREDIT, longest first: 责任编辑, 记者, 编辑
    title_max: int
    age_phrase: regex.Pattern   # persons.yaml: 45岁的 before a name, searched from the end
    generation: regex.Pattern   # persons.yaml: 90后, quoted before a title
    name_length: tuple[int, int]
    levels_in_no_name: tuple[str, ...]   # persons.yaml: 格嘎查, 关区柏 are places read as persons
    given_name_break_tags: tuple[str, ...]   # persons.yaml: jieba's tags of no given name (先生)
    not_given: frozenset[str]     # persons.yaml NOT_GIVEN: characters of no given name (的, 在)
    speech_verbs: tuple[str, ...]   # persons.yaml SPEECH: 说, 指出, 介绍
    dotted_name_chars: frozenset[str]   # mined_name_chars.yaml: the characters of names written with a dot
    not_fourth: frozenset[str]    # what no four-character name ends with: NOT_GIVEN, trailers, adverbs_before_speech
    joining_trailers: tuple[str, ...]   # persons.yaml: trailers that join names (和), a name's own before a verb of saying
    read_name_surnames: frozenset[str]   # COMPOUND_SURNAME and persons.yaml surnames_of_read_names (东方): before a model's name
    surnames: frozenset[str]      # persons.yaml's SURNAME: a two-character name opens with one
    compound_surnames: frozenset[str]   # persons.yaml's COMPOUND_SURNAME: 上官, 诸葛
    name_trailers: frozenset[str]
    name_trailers_if_written_alone: frozenset[str]
    not_organizations: tuple[str, ...]
    labels_after_quote: tuple[str, ...]   # model.yaml: “新春第一会” + 精神, a meeting's spirit
    campaign_words: tuple[str, ...]   # model.yaml: 同心乡村 + 行, a trip or a campaign
    field_body_ends: tuple[str, ...]   # model.yaml: 社会法治与民族宗教 + 委员会, fields joined
    kind_openings: tuple[str, ...]   # organizations/model.yaml: 各 + 县区工商联, a kind
    bodies_ending_so: tuple[str, ...]
    meeting_by_ordinal: regex.Pattern   # organizations/model.yaml: 中共 + 二十大, a congress by its ordinal
    mined_heads: frozenset[str]
    derivation_suffixes: tuple[str, ...]   # places.yaml: 化 (中国 + 化 is no place)
    people_pair: regex.Pattern   # places.yaml: 蒙汉, 回汉 (two peoples, no place)
    plenum_in_list: regex.Pattern   # places.yaml: 三中 of 三中、四中全会 (a plenum's ordinal, no place)
    kind_opening: regex.Pattern   # places.yaml: 全区 + 街道, every one of a kind
    address: regex.Pattern        # places.yaml: a postal address after its label (地址：…)
    facilities: tuple[str, ...]
    grounds: tuple[str, ...]      # places.yaml: 广场, 市场, 校区: no place, the unit before it one
    roads: tuple[str, ...]
    glue_characters: frozenset[str]
    chain_parts: tuple[str, ...]
    chain_part: regex.Pattern     # any of chain_parts
    chain_parts_backwards: dict   # chain_parts as a backward trie: the part ending at a position
    chain_national: tuple[str, ...]
    stationed_offices: tuple[str, ...]   # 办事处 after a body, 驻 and a place, longest first
    parties: tuple[str, ...]       # the democratic parties (heads.yaml DEMOCRATIC_PARTY)
    party_units: tuple[str, ...]   # their units at a school, a hospital or a company
    party_place_units: tuple[str, ...]   # their units of a place (民盟 + 道外区 + 基层组织)
    place_levels: tuple[tuple[str, ...], ...]   # largest first (省 ... 村)
    level_ranks: dict[str, int]   # each level word's rank in place_levels
    longest_level: int            # characters of the longest level word (自治区)
    long_levels: tuple[str, ...]  # the level words of two characters or more (街道, 自治区)
    village_level: int            # the rank of villages and communities in place_levels
    town_level: int               # the rank right above them: towns and streets (镇, 街道)
    levels_after_name: tuple[str, ...]   # region_levels, sites and the levels, longest first: 大连湾 + 街道
    zone: regex.Pattern           # heads.yaml zones, longest first: 经济技术开发区
    positions: tuple[str, ...]    # places.yaml positions: 畔, 南岸, 流域
    attributes_alone: frozenset[str]   # places.yaml: 中华, no place alone
    attributes_before_nouns: frozenset[str]   # places.yaml: 中国, no place before a noun it modifies
    attribute_noun_tags: frozenset[str]       # places.yaml: jieba's tags of such a noun
    regions: regex.Pattern        # places.yaml regions: 大湾区, 苏北
    landforms: regex.Pattern      # places.yaml landforms: 平原, 盆地 (江汉 + 平原)
    qualities: tuple[str, ...]    # places.yaml: what a place is built into (美丽 + 宣恩, 法治 + 芜湖)
    position_after_geographic_end: regex.Pattern   # places.yaml: 沿岸 after 河, 脚下 after 山
    geographic_stem_tags: frozenset[str]   # places.yaml: jieba's tags of a river's or mountain's stem
    common_landforms: frozenset[str]       # places.yaml: jieba's places that name a kind (大山, 高山)
    geographic_ends: tuple[str, ...]       # places.yaml: 江, 山 (綦河, 蒙山)
    geographic_end: regex.Pattern          # one of them
    stem_char_break_tags: tuple[str, ...]  # places.yaml: jieba's tags of no stem's first character (游 | 黄山)
    kind_sites: tuple[str, ...]   # places.yaml: heads of sites of a kind (产业园, 基地), longest first
    unit_levels: regex.Pattern    # places.yaml: the levels a unit the model misses is read by (镇, 村)
    unit_level_end: regex.Pattern   # ... one of them ending a name
    place_kind_closer: regex.Pattern     # places.yaml: 等 + a few characters + a kind of place (等知名景点)
    opening_break_tags: tuple[str, ...]   # places.yaml: jieba's tags of no word a unit's name opens with
    opening_word_tags: frozenset[str]     # places.yaml: jieba's tags of two characters a unit's name may open with
    stem_opening_break_tags: tuple[str, ...]   # places.yaml: ... of no word a unit's stem after a place opens with
    unit_stem_tags: frozenset[str]   # places.yaml: jieba's tags of the words of such a unit's stem
    level_stem_break_tags: tuple[str, ...]  # places.yaml: jieba's tags of no word a unit's stem is (这个 + 镇)
    list_separators: tuple[str, ...]   # places.yaml: 、, 和
    committee: regex.Pattern      # heads.yaml COMMITTEE, longest first: 村委会, 党支部
    list_to_end: regex.Pattern    # items 、 items … up to a list end of places.yaml (高雄 | 等地)
    stem_list_end: regex.Pattern  # places.yaml: 等镇, 6个村 closing a list of units' stems
    common_word_tags: frozenset[str]   # places.yaml: jieba's tags of words no short form of a place is (振兴 v)
    level_after: regex.Pattern    # a level word (市, 区, 街道) right where a name ends
    declared_short_form: regex.Pattern   # （以下简称区知联会）right after a name
    declared_abbreviation: regex.Pattern   # （ITU） right after a name
    bracketed_short_form: regex.Pattern   # （青聯） right after 香港青年聯會: its characters in order
    organization_list_closer: regex.Pattern   # 等平台企业: a list of names of that kind ends
    listed_unit: regex.Pattern   # 交通运输局 in 红花岗区总工会、交通运输局: a bare unit listed with a body
    counted_before: regex.Pattern   # 下设4个 + 联盟分会: a count before a name makes it a kind
    counted_after: regex.Pattern   # 基层新联会分会 + 9个，: a count ending the clause after a name too
    counted_opening: regex.Pattern   # 两间 + 科创实验室: a name the model reads opening with a count
    outlet_app: regex.Pattern   # 湖北日报 + 客户端: an outlet's app, no outlet named
    source_outlet: regex.Pattern   # 来源：端州统战, a source line's outlet
    set_phrases: regex.Pattern    # 中国特色社会主义: a place in it names no place
    source_line: regex.Pattern    # 来源:中新网浙江: a place in it names no place of the report
    dateline: regex.Pattern       # 中新网四川新闻4月2日电: a name only there is the page's credit
    origin: regex.Pattern         # places.yaml origins: 来自, 从 (来自 + 台中)
    origin_form_ends: frozenset[str]   # places.yaml: 的, 到 (来自 + 新竹 + 的)


@functools.lru_cache(maxsize=1)
def load_rules() -> NameRules:
    persons = lexicon.load_rule_file("persons.yaml")
    model = lexicon.load_rule_file("organizations/model.yaml")
    places = lexicon.load_rule_file("places.yaml")
    heads = lexicon.load_rule_file("organizations/heads.yaml")
    village_level = next(rank for rank, words in enumerate(places["levels"]) if name_grammar.VILLAGE_SUFFIXES[-1] in words)
    return NameRules(
        person_rules=lexicon.compile_rules("persons.yaml"),
        outlet_before_credit=regex.compile(persons["outlet_before_credit"]),
        title_boundaries=frozenset(persons["title_boundaries"]),
        title_break_tags=tuple(persons["title_break_tags"]),
        title_break_words=frozenset(persons["title_break_words"]),
        roles=tuple(persons["roles"]),
        role_words=tuple(role for role in persons["roles"] if len(role) > 1),
        role_words_by_last=name_grammar.group_by_end(role for role in persons["roles"] if len(role) > 1),
        role_words_by_first=name_grammar.group_by_end([role for role in persons["roles"] if len(role) > 1], key=lambda role: role[::-1]),
        credits=tuple(sorted(persons["placeholders"]["CREDIT"], key=len, reverse=True)),
        title_max=persons["title_max"],
        age_phrase=regex.compile(persons["age_phrase"], regex.REVERSE),
        generation=regex.compile(persons["generation"]),
        name_length=tuple(persons["name_length"]),
        levels_in_no_name=tuple(persons["levels_in_no_name"]),
        given_name_break_tags=tuple(persons["given_name_break_tags"]),
        not_given=frozenset(persons["placeholders"]["NOT_GIVEN"]),
        speech_verbs=tuple(persons["placeholders"]["SPEECH"]),
        joining_trailers=tuple(persons["joining_trailers"]),
        dotted_name_chars=frozenset(lexicon.load_rule_file("mined_name_chars.yaml")["dotted_name_chars"]),
        not_fourth=frozenset(persons["placeholders"]["NOT_GIVEN"]) | frozenset(persons["name_trailers"])
        | frozenset(persons["adverbs_before_speech"]),
        surnames=frozenset(persons["placeholders"]["SURNAME"]),
        compound_surnames=frozenset(persons["placeholders"]["COMPOUND_SURNAME"]),
        read_name_surnames=frozenset(persons["placeholders"]["COMPOUND_SURNAME"]) | frozenset(persons["surnames_of_read_names"]),
        name_trailers=frozenset(persons["name_trailers"]),
        name_trailers_if_written_alone=frozenset(persons["name_trailers_if_written_alone"]),
        not_organizations=tuple(model["not_organizations"]),
        labels_after_quote=tuple(model["labels_after_quote"]),
        campaign_words=tuple(model["campaign_words"]),
        field_body_ends=tuple(model["field_body_ends"]),
        kind_openings=tuple(model["kind_openings"]),
        bodies_ending_so=tuple(model["bodies_ending_so"]),
        meeting_by_ordinal=regex.compile(model["meeting_by_ordinal"]),
        glue_characters=frozenset(model["glue_characters"]),
        chain_parts=tuple(model["chain_parts"]), chain_part=regex.compile(lexicon.alternation(model["chain_parts"])),
        chain_parts_backwards=name_grammar.backward_trie(model["chain_parts"]),
        chain_national=tuple(model["chain_national"]),
        stationed_offices=tuple(sorted(model["stationed_offices"], key=len, reverse=True)),
        parties=tuple(heads["groups"]["DEMOCRATIC_PARTY"]["words"]),
        party_units=tuple(model["party_units"]),
        party_place_units=tuple(model["party_place_units"]),
        facilities=tuple(places["facilities"]), grounds=tuple(places["grounds"]), roads=tuple(places["roads"]),
        derivation_suffixes=tuple(places["derivation_suffixes"]),
        people_pair=regex.compile(places["people_pair"]),
        plenum_in_list=regex.compile(places["plenum_in_list"]),
        kind_opening=regex.compile(places["kind_opening"]),
        address=regex.compile(places["address"]),
        mined_heads=frozenset(lexicon.load_rule_file("organizations/mined_heads.yaml")["mined_heads"]),
        place_levels=tuple(tuple(words) for words in places["levels"]),
        level_ranks={word: rank for rank, words in enumerate(places["levels"]) for word in words},
        longest_level=max(len(word) for words in places["levels"] for word in words),
        long_levels=tuple(word for words in places["levels"] for word in words if len(word) > 1),
        village_level=village_level, town_level=village_level - 1,
        levels_after_name=tuple(sorted({*places["region_levels"], *places["sites"], *(word for words in places["levels"] for word in words)},
                                       key=lambda word: (-len(word), word))),
        regions=regex.compile(places["regions"]),
        landforms=regex.compile(lexicon.alternation(places["landforms"])),
        qualities=tuple(places["qualities"]),
        positions=tuple(sorted(places["positions"], key=len, reverse=True)),   # 岸边 before 边
        attributes_alone=frozenset(places["attributes_alone"]),
        attributes_before_nouns=frozenset(places["attributes_before_nouns"]),
        attribute_noun_tags=frozenset(places["attribute_noun_tags"]),
        position_after_geographic_end=regex.compile(f"(?<=[{''.join(places['geographic_ends'])}])"
                                                    + lexicon.alternation(places["positions"])),
        geographic_stem_tags=frozenset(places["geographic_stem_tags"]),
        common_landforms=frozenset(places["common_landforms"]),
        geographic_ends=tuple(places["geographic_ends"]),
        geographic_end=regex.compile(lexicon.alternation(places["geographic_ends"])),
        stem_char_break_tags=tuple(places["stem_char_break_tags"]),
        unit_levels=regex.compile(lexicon.alternation(places["unit_levels"])),
        unit_level_end=regex.compile(lexicon.alternation(places["unit_levels"]) + "$"),
        place_kind_closer=regex.compile(f"等\\p{{Han}}{{0,4}}?{lexicon.alternation(places['place_kinds'])}"),
        opening_break_tags=tuple(places["opening_break_tags"]),
        opening_word_tags=frozenset(places["opening_word_tags"]),
        stem_opening_break_tags=tuple(places["stem_opening_break_tags"]),
        kind_sites=tuple(sorted(places["kind_sites"], key=len, reverse=True)),
        unit_stem_tags=frozenset(places["unit_stem_tags"]),
        level_stem_break_tags=tuple(places["level_stem_break_tags"]),
        zone=regex.compile(lexicon.alternation(heads["zones"])),
        list_separators=tuple(places["list_separators"]),
        committee=regex.compile(lexicon.alternation(heads["groups"]["COMMITTEE"]["words"])),
        common_word_tags=frozenset(places["common_word_tags"]),
        stem_list_end=regex.compile(places["stem_list_end"]),
        list_to_end=regex.compile(rf"(?:\p{{Han}}{{2,{MAX_LISTED}}}?、)*\p{{Han}}{{2,{MAX_LISTED}}}?"
                                  rf"(?={lexicon.alternation(places['list_ends'])}|等\p{{Han}}{{2}}{lexicon.alternation(places['qualified_list_ends'])})"),
        level_after=regex.compile(lexicon.alternation([word for words in places["levels"] for word in words])),
        declared_short_form=regex.compile(model["declared_short_form"]),
        declared_abbreviation=regex.compile(model["declared_abbreviation"]),
        bracketed_short_form=regex.compile(model["bracketed_short_form"]),
        organization_list_closer=regex.compile(model["organization_list_closer"]),
        listed_unit=regex.compile(model["listed_unit"]),
        counted_before=regex.compile(model["counted_before"]),
        counted_after=regex.compile(model["counted_after"]),
        counted_opening=regex.compile(model["counted_opening"]),
        outlet_app=regex.compile(model["outlet_app"]),
        source_outlet=regex.compile(model["source_outlet"]),
        set_phrases=regex.compile(lexicon.alternation(places["set_phrases"])),
        source_line=regex.compile(places["source_line"]),
        dateline=regex.compile(model["dateline"]),
        origin=regex.compile(lexicon.alternation(places["origins"])),
        origin_form_ends=frozenset(places["origin_form_ends"]),
    )


def valid_spans(items: list[tuple], length: int) -> bool:
    """Whether every cached (start, end, label) can stand in a text of ``length`` characters
    (one loop: this runs for every article of a rules-only rebuild)."""
    for item in items:
        if len(item) != 3:
            return False
        start, end, label = item
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= length or label not in ner.LABELS:
            return False   # type(...) is int: a bool is no offset
    return True


class TagCache:
    """The model's spans per article text, one JSON file per (tagging fingerprint, text sha256).
    Written to a temporary file and renamed: a reader sees a whole entry or none; an entry
    that does not parse, or holds a span that cannot be one of the text's, is tagged again."""

    def __init__(self, directory: Path | None, fingerprint: str):
        self.directory = directory / fingerprint[:16] if directory else None

    def get(self, text: str, tag) -> list[tuple[int, int, str]]:
        if self.directory is None:
            return tag()
        path = self.directory / f"{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}.json"
        kept = cache.read_json(path)
        try:
            found = [tuple(item) for item in kept]
            if valid_spans(found, len(text)):
                return found
        except TypeError:
            pass   # nothing kept, or not a list of spans
        found = tag()
        cache.write_json(path, found)
        return found


class NameExtractor:
    def __init__(self, org_rules: name_grammar.NameGrammar, segmenter: str = "jieba",
                 model: str | None = None, cache: str | None = "default", policy=POLICY):
        self.model = ner.load(Path(model) if model else ner.MODEL_DIR)
        self.rule_id = f"ner/{self.model.version}"
        self.rules = load_rules()
        self.policy = frozenset(policy)
        self.segmenter = segmenter
        self.org_rules = org_rules
        self.org_lexicon = org_rules.lex
        # a united-front association's short form, a body by itself (新联会, 知联会: heads.yaml ASSOC_ABBR)
        self.association_abbreviation = regex.compile(self.org_lexicon.placeholders["ASSOC_ABBR"])
        # the gazetteer's names, full and short (2 characters or more): 于都 of 于都县
        self.gazetteer_names = frozenset(self.org_lexicon.places) | self.org_lexicon.short_places | self.org_lexicon.district_shorts
        self.read_simplified = ("", "")   # (text, its simplified characters): the last article read
        # a town or a street written after the gazetteer's places that open an address (蚺城 + 街道)
        self.address_town = regex.compile(rf"\p{{Han}}{{2,{UNIT_STEM_MAX}}}?{lexicon.alternation(self.rules.place_levels[self.rules.town_level])}")
        self.cache = TagCache(cache_dir() if cache == "default" else (Path(cache) if cache else None), self.tagging_fingerprint())

    def __call__(self, doc: Doc) -> Doc:
        text = segment.text_of(doc)
        found = self.cache.get(text, lambda: self.tag(doc, text))
        masked = RangeSet(tuple(r) for r in doc._.masked or ())
        found = [(s, e, label) for s, e, label in found if not masked.overlaps(s, e)]
        origins = self.short_forms_after_origin(self.simplified(text, 0, len(text)))
        found = self.persons_read_as_places(text, self.places_read_as_persons(text, found, origins))
        read = {label: [(s, e) for s, e, found_label in found if found_label == label] for label in ner.LABELS}
        # where the model's places start, mended before the organizations read places from them
        # (level words alone name no place: 查干 + 苏木, which jieba's dictionary holds as a name;
        # 苏木镇, sumu and towns; but 格斯台 | 苏木 is one place the model read in two)
        loc_ends = {e for _, e in read["LOC"]}
        read["LOC"] = [(self.opening_cut_off(text, self.level_stem_start(text, self.glued_stem_start(text, s), e), e),
                        self.locative_end(text, s, self.level_word_end(text, s, e)))
                       for s, e in read["LOC"] if s in loc_ends or not self.levels_only(self.simplified(text, s, e))]
        orgs = self.merge_organizations(doc, text, read["ORG"], dict(read["LOC"]), dict(read["PER"]))
        self.name_declared_short_forms(text, orgs)
        orgs = renamed(orgs, self.short_forms_after_places(text, orgs))
        orgs = renamed(orgs, self.abbreviations_written(text, orgs, doc.user_data.get(EXCLUDED_KEY, ())))
        orgs = sorted(orgs + self.declared_short_forms(text, orgs))
        orgs = sorted(orgs + self.village_bodies(text, read["LOC"], orgs))
        orgs = sorted(orgs + self.source_outlets(text, orgs, set(read["PER"])))
        orgs = sorted(orgs + self.listed_with_organizations(text, orgs))
        orgs = sorted(orgs + self.listed_units(text, orgs))
        orgs = sorted(orgs + self.siblings_of_names(text, orgs))
        orgs = self.opened_as_written_elsewhere(text, orgs)
        orgs = [org for org in (self.after_pronoun_level(text, c) for c in orgs) if org is not None]
        kinds_named = [c for c in orgs if self.counted(text, c.start, c.end) or self.names_app(text, c)]
        orgs = [c for c in orgs if c not in kinds_named]   # no name, and no place inside either
        addresses = RangeSet(hit.span("address") for hit in self.rules.address.finditer(text))
        orgs = [c for c in orgs if not addresses.overlaps(c.start, c.end)]   # 地址：…县委大院: a compound, no body
        source_lines = [line.span() for line in self.rules.source_line.finditer(text)]   # places.yaml source_line
        orgs = self.named_beyond_sources(text, orgs, source_lines)
        persons = self.persons(text, read["PER"], RangeSet((c.start, c.end) for c in orgs))
        titles = [person.fields.pop("_title") for person in persons]
        bodies = orgs   # every organization read, those only in titles too: no count inside their names
        for person, title in zip(persons, titles):
            person.fields["employers"] = self.employers(text, bodies, title)
        mention_titles = [person.fields.pop("_mention_title") for person in persons]
        orgs = self.outside_titles(text, orgs, [title for title in mention_titles if title])
        # Not a place of its own: one inside an organization's name, a person's name or title (at
        # any mention), a set phrase or a source line.
        taken = RangeSet([(c.start, c.end) for c in orgs + persons + kinds_named] + [title for title in mention_titles if title]
                         + [phrase.span() for phrase in self.rules.set_phrases.finditer(self.simplified(text, 0, len(text)))]
                         + source_lines)
        model_places = read["LOC"] + self.places_opening_dropped(text, read["ORG"], orgs)
        # the units the rules' names and the model's are built on (三甲集镇 of 三甲集镇人民政府)
        in_names = [*doc.user_data.get(PLACES_KEY, ()),
                    *filter(None, (self.opening_unit(text, c.start, c.end) for c in orgs if c.rule == self.rule_id))]
        places = self.places(text, model_places, self.gazetteer_places(text, model_places, origins), taken,
                             self.units_written_alone(text, in_names, RangeSet(model_places)),
                             self.units_with_levels(text, model_places)
                             + self.stems_listed_before_level(text),
                             self.town_stems_written(text, model_places))
        places = self.opened_as_written_elsewhere(text, places)
        places = sorted(places + self.declared_place_short_forms(text, places, taken))
        # an outlet written only in its source line or its account's line is the page's credit,
        # which the guide leaves optional: read, so that no place or person is read inside it, not written
        named = [c for c in orgs if c.rule != SOURCE_OUTLET_RULE or text.count(text[c.start:c.end]) > 1]
        for key, label, candidates in (("organizations", "ORG", named), ("persons", "PER", persons), ("places", "LOC", places)):
            doc = write_spans(doc, key, label, candidates)
        names = RangeSet((c.start, c.end) for c in bodies)
        for key in ("counts", "dates"):   # a numeral inside a name is its brand's (江西三元物流…, 7天鲜达冷链…)
            doc.spans[key] = [span for span in doc.spans.get(key, []) if not names.holds_part(span.start_char, span.end_char)]
        return doc

    def after_pronoun_level(self, text: str, org: Candidate) -> Candidate | None:
        """A name that opens with the level of a pronoun's unit (我市, 该县: the report's own city
        or county) without it: the level is the pronoun's. What follows stands where it names a
        body by itself: specific (我市 + 浙江商会) or a people's organization or an association
        in short (该市 + 新联会, 我县 + 工商联; its normalized name is the unit's); a head
        alone names a kind of body (我市 + 商会: the city's chambers)."""
        if not (self.org_rules.after_self_reference(text, org.start) and text[org.start] in name_grammar.LEVEL_CHARS):
            return org
        start = org.start + 1
        rest = self.simplified(text, start, org.end)
        if not (self.named_specifically(rest) or self.association_abbreviation.fullmatch(rest)
                or org.fields.get("kind") == name_grammar.MASS_ORG_KIND):
            return None
        name = org.fields.get("name")
        return Candidate(start, org.end, org.rule, {**org.fields, "name": text[start:org.end] if name in (None, text[org.start:org.end]) else name})

    def closed_by_place_kind(self, text: str, start: int, end: int) -> bool:
        """Whether a list's last item ends with 等 and a kind of place that heads its phrase
        (等知名景点, 等边境县 + 的; not 等县 + 领导: the leaders, whom a noun after it names)."""
        closer = self.rules.place_kind_closer.search(text, start, end)
        if closer is None:
            return False
        after = segment.cut_phrase(self.segmenter, text[closer.end():closer.end() + 4])
        return not after or not self.org_rules.tag(after[0][0]).startswith("n")

    def places_read_as_persons(self, text: str, found: list[tuple[int, int, str]],
                               origins: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """A name the model reads as a person where the report also writes it as a place (宁德
        tagged LOC elsewhere, or written before a level word: 鹿城 + 区, 容桂 + 街道, or a river's
        or a mountain's before a word of position: 巴拉河 + 畔; not one that ends with a level word
        only: 李红旗, 施恭旗 are persons), or a city's or a province's short form written after a verb of coming
        from or going to (来自 + 高雄: short_forms_after_origin), or an item of a 、-list closed by
        等 and a kind of place (天子山、袁家界、黄龙洞 + 等知名景点: places.yaml place_kind_closer), is
        that place: a report seldom names a person as it names a place."""
        places = {text[s:e] for s, e, label in found if label == "LOC"}
        listed = RangeSet(item for listing in enumerations.enumerations(text) if listing.kind == "list"
                          and self.closed_by_place_kind(text, *listing.items[-1]) for item in listing.items)
        after_origin = {self.simplified(text, s, e) for s, e in origins}
        level_after, position_after = self.rules.level_after, self.rules.position_after_geographic_end

        def is_place(name: str) -> bool:
            return name in places \
                or any(level_after.match(text, at + len(name)) or position_after.match(text, at + len(name))
                       for at in segment.occurrences(text, name))

        return [(s, e, "LOC" if label == "PER" and (is_place(text[s:e]) or self.simplified(text, s, e) in after_origin
                                                     or listed.overlaps(s, e)) else label)
                for s, e, label in found]

    def persons_read_as_places(self, text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A name the model reads as a place right after a role word or a credit word (统战部部长
        + 乌云其木格 + 在讲话中表示, 记者 + 乌云其木格: a Mongolian name, which the model reads as
        a place) is a person, unless the report writes it as a place: a name of the gazetteer, one
        ending with a level word, one the report writes before a level word (places_read_as_persons)."""
        level_after = self.rules.level_after
        # whole role words: 员 and 户 end nouns of kinds of people (留学人员 + 创业园, 千户 + 苗寨)
        openers = self.rules.role_words + self.rules.credits

        def in_persons_slot(start: int, end: int) -> bool:
            before = text[:start].rstrip(" \t\u3000：:")
            name = text[start:end]
            return before.endswith(openers) and not self.names_place(name) \
                and not any(level_after.match(text, at + len(name)) for at in segment.occurrences(text, name))

        return [(s, e, "PER" if label == "LOC" and in_persons_slot(s, e) else label) for s, e, label in found]

    def tagging_fingerprint(self) -> str:
        """What the cached spans depend on: the model's files, the code that runs it
        (pipeline/ner.py, ``tag`` below and Script.simplify) and the script tables it reads the
        text through."""
        digest = hashlib.sha256(self.model.fingerprint.encode())
        digest.update(Path(ner.__file__).read_bytes())
        digest.update(inspect.getsource(NameExtractor.tag).encode())
        digest.update(inspect.getsource(script.Script.simplify).encode())
        digest.update(json.dumps(sorted(self.org_lexicon.script.to_simplified.items())).encode())
        return digest.hexdigest()

    def tag(self, doc: Doc, text: str) -> list[tuple[int, int, str]]:
        """The model over the sentences that hold a Chinese character, offsets into the article.
        It reads them in simplified characters (OpenCC's tables, one character for one, so
        every offset stays): its training data is simplified."""
        simplified = self.org_lexicon.script.simplify(text)
        sentences = [(s, e) for s, e in doc._.sentences if HAN.search(text, s, e)]
        tagged = self.model.tag([simplified[s:e] for s, e in sentences])
        return [(s + a, s + b, label) for (s, _), found in zip(sentences, tagged) for a, b, label in found]

    # -- organizations -----------------------------------------------------------------------

    def merge_organizations(self, doc: Doc, text: str, model_spans: list[tuple[int, int]],
                            model_places: dict[int, int], model_persons: dict[int, int]) -> list[Candidate]:
        table = extensions.fields_table(doc)
        kept, added = [], []
        place_starts = {end: start for start, end in model_places.items()}
        model_spans = sorted(model_spans)
        starts = [start for start, _ in model_spans]
        model_names = RangeSet(model_spans)
        rule_starts = sorted(span.start_char for span in doc.spans.get("organizations", []))
        rule_names = {span.end_char: span.start_char for span in doc.spans.get("organizations", [])}
        for span in doc.spans.get("organizations", []):
            rule_start, rule_end = span.start_char, span.end_char
            fields = dict(table[("ORG", rule_start, rule_end)])
            first, last = bisect.bisect_left(starts, rule_start), bisect.bisect_left(starts, rule_end)
            inner = [(s, e) for s, e in model_spans[first:last] if e <= rule_end and (s, e) != (rule_start, rule_end)]
            wider = next(((s, e) for s, e in model_spans[max(0, first - 1):last + 1]
                          if s < rule_start and (e == rule_end or self.goes_on(text, s, e, rule_end, rule_starts))
                          and self.glued(text, s, [(rule_start, e)]) is None
                          and self.reads_as_name(text[s:e])
                          and not (self.function_words_only(text, s, rule_start)
                                   and (self.opens_with_name(text, rule_start, rule_end) or text[rule_start] in name_grammar.LEVEL_CHARS))
                          and not self.body_before_unit(text, s, rule_start)
                          and not self.place_joined(text, s, rule_start)
                          and not self.rules.counted_opening.match(text, s, rule_start)
                          and not self.org_rules.joins_names(text, s, name_grammar.window_start(text, s))
                          and self.org_rules.starts_word(text, s)
                          and not self.after_department(text, s, rule_start, rule_end, rule_names)
                          and not self.after_outlet(text, s, rule_start)
                          and not self.joined_after(text, s, rule_start, rule_names)
                          and not self.org_rules.unit_before_gazetteer_place(text, s, rule_start)), None)
            # ... not over a committee's department the rules read before it (中共吴江区委统战部 + 吴江区工商联)
            # ... not over another rule's name (县青年企业家协会 + 和县律师协会: two names joined)
            # ... not over the town the body lies in (大溪镇 + 浙江利凯泵业有限公司)
            # ... from the rule's start or after the places it opens with (加拿大 | 多伦多四邑总会所)
            longer = next(((rule_start, e) for s, e in model_spans[first:last]
                           if (s == rule_start or self.places_only(text[rule_start:s]))
                           and self.goes_on(text, s, e, rule_end, rule_starts)
                           and not self.national_office_unplaced(text, rule_start, rule_end)
                           and not self.bare_part_as_topic(text, rule_end, e)), None)
            glue = self.glued(text, rule_start, inner) if inner else None
            opening = self.opening_glue(text, rule_start, rule_end) if 2 in self.policy and not glue else None
            if opening is None and 5 in self.policy and not model_names.overlaps(rule_start, rule_start + 1):
                opening = self.predicate_after_subject(text, rule_start, rule_end, model_places, model_persons)
            named_after = self.verb_before_name(text, rule_start, rule_end, inner) \
                if opening is None and 2 in self.policy and not glue else None
            if opening is not None:   # 参观 | 社区党群服务中心, 会同 | 县委, 高新区建成 | 党群服务中心
                added += [self.model_organization(text, opening, rule_end)] if self.is_organization(text, opening, rule_end) else []
            elif named_after is not None:   # the model's name, where it and the rule's end as one
                added.append(self.model_organization(text, named_after, rule_end))
            elif glue and 2 in self.policy:
                added += [self.model_organization(text, s, e) for s, e in [(rule_start, glue), *inner]
                          if self.reads_as_name(text[s:e])]
            elif wider and 3 in self.policy:   # with the places written before it (雁塔区 + 小寨路街道办事处)
                added.append(self.model_organization(text, self.place_before(text, wider[0], place_starts), wider[1]))
            elif longer and 6 in self.policy:   # the rule's normalized name, gone on as the model's
                added.append(self.model_organization(text, *longer, name=fields["name"] + text[rule_end:longer[1]]))
            elif self.opened_by_subject(text, rule_start, rule_end, model_persons, model_names) \
                    and fields.get("kind") not in KINDS_NAMED_AFTER_PERSONS:
                continue   # 沈琪 + 汇报 + 商会: the clause's subject and its predicate, no name
            else:
                kept.append(Candidate(rule_start, rule_end, fields.pop("rule"), fields))
        kept = [self.opened_by_place(text, c, place_starts) for c in kept]
        replacing = RangeSet((c.start, c.end) for c in added)
        kept = [c for c in kept if not replacing.overlaps(c.start, c.end)]   # 苏州市工商联 in 苏州市工商联吴中区商会
        excluded = doc.user_data.get(EXCLUDED_KEY, ())
        kinds = {end: start for start, end in excluded if self.simplified(text, start, end) in self.org_lexicon.generic}
        taken = RangeSet([(c.start, c.end) for c in kept + added] + [span for span in excluded if span[1] not in kinds])
        quotes = RangeSet(q.span("in") for q in enumerations.QUOTED_ITEM.finditer(text))
        kept = [c for c in kept if not quotes.holds_part(c.start, c.end)]   # “京东燕郊科技节”: an event's
        books = RangeSet(title.span("in") for title in BOOK_TITLE.finditer(text))
        for start, end in model_spans if 4 in self.policy else ():
            if taken.overlaps(start, end) or quotes.holds_part(start, end) or books.holds_part(start, end) \
                    or self.quoted_event(text, start, end) \
                    or self.hidden_by_kind(text, start, end, kinds) or name_grammar.in_collective(text, start) \
                    or text.endswith(name_grammar.KIND_OPENERS, 0, start) \
                    or self.person_after_role(text, start):
                continue   # ... nor a piece of a quoted title (「灣區同心行」交流活動) or a document's
                #            (《中国共产党统一战线工作条例》: the rules' names there stand), nor one
                #            opening with a level of a collective (各市 + 州党委统战部: every one's)
            start = self.place_before(text, self.village_body_start(text, start, end), place_starts)
            end = self.with_shared_character(text, start, end)
            if not taken.overlaps(start, end) and self.is_organization(text, start, end):
                added.append(self.model_organization(text, start, end))
        orgs = sorted(self.before_shared_title(text, self.opened_by_ownership(text, c)) for c in kept + longest_first(added))
        orgs = self.join_chains(text, orgs, model_places) if 7 in self.policy else orgs
        return renamed(orgs, self.parts_written_alone(text, orgs))

    def outside_titles(self, text: str, orgs: list[Candidate], titles: list[tuple[int, int]]) -> list[Candidate]:
        """The organizations but those named only inside persons' titles (黄浦区委 of 黄浦区委常委卢正:
        an employer, which the guide leaves optional, listed with the person instead), and a party
        group in a title wherever else its body is named (甘肃省侨联党组 of 甘肃省侨联党组书记: a post)."""
        in_titles = RangeSet(titles)
        held = [in_titles.holds_part(c.start, c.end) for c in orgs]
        named_outside = {self.name_of(text, c) for c, in_title in zip(orgs, held) if not in_title}
        return [c for c, in_title in zip(orgs, held)
                if not in_title or self.name_of(text, c) in named_outside and not text.endswith(PARTY_GROUP, c.start, c.end)]

    def employers(self, text: str, orgs: list[Candidate], title: tuple[int, int] | None) -> list[dict]:
        """The bodies a person's title names, in order (上海市黄浦区委 of 上海市黄浦区委常委); of a
        party group, which names a post, its body (甘肃省侨联 of 甘肃省侨联党组成员)."""
        found = []
        for c in orgs if title else ():
            if title[0] <= c.start and c.end <= title[1]:
                end, name = c.end, self.name_of(text, c)
                if text.endswith(PARTY_GROUP, c.start, c.end):
                    end, name = end - len(PARTY_GROUP), name.removesuffix(PARTY_GROUP)
                found.append({"text": text[c.start:end], "start": c.start, "end": end, "name": name,
                              "kind": name_grammar.kind_of_name(self.org_lexicon, name), "rule": c.rule})
        return found

    @staticmethod
    def name_of(text: str, org: Candidate) -> str:
        return org.fields.get("name") or text[org.start:org.end]

    def before_shared_title(self, text: str, org: Candidate) -> Candidate:
        """The name up to the character its head shares with the title written after it
        (heads.yaml heads_sharing_titles: 区台协会 + 长 is 区台协 + 会长), its normalized name cut alike."""
        name = self.simplified(text, org.start, org.end)
        for head, title in self.org_lexicon.heads_sharing_titles.items():
            shared = org.end - 1
            if name.endswith(head) and len(name) > len(head) and self.simplified(text, shared, shared + len(title)) == title:
                normalized = org.fields.get("name") or name
                return Candidate(org.start, shared, org.rule, {**org.fields, "name": normalized[:-1] if normalized.endswith(head) else text[org.start:shared]})
        return org

    def opened_by_subject(self, text: str, start: int, end: int, model_persons: dict[int, int], model_names: RangeSet) -> bool:
        """Whether the model reads a person where a rule's name starts, ending inside it, and no
        name of its own over it (沈琪 + 汇报 + 商会, jieba's dictionary tagging 汇报 nz), or one of
        its own only after the person, a word that governs one right after it (侯召秀 + 任 +
        县公路局; not 施莱德 + 医疗器械（海口）有限公司, a brand): the person is the clause's
        subject, what follows a predicate."""
        person_end = model_persons.get(start, start)
        if not start < person_end < end or model_names.overlaps(start, person_end):
            return False
        if not model_names.overlaps(start, end):
            return True
        after = segment.cut_phrase(self.segmenter, self.simplified(text, person_end, end))   # only where needed: jieba
        return bool(after) and segment.word_tag(after[0][0]).startswith(name_grammar.GOVERNING_TAGS)

    def person_after_role(self, text: str, start: int) -> bool:
        """Whether a role word ends right before ``start`` and a surname opens what follows
        (会长 + 王军 | 代表理事会, 院长 + 郑宏 | 对社院): the role's holder is named there, no body."""
        return text.endswith(self.rules.role_words, 0, start) and text[start:start + 1] in self.rules.surnames

    def quoted_event(self, text: str, start: int, end: int) -> bool:
        """Whether the model's name is all a quotation's and a meeting or an event (model.yaml
        not_organizations) is written right after it (「灣區同心行」+ 交流活動): the event's name;
        or a label's noun right after it (model.yaml labels_after_quote: “新春第一会” + 精神)."""
        if not (0 < start and end < len(text) and text[start - 1] in OPENING_QUOTES and text[end] in CLOSING_QUOTES):
            return False
        after = self.simplified(text, end + 1, min(len(text), end + 1 + EVENT_AFTER_QUOTE_MAX))
        after = CLAUSE_END.split(after, 1)[0]   # in its clause (“暖心驿站” + ，为夜班…: no event's noun)
        return after.startswith(self.rules.labels_after_quote) \
            or any(after[:size].endswith(self.rules.not_organizations) for size in range(2, len(after) + 1))

    def with_shared_character(self, text: str, start: int, end: int) -> int:
        """The end of the model's name with the character its head shares with the title after
        it (昆山台协 + 会长 is 昆山台协会 + 长: heads_sharing_titles), read whole as jieba reads
        it; before_shared_title cuts it again."""
        for head, title in self.org_lexicon.heads_sharing_titles.items():
            if self.simplified(text, start, end + 1).endswith(head) and self.simplified(text, end, end + len(title)) == title:
                return end + 1
        return end

    def after_body_word(self, text: str, at: int) -> bool:
        """Whether the word jieba reads right before ``at`` is a noun, a name or a word it does
        not know: a body the part is written after (农行 + 织里支行: another bank's branch)."""
        words = self.org_rules.cut(text, max(0, at - name_grammar.MAX_STEM), at)
        return bool(words) and words[-1][2] == at and HAN.match(words[-1][0]) is not None \
            and segment.word_tag(words[-1][0]).startswith(PART_OWNER_TAGS)

    def parts_written_alone(self, text: str, orgs: list[Candidate]) -> list[Candidate]:
        """The part of a name that ends with a part's head (chain_parts) after a body's or another
        part's head (顺德区人民法院 + 容桂人民法庭, 卧龙分局 + 七一派出所), named by a stem of two
        characters or more, written alone elsewhere where no name is read and after no body's
        word (after_body_word): that part, named as the whole."""
        taken = RangeSet((org.start, org.end) for org in orgs)
        found = []
        parts = self.rules.chain_parts_backwards
        for org in orgs:
            simplified = self.simplified(text, org.start, org.end)
            head = name_grammar.longest_ending_at(parts, simplified, len(simplified), 0)
            if head is None:
                continue
            part_start = next((at for at in range(org.start + head - 2, org.start + 1, -1)
                               if name_grammar.longest_ending_at(parts, simplified, at - org.start, 0) is not None
                               or name_grammar.longest_ending_at(self.org_lexicon.heads_backwards, text, at, org.start) is not None), None)
            if part_start is None:
                continue
            part = text[part_start:org.end]
            for at in segment.occurrences(text, part):
                if self.open_to_short_form(orgs, taken, at, at + len(part)) and not self.after_body_word(text, at):
                    taken.add(at, at + len(part))
                    found.append(Candidate(at, at + len(part), CHAIN_PART_RULE, {**org.fields, "name": org.fields.get("name", text[org.start:org.end])}))
        return found

    def open_to_short_form(self, orgs: list[Candidate], taken: RangeSet, start: int, end: int) -> bool:
        """Whether a short form read at text[start:end] names its body there: no name is read
        over it, or the model read it alone, by its own words (容桂人民法庭: named as the whole)."""
        return not taken.overlaps(start, end) or any(
            (org.start, org.end) == (start, end) and org.rule == self.rule_id for org in orgs)

    def opened_by_ownership(self, text: str, org: Candidate) -> Candidate:
        """A name with a word of ownership written right before it, opening with that word
        (heads.yaml ownership_openings: 国营 + 北疆机械厂)."""
        opening = next((word for word in self.org_lexicon.ownership_openings if text.endswith(word, 0, org.start)), None)
        if opening is None:
            return org
        return Candidate(org.start - len(opening), org.end, org.rule,
                         {**org.fields, "name": opening + org.fields.get("name", text[org.start:org.end])})

    def hidden_by_kind(self, text: str, start: int, end: int, kinds: dict[int, int]) -> bool:
        """Whether a kind the rules read alone (律师事务所: ``kinds``, its start by its end)
        overlaps the model's name at ``start``-``end`` otherwise than as the end of a longer
        name with no clause's word before it (山东鸢都 + 律师事务所: jieba's 鸢 | 都, an adverb,
        stopped the rule's reading; not 柳州 + 现有 + 律师事务所), nor as the second of two kinds
        the name's head heads (非公经济组织 + 和 + 社会组织 + 党委: the bodies' party committee)."""
        overlapping = [(kind_end, kind_start) for kind_end, kind_start in kinds.items() if kind_start < end and start < kind_end]
        if not overlapping:
            return False
        head = self.head_length(self.simplified(text, start, end))
        return any((kind_end != end or kind_start <= start or self.holds_clause_word(text[start:kind_start]))
                   and not (end - kind_end == head and text[kind_start - 1:kind_start] in name_grammar.JOINING)
                   for kind_end, kind_start in overlapping)

    def after_department(self, text: str, start: int, rule_start: int, rule_end: int, rule_names: dict[int, int]) -> bool:
        """Whether a rule's name ending at ``rule_start`` and starting at or after ``start`` is a
        committee's united-front department, or a party committee before a government: it owns
        no body written after it (中共吴江区委统战部 + 吴江区工商联, 秀峰区委 + 区政府, 中共中央 +
        国务院 are two bodies; 苏州市工商联 + 吴中区商会 is one, 民盟 + 东北农业大学委员会 one)."""
        before = rule_names.get(rule_start)
        if before is None or before < start:
            return False
        kind = name_grammar.kind_of_name(self.org_lexicon, text[before:rule_start])
        return kind == "united-front department" or kind == "party" and \
            name_grammar.kind_of_name(self.org_lexicon, text[rule_start:rule_end]) == "government"

    def after_outlet(self, text: str, start: int, rule_start: int) -> bool:
        """Whether text[start:rule_start] names a media outlet: it owns no body written after it
        (中国台湾网 + 钦州市台办 + 通讯员: a credit's outlet and the writer's office, two bodies).
        A site's head after one character is no outlet's name (国网 + 安吉县供电公司: the grid's)."""
        return rule_start - start > MIN_OUTLET and name_grammar.kind_of_name(self.org_lexicon, text[start:rule_start]) == MEDIA_KIND

    def joined_after(self, text: str, start: int, rule_start: int, rule_names: dict[int, int]) -> bool:
        """Whether a rule's name, or one the report names otherwise (names_body), starting at or
        after ``start`` ends right before a conjunction written before ``rule_start``: two bodies
        joined (校侨联 + 和 + 校欧美同学会, 区体总 + 和 + 区新联会)."""
        joining = rule_start - 1
        before = rule_names.get(joining)
        return text[joining:rule_start] in name_grammar.JOINING and (
            before is not None and before >= start or self.names_body(text, text[start:joining]))

    def names_body(self, text: str, name: str) -> bool:
        """Whether ``name`` reads as a name, or is a short form the report declares (（简称“区体总”））."""
        return self.reads_as_name(name) or any(declared.group("short") == name for declared in self.rules.declared_short_form.finditer(text))

    def opened_by_place(self, text: str, org: Candidate, place_starts: dict[int, int]) -> Candidate:
        """A rule's name that starts inside a place the model reads, with the places before it:
        the name written. A short form opening with a level word that ends the model's place (都斛
        | 镇人民政府, the model's 都斛镇), or a name whose first characters end it (禹 | 越镇三林村党支部:
        jieba glued the town's level onto the last character of a stem it does not know). A
        village's or a community's body with the town the model reads right before it (米公街道 +
        汉江社区居委会)."""
        place = next((place_starts[end] for end in range(org.start + 1, org.end)
                      if end in place_starts and place_starts[end] < org.start), None)
        if place is None and org.start in place_starts and self.opens_with_village(text, org.start, org.end) \
                and self.level(self.simplified(text, place_starts[org.start], org.start)) == self.rules.town_level:
            place = place_starts[org.start]
        if place is None or self.holds_verb(text[place:org.start]):
            return org   # the model's place glued a verb on (新辟 + 南翔 | 东社区邻里中心)
        start = self.place_before(text, place, place_starts)
        name = text[start:org.end]
        return Candidate(start, org.end, org.rule, {**org.fields, "name": name})

    def village_body_start(self, text: str, start: int, end: int) -> int:
        """Where a village's body the model reads starts: with the village's stem from right after
        the town written before it, and that town, where the model read the stem short (三市镇 +
        长 | 坪村党支部: jieba reads 镇长, the town's head); not where it reads no stem, the level
        opening its name (城西街道召开 + 社区统战联盟: a kind of body, the communities')."""
        village = VILLAGE_SUFFIX.search(self.simplified(text, 0, len(text)), start, min(end, start + name_grammar.MAX_STEM + 2))
        begin = self.village_start(text, start, village.end()) if village and village.start() > start else start
        town = self.town_before(text, begin) if begin < start else None
        return begin if town is None else town

    def opens_with_village(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] opens with a village or a community (汉江社区 + 居委会)."""
        return any(self.names_village(text, start, stop) for stop in range(start + 3, min(end, start + name_grammar.MAX_STEM + 3)))

    def place_before(self, text: str, start: int, place_starts: dict[int, int]) -> int:
        """Where a name the model adds starts with the place written right before it, which the
        model read apart (九龍 + 西區各界協會, 雁塔区 + 小寨路街道办事处): the model's place or
        one the rules read."""
        place = place_starts.get(start)
        if place is None and start and HAN.match(text, start - 1):
            place = self.org_rules.place_ending_at(text, start, name_grammar.window_start(text, start))
        return start if place is None else place

    def places_only(self, part: str) -> bool:
        """Whether ``part`` is places alone (加拿大, 美国洛杉矶), as jieba and the gazetteer read it."""
        return all(self.org_rules.is_place_word(word) for word, _, _ in segment.cut_phrase(self.segmenter, part))

    def goes_on(self, text: str, start: int, end: int, rule_end: int, rule_starts: list[int]) -> bool:
        """A model's name that goes on past a rule's end reads as a name (as in part 4)
        (西南科技大学 + 社会工作系), does not open with a verb that governs a clause (…分会 +
        联合律师事务所), adds no
        association's short form alone (湘潭县知联会 + 新联会: two bodies), and runs over no
        other name the rules read (县青年企业家协会 + 和县律师协会)."""
        return end > rule_end and self.is_organization(text, start, end) \
            and not self.opens_with_clause_verb(text[rule_end:end]) \
            and not self.association_abbreviation.fullmatch(text, rule_end, end) \
            and not self.joins_another(text[rule_end:end]) \
            and bisect.bisect_left(rule_starts, rule_end) == bisect.bisect_left(rule_starts, end)

    def national_office_unplaced(self, text: str, start: int, end: int) -> bool:
        """Whether a national administration's name (chain_national: 国家税务总局) ends at ``end``
        and no place follows: its local offices are named by their place (张掖市 + 税务局), so
        the model's name read on (国家税务总局 + 驻点税务局) names none."""
        return text[start:end].endswith(self.rules.chain_national) and not self.place_across(text, end, end + 1)

    def bare_part_as_topic(self, text: str, end: int, model_end: int) -> bool:
        """Whether the model reads on by a part's head alone (chain_parts, party_units) and
        a verbal noun follows it: the parts as a topic (民建吴江区委会 + 支部 + 建设, building
        its branches), no part named."""
        part = text[end:model_end]
        words = segment.cut_phrase(self.segmenter, self.simplified(text, model_end, min(len(text), model_end + 4)))
        return (part in self.rules.chain_parts or part in self.rules.party_units) \
            and bool(words) and segment.word_tag(words[0][0]) == "vn"

    def opens_with_clause_verb(self, part: str) -> bool:
        """…法律服务分会 + 联合 + 律师事务所: a verb that governs a clause opens what the model
        reads on, or a preposition or an adverb that opens no place (区政协 + 向 + 协会: its object
        is the clause's; …公益协会 + 都 + 会联合: 都会 read alone is a noun; not 中国建设银行 + 大连:
        jieba tags it d, nor 赣州银行 + 于都 + 支行); the name has ended."""
        words = segment.cut_phrase(self.segmenter, part)
        return bool(words) and (name_grammar.governs_clause(words[0][0]) or (
            segment.word_tag(words[0][0]) in ("p", "d") and not self.place_across(part, 0, len(words[0][0]) - 1)))

    def joins_another(self, part: str) -> bool:
        """延边农村商业银行 + 现场与协会: a conjunction in what the model adds after a rule's name
        joins it to another body, a list's end the kind of what it lists (…电商协会 + 等商协会);
        a name's own part holds none. jieba may glue the conjunction onto the level after it
        (北仑区新联会 + 与区 | 台协: a word it does not know)."""
        words = segment.cut_phrase(self.segmenter, part)
        return part.startswith(name_grammar.LIST_CLOSERS) \
            or any(word in name_grammar.JOINING and not self.modifiers_joined(part[:at], part[after:])
                   for word, at, after in words) \
            or (bool(words) and self.opens_with_function_char(words[0][0]))

    def modifiers_joined(self, before: str, after: str) -> bool:
        """Whether a conjunction between ``before`` and ``after`` joins two modifiers of the
        head ``after`` ends with (非公有制经济 和 社会组织 + 党工委, 统战 和 群团 + 工作部) or the
        committee or bureau it names (社会法治 与 民族宗教 + 委员会: model.yaml field_body_ends), not
        two bodies (市侨联 与 市商务局: a head before it; 现场 与 协会: a head alone after it)."""
        head = self.head_length(after) or next((len(end) for end in self.rules.field_body_ends if after.endswith(end)), 0)
        return bool(before) and not self.head_length(before) and head > 0 and len(after) - head >= 2

    def join_chains(self, text: str, orgs: list[Candidate], model_places: dict[int, int]) -> list[Candidate]:
        """Part 7 of the policy: a body and the part written right after it, one name."""
        starts = {org.start: org for org in orgs}
        joined: list[Candidate] = []
        parts = set()   # the names joined to the body before them
        for org in orgs:
            if id(org) in parts:
                continue
            written = starts.get(org.end + 1 if text[org.end:org.end + 1] in STATIONED else org.end)
            part = self.part_after(text, org, written, model_places)
            if part is None:
                joined.append(org)
                continue
            if written is not None and written.end == part:
                parts.add(id(written))
            name = org.fields["name"] + text[org.end:part]
            joined.append(Candidate(org.start, part, CHAIN_RULE,
                                    {"name": name, "kind": name_grammar.kind_of_name(self.org_lexicon, name)}))
        return joined

    def part_after(self, text: str, body: Candidate, written: Candidate | None, model_places: dict[int, int]) -> int | None:
        """The end of the part of ``body`` written right after it: ``written``, a name found
        there, when it ends with a part's head (or ``body`` is a national administration);
        else a place and a part's head; after 驻, a place and an office's head (香港特区政府 + 驻 +
        上海 + 经济贸易办事处: the body's office there, model.yaml stationed_offices)."""
        if text[body.end:body.end + 1] in STATIONED:
            return next((place_end + len(office) for place_end in self.place_ends(text, body.end + 1, model_places)
                         for office in self.rules.stationed_offices
                         if self.simplified(text, place_end, place_end + len(office)) == office), None)
        if written is not None:
            national = text[body.start:body.end].endswith(self.rules.chain_national)
            return written.end if national or text[written.start:written.end].endswith(self.rules.chain_parts) else None
        unit = self.party_unit_after(text, body)
        if unit is not None:
            return unit
        if not self.rules.chain_part.search(text, body.end + 2, body.end + MAX_CHAIN_PLACE + MAX_CHAIN_PART):
            return None   # no part's head near: most names (the places are costlier to read)
        for place_end in self.place_ends(text, body.end, model_places) + self.stem_ends(text, body.end):
            part = next((head for head in self.rules.chain_parts if text.startswith(head, place_end)), None)
            if part is not None:
                return place_end + len(part)
        return None

    def party_unit_after(self, text: str, body: Candidate) -> int | None:
        """The end of a democratic party's unit written right after a name of the party and a
        school, a hospital or a company (九三学社 + 秦川理工大学 + 支社), or a name of the party and
        places (民盟 + 哈尔滨市道外区 + 基层组织); not after the party's own committee (民建吴江区委会
        + 支部建设: building branches)."""
        name = text[body.start:body.end]
        party = next((party for party in self.rules.parties if name.startswith(party)), None)
        if party is None or len(name) == len(party):
            return None   # most names: no party's
        rest = name[len(party):]
        units = self.rules.party_place_units if self.places_only(rest) else \
            self.rules.party_units if name_grammar.kind_of_name(self.org_lexicon, rest) in INSTITUTION_KINDS else ()
        unit = next((unit for unit in units if text.startswith(unit, body.end)), None)
        return body.end + len(unit) if unit else None

    def stem_ends(self, text: str, start: int) -> list[int]:
        """Ends of a place's stem the gazetteer does not hold, opening at ``start`` (温岭市人民法院
        + 箬横 + 人民法庭): two or three characters of proper words or of single characters, as
        jieba cuts a name it does not know, none a function word (各, 下设, 三个 + 支行 are no stem)."""
        ends = []
        for size in range(MAX_PART_STEM, 1, -1):
            stem = text[start:start + size]
            if len(stem) == size and not name_grammar.NAME_BREAK.search(stem) and all(
                    self.org_rules.is_proper(word, self.org_rules.tag(word))
                    or (len(word) == 1 and not self.org_rules.breaks_stem(word))
                    for word, _, _ in segment.cut_phrase(self.segmenter, stem)):
                ends.append(start + size)
        return ends

    def place_ends(self, text: str, start: int, model_places: dict[int, int]) -> list[int]:
        """Ends of the places that open at ``start`` (the gazetteer's names, one to three of
        them, or the model's place), longest first."""
        ends = [start + size for size in range(min(MAX_CHAIN_PLACE, len(text) - start), 1, -1)
                if self.org_rules.is_place_chain(text[start:start + size])]
        if start in model_places:
            ends.append(model_places[start])
        return sorted(set(ends), reverse=True)

    def name_declared_short_forms(self, text: str, orgs: list[Candidate]) -> None:
        """A short form the report declares right after a name (…聯合會（下稱青聯會）) names that
        body wherever it is written, alone or after the part of the name it shortens (澳門青聯會,
        石狮市侨联 after 石狮市归国华侨联合会（以下简称市侨联）)."""
        by_end = {c.end: c for c in orgs}
        declared = {}
        for found in self.rules.declared_short_form.finditer(text):
            full = by_end.get(found.start())
            if full is not None:
                declared[found.group("short")] = full
        for org in orgs if declared else ():
            written = text[org.start:org.end]
            full = next((full for short, full in declared.items() if written.endswith(short)
                         and text.startswith(written[:-len(short)], full.start)), None)
            if full is not None and full is not org:
                org.fields["name"] = full.fields["name"]

    def declared_short_forms(self, text: str, orgs: list[Candidate]) -> list[Candidate]:
        """A short form the report declares right after a body's name (…党建联盟（以下简称“酱酒党建
        联盟”）, …管理委员会（以下简称“园区管委会”）) that reads as a name, wherever it is written
        and no name read overlaps it, the body's name where a name read ends at the declaration;
        the declared name ending with a head where none does (its opening read otherwise). Latin
        letters in brackets right after a name read (国际电信联盟（ITU）) are its short form too."""
        by_end = {c.end: c for c in orgs}
        taken = RangeSet((c.start, c.end) for c in orgs)
        found = []
        declarations = [(hit, False) for hit in self.rules.declared_short_form.finditer(text)] \
            + [(hit, True) for hit in self.rules.declared_abbreviation.finditer(text)] \
            + [(hit, True) for hit in self.rules.bracketed_short_form.finditer(text)
               if hit.start() in by_end and abbreviates(hit.group("short"), text[by_end[hit.start()].start:hit.start()])]
        for declaration, letters in declarations:
            short, full = declaration.group("short"), by_end.get(declaration.start())
            ends_body = name_grammar.longest_ending_at(self.org_lexicon.heads_backwards, text, declaration.start(),
                                                        max(0, declaration.start() - name_grammar.MAX_STEM)) is not None
            if letters and full is None:
                continue   # （AI）, （5G）: letters after no name
            if not letters and (not self.reads_as_name(short) or short[0] in name_grammar.NO_STEM_FIRST or (full is None and not ends_body)):
                continue   # (本会, 该会: the body itself, pointed at)
            name = full.fields["name"] if full is not None else short
            for at in segment.occurrences(text, short):
                if not taken.overlaps(at, at + len(short)):
                    taken.add(at, at + len(short))
                    found.append(Candidate(at, at + len(short), DECLARED_RULE,
                                           {"name": name, "kind": name_grammar.kind_of_name(self.org_lexicon, name)}))
        return found

    def declared_place_short_forms(self, text: str, places: list[Candidate], taken: RangeSet) -> list[Candidate]:
        """A short form the report declares right after a place (武汉东湖新技术开发区（以下简称“东湖
        高新区”）): a place too, wherever it is written and no name read overlaps it, though
        quoted."""
        ends = frozenset(c.end for c in places)
        read = RangeSet([*zip(taken.starts, taken.ends), *((c.start, c.end) for c in places)])
        found = []
        for declaration in self.rules.declared_short_form.finditer(text):
            short = declaration.group("short")
            if declaration.start() not in ends or not self.reads_as_name(short):
                continue
            for at in segment.occurrences(text, short):
                if not read.overlaps(at, at + len(short)):
                    read.add(at, at + len(short))
                    found.append(Candidate(at, at + len(short), DECLARED_PLACE_RULE, {}))
        return found

    def short_forms_after_places(self, text: str, orgs: list[Candidate]) -> list[Candidate]:
        """A name's rest after one or more of its opening places or zones (江门市 + 留学人员联谊会,
        香港 + 四會同鄉總會, 高新区 + 科创企业服务联盟), written alone elsewhere on word edges, not
        after a word that points or counts (该, 各) or a distributive (各区 + “小个专”党委: every
        district's): a short form naming that body (shortens)."""
        rests: dict[str, Candidate] = {}
        for org in orgs:
            if text.count(text[org.end - 3:org.end]) < 2:
                continue   # its last characters are written once: no rest of it is written again
            for at in self.opening_place_ends(text, org):
                rest = text[at:org.end]
                if len(rest) > 2 and self.shortens(rest):
                    rests.setdefault(rest, org)
        taken = RangeSet((c.start, c.end) for c in orgs)
        found = []
        for rest in sorted(rests, key=len, reverse=True):
            for at in segment.occurrences(text, rest):
                end = at + len(rest)
                if self.open_to_short_form(orgs, taken, at, end) and not (at and text[at - 1] in POINTING) \
                        and not text.endswith(name_grammar.DISTRIBUTIVES, 0, at) and self.on_word_edges(text, at, end):
                    taken.add(at, end)
                    found.append(Candidate(at, end, SHORT_FORM_RULE, {"name": rests[rest].fields["name"],
                                                                       "kind": rests[rest].fields["kind"]}))
        return found

    def abbreviations_written(self, text: str, orgs: list[Candidate], excluded: list[tuple[int, int]]) -> list[Candidate]:
        """A name's abbreviation written elsewhere in the report: the first character of the
        name's rest after its places, characters of it in order, and its last (青年企业家商会 ...
        青商会, 台湾同胞投资企业协会 ... 台协会), three to five characters, two or more fewer than
        the rest, of Chinese characters, on word edges (or before a role) and over no name read
        nor anything the rules leave out (上海 + 统战部门: a kind), nor after a word that makes it
        a kind (县级 + 光彩会); a place or a level written right before it is its own (道外区 +
        大兴办事处, 区 + 侨青会)."""
        taken = RangeSet([(c.start, c.end) for c in orgs] + list(excluded))
        rests = {}
        for org in orgs:
            rest = text[self.rest_start(text, org):org.end]
            if len(rest) >= ABBREVIATED_MIN and self.head_length(self.simplified(text, org.end - len(rest), org.end)):
                rests.setdefault(rest, org)
        found = []
        for rest, org in rests.items():
            for at in segment.occurrences(text, rest[0]):
                for size in range(3, min(ABBREVIATION_MAX, len(rest) - 2, len(text) - at) + 1):
                    short = text[at:at + size]
                    if short[-1] != rest[-1] or short in rest or not HAN_RUN.fullmatch(short) or not abbreviates(short[1:-1], rest[1:-1]) \
                            or text.endswith(self.org_lexicon.generic_before, 0, at) or not self.names_abbreviation(text, at, at + size):
                        continue
                    start = self.place_before(text, at, {})
                    if start == at and at and text[at - 1] in name_grammar.LEVEL_CHARS:
                        start = at - 1
                    named_here = self.open_to_short_form(orgs, taken, start, at + size)
                    if taken.overlaps(at, at + size) and not named_here:
                        continue
                    if taken.overlaps(start, at) and not named_here:
                        start = at
                    taken.add(start, at + size)
                    found.append(Candidate(start, at + size, ABBREVIATION_RULE, {"name": org.fields["name"], "kind": org.fields["kind"]}))
                    break
        return found

    def names_abbreviation(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] may be an abbreviation: no head alone (新联会, 联谊会, 供销社:
        a kind, which the rules read or leave), no word of jieba's dictionary but a name of
        its (青商会 nt; not 人民法庭), with jieba starting a word at ``start`` and ending one at
        ``end``, or a role going on from there (台 | 协会会长: jieba's word for the chair)."""
        short = self.simplified(text, start, end)
        return self.head_length(short) < len(short) and segment.word_tag(short) in ("x", "nt") \
            and self.org_rules.starts_word(text, start) \
            and (self.org_rules.ends_word(text, end) or text.startswith(self.rules.role_words, end))

    def rest_start(self, text: str, org: Candidate) -> int:
        """Where a name's rest starts after the places and zones it opens with, or the level
        standing for its place (区 + 青年企业家商会)."""
        ends = self.opening_place_ends(text, org)
        if ends:
            return ends[-1]
        return org.start + 1 if text[org.start] in name_grammar.LEVEL_CHARS else org.start

    def opening_place_ends(self, text: str, org: Candidate) -> list[int]:
        """Where each of the places and zones a name opens with ends (江门市 | 留学人员联谊会)."""
        ends, at = [], org.start
        for word, _, _ in segment.cut_phrase(self.segmenter, self.simplified(text, org.start, org.end)):
            if not (self.org_rules.is_place_word(word) or word in self.org_lexicon.zones):
                break
            at += len(word)
            ends.append(at)
        return ends

    def village_bodies(self, text: str, model_places: list[tuple[int, int]], orgs: list[Candidate]) -> list[Candidate]:
        """A committee (heads.yaml COMMITTEE: 村委会, 党支部) written right after a village or
        a community the model reads, where the rules read no name: that village's body (走访了 +
        滚家庄村 + 村委会; the rules read a village's stem only after a clause's edge)."""
        taken = RangeSet((c.start, c.end) for c in orgs)
        found = []
        for start, end in model_places:
            if self.level(self.simplified(text, start, end)) != self.rules.village_level:
                continue
            committee = self.rules.committee.match(self.simplified(text, end, end + 6))
            if committee and not taken.overlaps(start, end + committee.end()):
                taken.add(start, end + committee.end())
                found.append(self.model_organization(text, start, end + committee.end()))
        return found

    def shortens(self, rest: str) -> bool:
        """A rest that holds two characters or more before its head, not a head again (not 侨商会
        of 台山市侨商会, nor 人民政府 of 青州市人民政府, nor 商会 + 党支部 of 中山市邵阳商会党支部:
        heads alone name a kind)."""
        simplified = rest.translate(self.org_lexicon.script.to_simplified)
        head = self.head_length(simplified)
        before = simplified[:len(simplified) - head]
        return head > 0 and len(before) >= 2 and self.head_length(before) < len(before)

    @staticmethod
    def opened_as_written_elsewhere(text: str, found: list[Candidate]) -> list[Candidate]:
        """A name that ends another name the report writes elsewhere, where the text before it
        is that name's opening (河南八方通 + 再生资源有限公司党支部 after 河南八方通再生资源有限公司,
        新一届 县 + 台胞台属联谊会 after 县台胞台属联谊会; a place: 在不 + 老屯镇燕落村 after
        不老屯镇): it opens so here too, as written, when no other name stands there."""
        tails = defaultdict(list)   # the first two characters a name shares with a shorter one -> (name, where)
        for name in sorted({text[item.start:item.end] for item in found}, key=lambda name: (-len(name), name)):
            for size in range(1, len(name) - 1):
                tails[name[size:size + 2]].append((name, size))
        taken = RangeSet((item.start, item.end) for item in found)
        mended = []
        for item in found:
            written = text[item.start:item.end]
            opening = next((item.start - size for name, size in tails.get(written[:2], ())
                            if written.startswith(name[size:]) and text.endswith(name[:size], 0, item.start)), None)
            if opening is None or taken.overlaps(opening, item.start):
                mended.append(item)
                continue
            name = item.fields.get("name")
            mended.append(Candidate(opening, item.end, item.rule,
                                    {**item.fields, "name": text[opening:item.end] if name in (None, written) else text[opening:item.start] + name}))
        return mended

    def listed_with_organizations(self, text: str, orgs: list[Candidate]) -> list[Candidate]:
        """The items of a 、-list closed by 等 and a kind of organization (organization_list_closer:
        鲸送外卖、粤顺速运、快狐同城 + 等平台企业) where another item is a name read, or three or
        more have a proper word and no other item a verb: names of that kind too, where written
        alone, of Chinese characters, no place, a word of theirs proper (快狐同 x; not 餐饮、零售 +
        等企业: common words). The first item carries its clause's lead-in (来自 + 鲸送外卖): read
        without it where no name is read, as it is where it has none (。汉玉石材、…)."""
        if self.rules.organization_list_closer.search(text) is None:
            return []   # most reports: no list of names to read
        read = frozenset((c.start, c.end) for c in orgs)
        taken = RangeSet(read)
        found = []
        for enumeration in enumerations.enumerations(text):
            if enumeration.kind != "list":
                continue
            closing = next(((at, closer) for at, (start, end) in enumerate(enumeration.items)
                            if (closer := self.rules.organization_list_closer.search(text, start, end))), None)
            if closing is None:
                continue
            at, closer = closing
            count = closer.group("count")
            items = [*enumeration.items[1:at], (enumeration.items[at][0], closer.start())] if at else []
            first = self.name_after_lead_in(text, *enumeration.items[0])
            names_body = self.names_listed_body
            if count:
                if numerals.parse_number(count) != at + 1:
                    continue
                items, names_body = [first, *items], self.names_counted_body
            elif read.isdisjoint([enumeration.items[0], *items]):
                items = [first, *items]
                if sum(self.names_listed_body(text[s:e]) for s, e in items) < MIN_UNREAD_LISTED or not all(
                        self.names_listed_body(text[s:e]) or self.names_counted_body(text[s:e]) for s, e in items):
                    continue   # no name read: three or more with a proper word, no other item a verb's
                    #            (恒辉制衣、兴宏泰制衣、国沃农业 + 等企业; 志峰 + 科技 among them)
                names_body = self.listed_or_counted_body
            elif first == enumeration.items[0]:
                items = [first, *items]   # a name read among them, the first item with no lead-in (。汉玉石材、慧德高中…)
            for start, end in items:
                if not taken.overlaps(start, end) and names_body(text[start:end]):
                    taken.add(start, end)
                    found.append(Candidate(start, end, LISTED_ORG_RULE, {"name": text[start:end], "kind": name_grammar.COMPANY_KIND}))
        return found

    def siblings_of_names(self, text: str, orgs: list[Candidate]) -> list[Candidate]:
        """The items of a 、-list that end with the head a name read in the same list ends with
        (附属瑞金医院、仁济医院、第九人民医院 + 等: 医院): names of that kind too, where written alone, of
        Chinese characters, two or more before the head, neither a kind nor every unit's (乡镇 +
        商会, 县区 + 新联会: exclusions.yaml generic, generic_before), a count of a kind (三个 +
        专业分会) nor a description (周原镇的 + 清真寺)."""
        if name_grammar.LIST_MARK not in text:
            return []
        taken = RangeSet((c.start, c.end) for c in orgs)
        by_end = {c.end: c for c in sorted(orgs, key=lambda c: -c.start)}   # the longest name ending there
        found = []
        for enumeration in enumerations.enumerations(text):
            if enumeration.kind != "list":
                continue
            named = [by_end[end] for start, end in enumeration.items if end in by_end and start <= by_end[end].start]
            heads = {head: c for c in named if (head := self.head_of(self.simplified(text, c.start, c.end)))}
            for start, end in enumeration.items:
                end = self.listed_item_end(text, start, end, heads)
                item = self.simplified(text, start, end)
                head = next((head for head in heads if item.endswith(head) and len(item) - len(head) >= 2), None)
                if head is None or taken.overlaps(start, end) or not HAN_RUN.fullmatch(item) or len(item) > MAX_SIBLING \
                        or "的" in item or self.opens_with_quantity(item) or item in self.org_lexicon.generic \
                        or item.startswith(self.org_lexicon.generic_before):
                    continue
                taken.add(start, end)
                found.append(Candidate(start, end, SIBLING_RULE, {"name": text[start:end], "kind": heads[head].fields.get("kind")}))
        return found

    def opens_with_quantity(self, item: str) -> bool:
        """Whether jieba's first word of ``item`` is a numeral that is no ordinal (三个 + 专业分会;
        not 第九 + 人民医院)."""
        first = segment.cut_phrase(self.segmenter, item)[0][0]
        return segment.word_tag(first) == "m" and not first.startswith("第")

    def listed_item_end(self, text: str, start: int, end: int, heads: dict[str, Candidate]) -> int:
        """The end of an item that runs on past a head and 等 or a verb, as a list's last does
        (第九人民医院 + 等单位…, 桥头小学 + 挂牌为…): there; else ``end``."""
        item = self.simplified(text, start, end)
        for at in range(2, len(item)):
            if item.endswith(tuple(heads), 0, at) and (item.startswith(name_grammar.LIST_CLOSERS[0], at)
                                                         or segment.word_tag(segment.cut_phrase(self.segmenter, item[at:])[0][0]) == "v"):
                return start + at
        return end

    def head_of(self, name: str) -> str:
        """The longest head a name ends with, "" for none."""
        start = name_grammar.longest_ending_at(self.org_lexicon.heads_backwards, name, len(name), 0)
        return name[start:] if start is not None else ""

    def counted(self, text: str, start: int, end: int) -> bool:
        """Whether a count is written right before a name, or right after it ending its clause:
        the name is a kind of body counted (model.yaml counted_before, counted_after)."""
        return self.rules.counted_before.search(text, max(0, start - COUNT_BEFORE_MAX), start) is not None \
            or self.rules.counted_after.match(text, end) is not None

    def names_app(self, text: str, org: Candidate) -> bool:
        """Whether an outlet's name is written on with its app (湖北日报 + 客户端)."""
        return org.fields.get("kind") == OUTLET_KIND and self.rules.outlet_app.match(text, org.end) is not None

    def listed_units(self, text: str, orgs: list[Candidate]) -> list[Candidate]:
        """The units written bare in a 、-list where another item ends with a body of a place read
        (model.yaml listed_unit: 红花岗区总工会、交通运输局; the list's last item may run on with its
        clause: unit_before_verb): the place's units, names; not a role (常委), nor one of words
        jieba reads as other than nouns (活动 + 联办)."""
        bodies = [c for c in orgs if c.fields.get("kind") in UNIT_LISTING_KINDS]
        if not bodies:
            return []
        taken = RangeSet((c.start, c.end) for c in orgs)
        found = []
        for enumeration in enumerations.enumerations(text):
            if enumeration.kind != "list" or not any(start <= c.start and c.end == end for c in bodies for start, end in enumeration.items):
                continue   # a body must end its item (not 工商联 + 和无党派人士围绕中心、服务大局)
            for start, end in enumeration.items[1:]:
                unit = self.rules.listed_unit.fullmatch(text, start, end)
                if unit is None and end == enumeration.end:
                    unit = self.unit_before_verb(text, start, end)   # 镇团委、妇联 + 发来贺词
                if unit is None or taken.overlaps(*unit.span("unit")) or not self.names_listed_unit(text, *unit.span("unit")):
                    continue
                taken.add(*unit.span("unit"))
                kind = name_grammar.MASS_ORG_KIND if unit.group("mass") else "government"
                found.append(Candidate(*unit.span("unit"), LISTED_UNIT_RULE, {"name": unit.group("unit"), "kind": kind}))
        return found

    def unit_before_verb(self, text: str, start: int, end: int) -> regex.Match | None:
        """A list's last item that runs on with its clause: a unit at its start (listed_unit) that
        ends a word jieba reads, a verb's word after it (妇联 + 发来贺词, 交通运输局 + 联合承办)."""
        unit = self.rules.listed_unit.match(text, start, end)
        if unit is None or unit.end() == end:
            return None
        after = segment.cut_phrase(self.segmenter, self.simplified(text, unit.end("unit"), min(end, unit.end("unit") + EDGE_WINDOW)))
        return unit if after and after[0][1] == 0 and segment.word_tag(after[0][0]).startswith("v") \
            and self.org_rules.ends_word(text, unit.end("unit")) else None

    def names_listed_unit(self, text: str, start: int, end: int) -> bool:
        """A unit's field and head as jieba reads them: nouns, names and set phrases only (生态环境
        l + 局), no role, and no distributive opening it (各乡镇党委: every township's)."""
        unit = self.simplified(text, start, end)
        return unit not in self.rules.roles and not unit.startswith(name_grammar.DISTRIBUTIVES) and all(
            segment.word_tag(word).startswith(("n", "j", "l")) or len(word) == 1 for word, _, _ in segment.cut_phrase(self.segmenter, unit))

    def name_after_lead_in(self, text: str, start: int, end: int) -> tuple[int, int]:
        """A list's first item without its clause's lead-in: the words jieba reads at its end
        after the last verb, preposition, particle, adverb or conjunction (走访调研园区内的 + 子鱼文化,
        走访了 + 鼎盛物流)."""
        words = segment.cut_phrase(self.segmenter, text[start:end])
        at = len(words)
        while at and not segment.word_tag(words[at - 1][0]).startswith(LEAD_IN_TAGS):
            at -= 1
        return (start + words[at][1], end) if at < len(words) else (end, end)

    def names_listed_body(self, item: str) -> bool:
        """Two to eight Chinese characters, no place, a word of them proper as jieba reads them."""
        return self.listed_shape(item) and any(
            self.org_rules.is_proper(word, segment.word_tag(word)) for word, _, _ in segment.cut_phrase(self.segmenter, item))

    def listed_or_counted_body(self, item: str) -> bool:
        """An item of a list of three or more with proper words: either shape (志峰 + 科技)."""
        return self.names_listed_body(item) or self.names_counted_body(item)

    def names_counted_body(self, item: str) -> bool:
        """An item of a list its count closes: as names_listed_body, or of two words or more; no
        word a verb either way (雏鹰 + 未来, 鼎盛 + 物流; not 学习, 泰国 + 设立)."""
        words = [word for word, _, _ in segment.cut_phrase(self.segmenter, item)]
        return not any(segment.word_tag(word).startswith("v") for word in words) and self.listed_shape(item) \
            and (len(words) > 1 or any(self.org_rules.is_proper(word, segment.word_tag(word)) for word in words))

    def listed_shape(self, item: str) -> bool:
        """Two to eight Chinese characters, no place (nor a unit by its level word: 崇礼镇、太和镇 +
        等地的民营企业): the shape of a name listed with others."""
        return 2 <= len(item) <= MAX_LISTED_BODY and HAN_RUN.fullmatch(item) is not None \
            and not self.org_rules.is_place_word(item) and not self.unit_by_level(item)

    def unit_by_level(self, item: str) -> bool:
        """A place's name and its level word, which jieba reads as a word of its own (崇礼 + 镇;
        not 万家福连锁 + 超市)."""
        words = segment.cut_phrase(self.segmenter, item)
        return len(words) > 1 and words[-1][0] in self.rules.level_ranks

    def source_outlets(self, text: str, orgs: list[Candidate], persons: set[tuple[int, int]]) -> list[Candidate]:
        """The outlet of a source line or a dateline (来源：端州统战, 云南网讯): the page's, an
        organization where no name read overlaps it and it is no place (芜湖讯: written in 芜湖)
        nor a person the model reads after a colon (来源: 徐梅生, the writer; not 秦楚风 + 讯, an
        outlet's dateline); the places and persons after this read none inside it."""
        taken = RangeSet((c.start, c.end) for c in orgs)
        return [Candidate(*line.span("outlet"), SOURCE_OUTLET_RULE, {"name": line.group("outlet"), "kind": OUTLET_KIND})
                for line in self.rules.source_outlet.finditer(text)
                if not taken.overlaps(*line.span("outlet"))
                and not (line.span("outlet") in persons and follows_colon(text, line.start("outlet")))
                and not self.org_rules.is_place_word(self.simplified(text, *line.span("outlet")))]

    def named_beyond_sources(self, text: str, orgs: list[Candidate], source_lines: list[tuple[int, int]]) -> list[Candidate]:
        """The organizations but those written only in a page's source (places.yaml source_line:
        来源:人民网-江苏频道) or its dateline (model.yaml dateline: 中新网四川新闻4月2日电): the
        page's credit, which the guide leaves optional, left out. A name written in the report
        too stays, read there or not (荆楚统战 + 发布了…)."""
        sources = RangeSet(source_lines + [line.span() for line in self.rules.dateline.finditer(text)])
        return [c for c in orgs if not sources.overlaps(c.start, c.end) or any(
            not sources.overlaps(at, at + c.end - c.start) for at in segment.occurrences(text, text[c.start:c.end]))]

    def model_organization(self, text: str, start: int, end: int, name: str | None = None) -> Candidate:
        name = name or text[start:end]
        return Candidate(start, end, self.rule_id, {"name": name, "kind": name_grammar.kind_of_name(self.org_lexicon, name)})

    def glued(self, text: str, start: int, inner: list[tuple[int, int]]) -> int | None:
        """Where the word just before one of the model's names inside a rule's name starts, when
        it is a verb that governs a clause (name_grammar.CLAUSE_VERBS: 充分利用 | 商会, not
        创新 | 创业服务中心), a preposition (由 | 勒流商会), or a conjunction between two names
        (市侨联 与 | 市商务局, not 人力资源 和 | 社会保障局). A name after 与, 及 or 和 must stand
        alone (市商务局), not be a kind (新闻与 | 传播学院, under 豫州大学)."""
        for inner_start, inner_end in inner:
            words = segment.cut_phrase(self.segmenter, self.simplified(text, start, inner_start))
            if not words:
                continue
            word, word_start, _ = words[-1]
            tag = segment.word_tag(word)
            if not self.may_glue(word) or (word in name_grammar.JOINING and not self.stands_alone(text[inner_start:inner_end])):
                continue
            if self.noun_across(text, start, inner_start, inner_end) or self.county_after_city(text, start, start + word_start, inner_start):
                continue   # 代表 | 人士联谊会: read on, jieba's word is 代表人士, no verb
            if self.governs(word, tag) or (tag.startswith(CONJUNCTION_TAGS) and self.reads_as_name(text[start:start + word_start])):
                return start + word_start
        return None

    def county_after_city(self, text: str, start: int, at: int, end: int) -> bool:
        """Whether a name of the gazetteer runs from ``at`` past ``end`` after places only
        (怀化市 + 会同县: the county of the city, not 会同, 'together with')."""
        return at > start and self.places_only(text[start:at]) and self.place_across(text, at, end)

    def place_across(self, text: str, start: int, at: int) -> bool:
        """Whether a name of the gazetteer, full or short, starts at ``start`` and runs past ``at``."""
        return any(self.simplified(text, start, start + size) in self.gazetteer_names
                   for size in range(at - start + 1, GAZETTEER_NAME_MAX + 1))

    def noun_across(self, text: str, start: int, at: int, end: int) -> bool:
        """Whether jieba, reading text[start:end] whole, reads a common noun of its dictionary
        across ``at`` (新的社会阶层 + 代表人士: 代表 is no verb there; not a place, 会同县)."""
        return any(word_start < at - start < word_end and segment.word_tag(word) == "n" and not self.org_rules.is_place_word(word)
                   for word, word_start, word_end in segment.cut_phrase(self.segmenter, self.simplified(text, start, end)))

    def opening_glue(self, text: str, start: int, end: int) -> int | None:
        """Where a rule's name goes on after its first word, when that word is a verb that
        governs a clause or a preposition (参观 | 社区党群服务中心, 会同 | 县委): the rule took the
        words before a name into it."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, start, end))
        if len(words) < 2:
            return None
        word, _, word_end = words[0]
        if self.may_glue(word) and self.governs(word, segment.word_tag(word)) \
                and not (len(word) == 1 and self.place_across(text, start, start + word_end)):
            return start + word_end
        return start + 1 if self.glued_onto_word(word) else None

    def verb_before_name(self, text: str, start: int, end: int, inner: list[tuple[int, int]]) -> int | None:
        """Where the model's name that ends the rule's starts, when it opens with a name of its
        own and the rule read only verbs, function words or words jieba made up before it (齐聚 |
        中央社会主义学院, 比如 | 西北师范大学): a proper name takes no predicate into it."""
        model_start = next((s for s, e in inner if e == end and s > start), None)
        if model_start is None or not self.opens_with_name(text, model_start, end):
            return None
        words = segment.cut_phrase(self.segmenter, self.simplified(text, start, model_start))
        return model_start if all(self.predicate_word(word) for word, _, _ in words) else None

    def predicate_word(self, word: str) -> bool:
        """A verb (not a verbal noun), a function word, or a word of two characters or more
        jieba made up, no place's."""
        tag = segment.word_tag(word)
        return not self.org_rules.is_place_word(word) and (
            (tag.startswith(GLUE_TAGS) and tag != "vn") or (tag == "x" and len(word) > 1))

    def glued_onto_word(self, word: str) -> bool:
        """A word jieba made up (no dictionary word) that a preposition of ``glue_characters``
        opens: 由村 in 由 | 村党支部 (but 由于, 在于, 从事 are its dictionary's, and 经开区 a zone of
        heads.yaml: 临空港 + 经开区管委会)."""
        return len(word) > 1 and word[0] in self.rules.glue_characters and segment.word_tag(word) == "x" \
            and word not in self.org_lexicon.zones \
            and self.governs(word[0], segment.word_tag(word[0]))

    def predicate_after_subject(self, text: str, start: int, end: int, model_places: dict[int, int],
                                model_persons: dict[int, int]) -> int | None:
        """Where a rule's name goes on after a predicate, when the model reads a place or a
        person where the name starts and jieba a verb or an adverb right after it (新沂市窑湾镇 |
        积极发挥 | 商会, 高新区 | 建成 | 党群服务中心, 孙雨桐 | 当选 | 分会; a time word may open
        the predicate: 吴邦国 | 日前听取 | 总公司): the place or the person is the subject of a
        clause, not the start of a name. (投资 + 促进中心: a verbal noun, tagged vn, opens no
        predicate; nor, after a place, does one character jieba tags a verb, as in may_glue: 宁波 +
        帮 + 博物馆, though after a person it does: 张华 + 赴 + 远景能源集团; nor a time word alone:
        北京 + 现代 + 汽车有限公司.)"""
        subject_end = model_persons.get(start, start)
        if subject_end == start:   # 夏秋 | 雁结合学院: the rule's name opens inside a person the model reads
            subject_end = next((person_end for person_start, person_end in model_persons.items() if person_start < start < person_end), start)
        while (place_end := model_places.get(subject_end) or self.full_place_end(text, subject_end, end)) is not None:
            subject_end = place_end   # 泰州市 + 姜堰区: a chain of places; 怀化市 + 会同县, a county the model missed
        if subject_end == start or subject_end >= end:
            return None
        words = segment.cut_phrase(self.segmenter, self.simplified(text, subject_end, end))
        person = start in model_persons
        predicate_end = 0
        for word, _, word_end in words[:-1]:
            tag = segment.word_tag(word)
            if tag == "t" and not predicate_end:
                continue
            if not (self.may_glue(word) or person and tag == "v") \
                    or not (name_grammar.governs_clause(word) or tag.startswith(PREDICATE_TAGS) and tag != "vn"
                            or name_grammar.adverb_then_verb(word)) or word in self.org_lexicon.district_shorts:
                break   # 台州 + 开化 + 商会: a county's short form, whatever jieba tags it
            predicate_end = word_end
        return subject_end + predicate_end if predicate_end else None

    def full_place_end(self, text: str, start: int, end: int) -> int | None:
        """The end of the longest full name of the gazetteer (a stem and its level: 会同县) at
        ``start``, before ``end``; its short form (会同, a verb too) is none."""
        return next((start + size for size in range(min(MAX_PLACE_FORM, end - start), 1, -1)
                     if self.simplified(text, start, start + size) in self.org_lexicon.places), None)

    def holds_verb(self, phrase: str) -> bool:
        """(区里)保障 + 新联会: a verb of two or more characters (not a verbal noun), or one that
        governs a clause whatever jieba tags it (新辟 + 南翔东社区邻里中心), is no modifier of the
        name after it (but 临 + 溪通达…: one character opens many names)."""
        words = self.verbs_in(phrase)
        return any(len(word) > 1 and is_verb for word, is_verb in words) or (bool(words) and name_grammar.governs_clause(words[0][0]))

    def holds_clause_word(self, phrase: str) -> bool:
        """A verb (holds_verb) or, anywhere in ``phrase``, a word that governs a clause whatever
        jieba tags it (柳州 + 现有, b)."""
        return self.holds_verb(phrase) or any(name_grammar.governs_clause(word) for word, _ in self.verbs_in(phrase))

    def verbs_in(self, phrase: str) -> list[tuple[str, bool]]:
        """jieba's words of ``phrase`` read in simplified characters, each with whether it is
        tagged a verb (not a verbal noun)."""
        words = segment.cut_phrase(self.segmenter, phrase.translate(self.org_lexicon.script.to_simplified))
        return [(word, (tag := segment.word_tag(word)).startswith("v") and tag != "vn") for word, _, _ in words]

    def may_glue(self, word: str) -> bool:
        """临 | 溪通达…: one character jieba tags a verb may open a name; only the function
        words of ``glue_characters`` and the verbs of taking a post (欧阿榜 + 任 + …专委会主任) glue
        a phrase onto one."""
        return len(word) > 1 or word in self.rules.glue_characters or word in name_grammar.POST_VERBS

    def governs(self, word: str, tag: str) -> bool:
        """A verb that governs a clause (name_grammar.CLAUSE_VERBS) or a preposition: tagged
        so, or one of ``glue_characters`` that is no conjunction (於, which jieba tags a surname)."""
        return word in name_grammar.CLAUSE_VERBS or tag.startswith(PREPOSITION_TAGS) \
            or (word in self.rules.glue_characters and not tag.startswith(CONJUNCTION_TAGS))

    def reads_as_name(self, name: str) -> bool:
        """Chinese characters, letters and digits, ending with a head (heads.yaml, or a last
        character mined from the training data's names), not a meeting or an event. (A kind, 各
        + 县区工商联, names nothing specific: named_specifically, whose proper words open with no
        name_grammar.DISTRIBUTIVES.)"""
        rules = self.rules
        if not NAME_CHARS.fullmatch(name) or len(name) < 2:
            return False
        if name.endswith(rules.not_organizations) and not name.endswith(rules.bodies_ending_so) \
                or rules.meeting_by_ordinal.search(name) or self.names_a_campaign(name):
            return False
        return self.head_length(name) > 0 or name[-1] in rules.mined_heads

    def names_a_campaign(self, name: str) -> bool:
        """Whether jieba's last word of the name is a trip's or a campaign's (model.yaml
        campaign_words: 同心 + 乡村 + 行, 宜新 + 同行), or a word it does not know that ends with one
        (同心 + 童行): an event, no body (not 凤城 + 农 + 商行, a bank)."""
        if not name.endswith(self.rules.campaign_words):
            return False
        last = segment.cut_phrase(self.segmenter, name)[-1][0]
        return last in self.rules.campaign_words or (segment.word_tag(last) == "x" and len(last) > 1)

    def head_length(self, name: str) -> int:
        heads = self.org_lexicon.heads
        return max((len(name) - i for i in range(len(name)) if name[i:] in heads), default=0)

    def on_word_edges(self, text: str, start: int, end: int, seams: frozenset[int] = frozenset()) -> bool:
        """Whether jieba, over the name and a few characters either side, starts a word where
        the name starts and ends one where it ends (南江区新的社 | 会阶层: a fragment). A word
        that a function word of ``glue_characters`` opens also has an edge after it: jieba
        glues one onto a name it does not know (在勒流 | 街道), and one it does not know has edges
        around a function word inside it (新仓村 | 和 | 周王庙镇: 村和周). Read in simplified characters
        (jieba cuts 社會階層 otherwise than 社会阶层). ``seams`` are edges too: where two
        places of a chain meet (大丰区 | 新丰镇, which jieba cuts 区新 | 丰镇)."""
        left, right = max(0, start - EDGE_WINDOW), min(len(text), end + EDGE_WINDOW)
        words = segment.cut_phrase(self.segmenter, self.simplified(text, left, right))
        edges = {left + a for _, a, _ in words} | {left + b for _, _, b in words} | seams
        edges |= {left + a + 1 for word, a, _ in words if len(word) > 1 and word[0] in self.rules.glue_characters}
        # ... and one jieba does not know has edges around a function word inside it (村和周),
        # and after a name of the gazetteer it opens with (岳阳 | 拟以: the verb's character glued on)
        edges |= {left + a + at + side for word, a, _ in words for at in self.inner_function_words(word) for side in (0, 1)}
        edges |= {left + a + size for word, a, _ in words if len(word) > 2 and segment.word_tag(word) == "x"
                  for size in range(2, len(word)) if word[:size] in self.gazetteer_names}
        # ... and after the level word a name of the gazetteer ends with, where it opens one
        # (木里 | 县以 | 民族团结: 木里县)
        if self.simplified(text, start, end) in self.gazetteer_names:
            edges |= {end for word, a, _ in words if left + a == end - 1 and len(word) > 1 and segment.word_tag(word) == "x"}
        return start in edges and end in edges

    def inner_function_words(self, word: str) -> list[int]:
        """Where a function word of ``glue_characters`` stands inside a word jieba does not know,
        neither first nor last (村和周: 1)."""
        if len(word) < 3 or segment.word_tag(word) != "x":
            return []
        return [at for at in range(1, len(word) - 1) if word[at] in self.rules.glue_characters]

    def is_organization(self, text: str, start: int, end: int) -> bool:
        """A name the model adds alone: it reads as a name, on word edges, names a body the
        report names (no 某 in it or right before it: 某科技有限公司), holds more than a
        head with a character before it (统战部, 区委: the rules read those short forms), and
        what stands before its head makes it specific (named_specifically); all read in
        simplified characters (驛站 is 驿站: jieba knows 驿, a word it does not know would count
        as a proper one)."""
        name = self.simplified(text, start, end)
        if not self.reads_as_name(name) or not self.on_word_edges(text, start, end) \
                or COUNT_INSIDE.search(name) or self.places_written(text, start, end) \
                or INDEFINITE in text[max(0, start - 1):end] or self.rules.counted_opening.match(name) \
                or self.head_in_role(text, end) or self.closes_list(name):
            return False
        head = self.head_length(name)
        if (head and len(name) - head < 2) or (not head and len(name) < 3 and segment.word_tag(name) not in DICTIONARY_ORG_TAGS):
            return False   # 徐行 (徐行X空间): a mined head's last character after one more, no organization jieba knows (工行 j)
        if head and self.rated(name[:len(name) - head]):
            return False   # 江苏省 + 四好 + 商会: a kind of body, given a rating
        if head and name_grammar.joins_kinds(self.org_lexicon, name, len(name) - head, len(name)):
            return False   # 厅管协会 + 商会: two kinds of body named together
        return self.named_specifically(name) or self.registered(text, start, end) or self.opens_with_unit(name, head)

    def closes_list(self, name: str) -> bool:
        """Whether a list's end stands inside the name as a word (无锡 + 等市 + 伊协: jieba glues 等
        onto a level): a list's last item and the kind of what it lists, no name (not 高等学校)."""
        return name_grammar.LIST_CLOSERS[0] in name and any(word in name_grammar.LIST_CLOSERS or (len(word) == 2 and word[0] == "等" and word[1] in name_grammar.LEVEL_CHARS)
                   for word, _, _ in segment.cut_phrase(self.segmenter, name))

    def head_in_role(self, text: str, end: int) -> bool:
        """Whether the name's last character opens a role with what follows, no word of its own
        after the role (全国统战部 | 长会议: 部长, the department's heads meeting; not 商会 | 长期)."""
        role = next((role for role in self.rules.role_words
                     if role[0] == text[end - 1] and text.startswith(role[1:], end)), None)
        if role is None:
            return False
        after = end + len(role) - 1
        words = segment.cut_phrase(self.segmenter, text[end:after + 2])
        return bool(words) and words[0][2] == len(role) - 1

    def place_joined(self, text: str, start: int, at: int) -> bool:
        """Whether text[start:at] is places and a conjunction (北京 和 | 上海分公司): two places,
        the name the second's."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, start, at))
        return len(words) > 1 and words[-1][0] in name_grammar.JOINING and self.places_only(text[start:start + words[-1][1]])

    def body_before_unit(self, text: str, start: int, at: int) -> bool:
        """Whether text[start:at] ends with a body's head and a unit by its level follows (农民专业
        合作社 + 县委: two bodies, not one name)."""
        return text[at] in name_grammar.LEVEL_CHARS and self.head_length(self.simplified(text, start, at)) > 0

    def function_words_only(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] is words of verbs, locatives, adverbs or function words only
        (建设, 辖区内 | 内; not 内 + 蒙古, a place's start): before a name that opens with a name of
        its own, no part of it."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, start, end))
        return not self.place_across(text, start, start + 1) and all(
            segment.word_tag(word).startswith(GLUE_TAGS) or word in LOCATIVE_CHARACTERS for word, _, _ in words)

    def opens_with_name(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] opens with a place, a zone or a name jieba's dictionary or
        the heads know (高新区 + 新的社会阶层人士联谊会, 顺丰速运; not 海路 + 街道党工委, where a rule
        started inside 定海路)."""
        name = self.simplified(text, start, end)
        first = segment.cut_phrase(self.segmenter, name)[0][0]
        return name.startswith(self.org_lexicon.zones) or first in self.org_lexicon.places \
            or first in self.org_lexicon.heads or segment.word_tag(first) in ("ns", "nt", "nz")

    def rated(self, stem: str) -> bool:
        """Whether the stem before a name's head ends with a rating (江苏省 + 四好)."""
        words = segment.cut_phrase(self.segmenter, stem)
        return bool(words) and self.org_rules.is_rating(words[-1][0])

    def opens_with_unit(self, name: str, head: int) -> bool:
        """Whether a unit written with its level word opens the name, two characters or more
        before the level, and words stand between it and the head (浦市镇 + 红色记忆 + 陈列馆,
        三甲集镇 + 人民政府: jieba cuts 浦 | 市镇, 三甲 | 集镇, and reads no place); not a kind
        (各 + 县区工商联: model.yaml kind_openings; 中山市 + 异地 + 商会: heads.yaml kind_attributes)
        nor a zone (科技园 + 片区: heads.yaml zones), nor a common noun's kind of unit (农村 + 社区)."""
        levels: dict[int, int] = {}   # end -> start of the longest level word ending there (社区, not its 区)
        for level in self.rules.level_after.finditer(name, 2, len(name) - head, overlapped=True):
            levels[level.end()] = min(level.start(), levels.get(level.end(), level.start()))
        return not name.startswith(self.rules.kind_openings) and not self.org_rules.kind_of_place(name[:len(name) - head]) and any(
            not name.endswith(self.org_lexicon.zones, 0, end) and name[:start] not in self.org_lexicon.common_words
            for end, start in levels.items())

    def places_written(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] is a chain of places ending with a level (宜宾市 + 临江区): a
        place, which the places stage reads (not 株洲 + 海关, which jieba tags a place). Read in
        the article's text: the organizations' reading of its places is kept per text."""
        place = self.org_rules.place_ending_at(text, end, start)
        if place is None:
            return False
        chain = self.org_rules.place_chain(text, place, start)
        return (chain[0][0] if chain else place) == start

    def stands_alone(self, name: str) -> bool:
        """A name of its own: a level's short form (市商务局) or a specific one (is_organization)."""
        name = name.translate(self.org_lexicon.script.to_simplified)
        return name[:1] in name_grammar.LEVEL_CHARS or self.named_specifically(name)

    def named_specifically(self, name: str) -> bool:
        """What stands before the name's head makes it specific; before a company's legal form,
        as many common words as the rules' walk asks (the brand's length is registered's)."""
        stem = name[:len(name) - max(self.head_length(name), 1)]
        if name.endswith(tuple(self.org_lexicon.known_name_heads)):   # 南翔 + 生活网; not 发力织 (x) + 密统战宣传 + 网
            return any(segment.word_tag(word) in DICTIONARY_NAME_TAGS or word in self.org_lexicon.places
                       for word, _, _ in segment.cut_phrase(self.segmenter, stem))
        return self.specific(stem, name_grammar.MIN_MODIFIERS if name.endswith(self.org_lexicon.legal_forms) else MIN_MODIFIERS_READ)

    def registered(self, text: str, start: int, end: int) -> bool:
        """A company named with its legal form (三一重工 + 股份有限公司): a brand of as many
        characters as the rules ask, opening with no quantity (一家 + 科技有限公司), where a clause
        or a word that governs the name ends (与, 参观), not inside a name the model read on from
        (宁夏六盘 + 红文化旅游…)."""
        name = text[start:end]
        legal_form = next((form for form in self.org_lexicon.legal_forms if name.endswith(form)), None)
        if legal_form is None or len(name) - len(legal_form) < name_grammar.MIN_MODIFIERS_REGISTERED:
            return False
        first = next(iter(segment.cut_phrase(self.segmenter, name)))[0]
        if len(first) > 1 and self.org_rules.tag(first) == "m":
            return False
        if start == 0 or not HAN.match(text, start - 1):
            return True
        before = segment.cut_phrase(self.segmenter, text[max(0, start - 4):start])[-1][0]
        return self.org_rules.tag(before).startswith(name_grammar.GOVERNING_TAGS)

    def specific(self, stem: str, min_modifiers: int) -> bool:
        """What stands before the head makes a name, not a kind (文化 + 中心, 服务 + 团): a
        place of the gazetteer, a proper word, or ``min_modifiers`` characters of common words:
        seven for a name read already, by the model or the rules, one fewer than the rules' walk
        asks (name_grammar.MIN_MODIFIERS: 核工业理化工程 + 研究院)."""
        if self.org_rules.kind_of_place(stem):
            return False   # 长沙 + 民办 + 学校: a kind of the place's schools
        words = [word for word, _, _ in segment.cut_phrase(self.segmenter, stem)]
        return len(stem) >= min_modifiers or any(
            self.org_rules.is_proper(word, self.org_rules.tag(word)) and not self.unit_of_a_kind(words[:at], word)
            or word in self.org_lexicon.places for at, word in enumerate(words))

    def unit_of_a_kind(self, before: list[str], word: str) -> bool:
        """A body's head right after a common noun of places: the unit of every such place
        (城市 + 党委 + 统战部: the cities' committees, jieba's abbreviation 党委 no proper word there)."""
        return bool(before) and before[-1] in self.org_lexicon.common_words and word in self.org_lexicon.heads

    def names_unit(self, name: str) -> bool:
        """A stem of nouns or names and a level word after it (赤坎 + 镇; not 农村 + 社区)."""
        level = self.level_word(name)
        return level is not None and self.org_rules.stem_of_nouns(name[:-len(level[1])])

    def names_village(self, text: str, start: int, end: int) -> bool:
        """A village or a community named by a stem of nouns or names (郑家榜村, 茶香社区)."""
        name = self.simplified(text, start, end)   # 社區 is 社区
        return self.level(name) == self.rules.village_level and self.names_unit(name)

    # -- persons -------------------------------------------------------------------------------

    def persons(self, text: str, model_spans: list[tuple[int, int]], taken: RangeSet) -> list[Candidate]:
        found: list[Candidate] = []
        speakers: list[Candidate] = []   # after the model's: where both read a name, the model's id
        simplified = self.simplified_text(text)   # the rules read 律師 as 律师, 陳 as 陈 (offsets unchanged)
        for rule, pattern in self.rules.person_rules:
            for hit in pattern.finditer(simplified):
                if rule.get("kind") in ("speaker", "titled"):   # its title is read as a model name's, below
                    start, end = hit.start("names"), self.given_name_end(text, *hit.span("names"))
                    if end - start > self.rules.name_length[0] and self.took_trailer(text, start, end):
                        end -= 1   # 陈宏称，: the verb after the name
                    if not taken.overlaps(start, end) and (rule["kind"] == "speaker" or (
                            self.no_common_word(text[start:end]) and self.org_rules.starts_word(text, start)
                            and self.word_ends_at(text, start, end))):
                        speakers.append(Candidate(start, end, f"persons/{rule['name']}", {}))
                    continue
                if rule.get("kind") == "author":   # names alone, no credit word: no title
                    for name in CREDIT_NAMES.finditer(hit.group("names")):
                        if self.reads_as_person(name.group()):
                            start = hit.start("names") + name.start()
                            found.append(Candidate(start, start + len(name.group()), f"persons/{rule['name']}", {"title": None, "_title": None}))
                    continue
                title_start = self.credit_start(text, hit.start("title"))
                if title_start is None:
                    continue
                for name in CREDIT_NAMES.finditer(hit.group("names")):
                    start = hit.start("names") + name.start()
                    if self.outlet_named_by_place(name.group()) or not self.credit_name(text, start, start + len(name.group())):
                        continue   # 图文：新都统战, the page's account; 记者：这些年，…, an interviewer's question
                    found.append(Candidate(start, start + len(name.group()), f"persons/{rule['name']}",
                                           {"title": text[title_start:hit.end("title")], "_title": (title_start, hit.end("title"))}))
        low, high = self.rules.name_length
        quoted = RangeSet(q.span("in") for q in enumerations.QUOTED_ITEM.finditer(text))
        for start, end in model_spans:
            dotted = self.dotted_name(text, start, end)
            bounded = dotted or self.between_role_and_speech(text, start, end)
            if bounded is not None:
                start, end = bounded
            else:
                if end - start == 1:
                    end = start + self.given_name_length(text, start)
                start = self.compound_surname_start(text, start)
                end = self.given_name_end(text, start, end)
                if end - start > low and self.role_ends_inside(text, start):
                    start += 1   # 董事 + 长 | 江楠, 副秘书 + 长 | 江天马: the role word's last character
                end = self.before_role(text, start, end)   # 赵至高 | 道长, 李韧 | 副 + 部长
            name = text[start:end]
            if taken.overlaps(start, end) or not NAME_CHARS.fullmatch(name) or name[0] == "·" or name[-1] == "·" \
                    or not (low <= len(name) <= high or ("·" in name and len(name) > 2)
                            or (bounded is not None and len(name) <= BOUNDED_NAME_MAX)):
                continue   # 李婷) is no name: the credit line's 李婷 stands; ·嘉 is a piece of one
            if quoted.overlaps(start, end):
                continue   # “海燕博客”, “新心向阳”, “温小侨”: a brand, a project or a mascot, not a person
            if not HAN.search(name):
                continue   # admin, Wed: a page's account or a date's weekday, no Chinese report's person
            if start and DIGIT.match(text, start - 1):
                continue   # 218 + 婚博荟: a number written onto it makes a brand (but 大V + 陈磊)
            if end - start == 2 and name[0] not in self.rules.surnames:
                continue   # 凝心, 顶格: a surname and a given name, or no name
            if any(level in name[1:] if len(level) == 1 else name.endswith(level) for level in self.rules.levels_in_no_name):
                continue   # 宝力 + 格嘎查, 关区柏: a place the model read as a person (not 阿苏木呷: a level
                #            of two characters inside a name is the name's)
            if end - start > low and dotted is None and self.took_trailer(text, start, end):
                end -= 1   # 梁悦则: the model took the word after the name
            elif end - start == YI_NAME - 1 and not self.one_word(text, start, end) and self.fourth_before_speech(text, end):
                end += 1   # 沙马拉 | 且 指出: a Yi name of four characters read as three (not 鲁彦斌 | 站在)
            elif self.joins_before_speech(text, end):
                end += 1   # 孟庆 | 和 表示: the conjunction's character is the name's last
            found.append(Candidate(start, end, self.rule_id, {}))
        persons = longest_first(found + speakers)
        persons = longest_first(persons + self.other_mentions(text, persons, taken))
        persons = longest_first(persons + self.listed_with_persons(text, persons, taken))
        ends = {person.end for person in persons}
        first_seen = set()
        before = None   # the person named before, and the title it was given
        for person in persons:
            name = text[person.start:person.end]
            if "title" not in person.fields:
                title = None
                if name not in first_seen:
                    title = self.title(text, person.start, person.end, ends, taken)
                    if title is None and before is not None and self.shares_title(text, before, person):
                        title = before.fields["_title"]   # 副部长周和平、瞿超: a title written once before a list of names is each one's
                person.fields["title"] = text[title[0]:title[1]] if title else None
                person.fields["_title"] = title
            # the title written right before a later mention: what it names is named in a title
            # too (outside_titles); none after a list's 、 (a roster's title is read once, at the first)
            person.fields["_mention_title"] = person.fields["_title"] if name not in first_seen \
                else None if text.endswith("、", 0, person.start) else self.title_before(text, person.start, ends, taken)
            first_seen.add(name)
            before = person
        return persons

    def shares_title(self, text: str, before: Candidate, person: Candidate) -> bool:
        """Whether a person is listed right after the one before, which keeps its title: with 、
        (副部长周和平、瞿超), or with a space after a credit (记者张龙 唐文辉)."""
        between = text[before.end:person.start]
        return between == "、" or (bool(between) and all(char in NAME_SPACES for char in between)
                                   and (before.fields.get("title") or "").endswith(self.rules.credits))

    def dotted_name(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The whole name where the model reads a name written with a middle dot, or a part of
        one (热依拉·艾 | 山, 阿不 | 都热合曼·买买提: the names of minority peoples): each side runs
        on from the model's edge over the characters of such names (mined_name_chars.yaml) to the
        first that is none (艾山 + 在, 买买提 + 带队), a role word's end, a word after a name (买买提
        + 都参加: persons.yaml name_trailers), a function character (买买提 + 经) or a verb of
        saying, DOTTED_PART_MAX characters at most. None where no dot is in or next to the
        model's name, or a side is one character."""
        dot = text.find("·", max(0, start - 1), min(len(text), end + 1))
        if dot < 0:
            return None
        chars, left, right = self.rules.dotted_name_chars, min(start, dot), max(end, dot + 1)
        while dot - left < DOTTED_PART_MAX and left > 0 and text[left - 1] in chars and not text.endswith(self.rules.roles, 0, left):
            left -= 1
        while right - dot - 1 < DOTTED_PART_MAX and right < len(text) and text[right] in chars \
                and text[right] not in self.rules.name_trailers and text[right] not in name_grammar.FUNCTION_CHARS \
                and not text.startswith(self.rules.speech_verbs, right):
            right += 1
        return (left, right) if dot - left >= 2 and right - dot - 1 >= 2 else None

    def between_role_and_speech(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The whole name where the model reads a name, or a part of one, written between a role
        word and a verb of saying, at most EDGE_READ characters from either (部长 + 才 | 让卓玛 +
        出席; 理事长 + 孟和巴雅尔 + 说: the names of minority peoples, with no surname and up to
        BOUNDED_NAME_MAX characters; 博主 + 巴合 | 提别克·努尔兰 + 说). None where a function word,
        a trailer, an adverb (梁悦 + 则 + 建议) or a word jieba knows stands between, read in
        simplified characters (韓軼 + 應邀 + 出席: 应邀, a word)."""
        simplified = self.simplified_text(text)
        right = next((at for at in range(end, min(len(text), end + EDGE_READ) + 1)
                      if text.startswith(self.rules.speech_verbs, at)), None)
        left = next((at for at in range(start, max(0, start - EDGE_READ) - 1, -1)
                     if text.endswith(self.rules.roles, 0, at)), None)
        if right is None or left is None or not NAME_CHARS.fullmatch(text, left, right) \
                or any(char in self.rules.not_fourth for char in simplified[left:start] + simplified[end:right]) \
                or self.holds_known_word(simplified[left:start]) or self.holds_known_word(simplified[end:right]):
            return None
        return left, right

    def holds_known_word(self, part: str) -> bool:
        """Whether jieba reads a word of its dictionary of two characters or more in ``part`` (医师 +
        方宏, 释宏觉 + 法师, 邵光辉 + 应邀: a role or a verb, not a piece of the name)."""
        return any(len(word) > 1 and segment.word_tag(word) != "x" for word, _, _ in segment.cut_phrase(self.segmenter, part))

    def listed_with_persons(self, text: str, persons: list[Candidate], taken: RangeSet) -> list[Candidate]:
        """The items of a list of names run together with 、 (NAME_LIST) where at least
        MIN_LISTED_PERSONS items are persons read: each other item of two to four characters
        that holds no organization is a person too (甘露 among 莫炜、黄思源…, which the model
        missed; 苏日古嘎, of which it read 苏日古), unless a person read starts inside it (会长 +
        刘伟: the list's first item runs on from the words before it); the last item ends before
        the verb it runs on with (…、黄关春、张健 + 出席)."""
        read = {(p.start, p.end) for p in persons}
        starts = RangeSet((p.start, p.start + 1) for p in persons)
        listed = []
        for names in NAME_LIST.finditer(text):
            items, at = [], names.start()
            for item in names.group().split("、"):
                end = at + len(item.split("等")[0])
                items.append((at, next((verb for verb in range(at + 2, end) if text.startswith(self.rules.speech_verbs, verb)), end)))
                at += len(item) + 1
            if sum(item in read for item in items) < MIN_LISTED_PERSONS:
                continue
            listed += [Candidate(start, end, LISTED_PERSON_RULE, {}) for start, end in items
                       if 2 <= end - start <= 4 and (start, end) not in read and not taken.overlaps(start, end)
                       and not starts.overlaps(start + 1, end)]
        return listed

    def other_mentions(self, text: str, persons: list[Candidate], taken: RangeSet) -> list[Candidate]:
        """A name of three characters or more read somewhere is the same person wherever else the
        report writes it, outside the other names (the model missed 方志强 at a list line's start,
        with its title, and read it later) or over a piece of it read there (才让卓玛, read with
        its title, and 让卓玛 later): one mention each."""
        spans = [(p.start, p.end) for p in persons]
        added = RangeSet()
        mentions = []
        for name, rule in sorted({text[p.start:p.end]: p.rule for p in persons}.items()):
            if len(name) < MIN_NAME_ANYWHERE or not NAME_CHARS.fullmatch(name):
                continue
            for start in segment.occurrences(text, name):
                end = start + len(name)
                crossed = any(s < end and start < e and not start <= s < e <= end for s, e in spans)   # a name over it
                if not crossed and not added.overlaps(start, end) and not taken.overlaps(start, end) \
                        and (start, end) not in spans:
                    added.add(start, end)
                    mentions.append(Candidate(start, end, rule, {}))
        return mentions

    def given_name_end(self, text: str, start: int, end: int) -> int:
        """The end of a name read with a compound surname and two characters: one of them
        where jieba reads it alone before a word (皇甫敏 + 出席; 皇甫 + 立新 stays), or a word
        that follows names comes after it (persons.yaml name_trailers: 澹台晴 + 说, 司马慧 + 作,
        which jieba glues into one word it does not know)."""
        surname = text[start:start + 2]
        if surname not in self.rules.compound_surnames or end - start != 4:
            return end
        first = segment.cut_phrase(self.segmenter, text[start + 2:min(len(text), start + 6)])[0]
        return start + 3 if first[2] == 1 or text[start + 3] in self.rules.name_trailers else end

    def role_ends_inside(self, text: str, start: int) -> bool:
        """Whether a role word of two characters or more written before ``start`` ends with
        the name's first character (董事长 | 江楠), where the text before it does not end with one
        and jieba starts a word where the role starts (not 地 | 处长 | 三角: 地处 is the word)."""
        return not text.endswith(self.rules.roles, 0, start) and any(
            text.endswith(role, 0, start + 1) and self.org_rules.starts_word(text, start + 1 - len(role))
            for role in self.rules.role_words_by_last.get(text[start:start + 1], ()))

    def before_role(self, text: str, start: int, end: int) -> int:
        """Where a role word of two characters or more that the model read into the name's end
        starts (赵至高 + 道长, 李韧 + 副 | 部长: 副部长 runs on past it), two characters or more
        before it: the name ends there; else ``end``."""
        low = self.rules.name_length[0]
        return next((at for at in range(start + low, end) for role in self.rules.role_words_by_first.get(text[at], ())
                     if text.startswith(role, at) and at + len(role) >= end), end)

    def compound_surname_start(self, text: str, start: int) -> int:
        """Where a name the model reads starts with its compound surname, which the model left
        out (上官 | 文涛) or cut in two (诸 | 葛明远, 东 | 方若愚: also the compound surnames that
        are common words, persons.yaml surnames_of_read_names)."""
        for begin in (start - 2, start - 1):
            if begin >= 0 and text[begin:begin + 2] in self.rules.read_name_surnames:
                return begin
        return start

    def one_word(self, text: str, start: int, end: int) -> bool:
        """Whether jieba, reading on past ``end``, reads text[start:end] as one word (鲁彦斌 | 站
        在: a name of three whole; 马海 | 阿 | 呷: a Yi name's pieces)."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, start, min(len(text), end + EDGE_WINDOW)))
        return words[0][2] == end - start

    def fourth_before_speech(self, text: str, end: int) -> bool:
        """Whether the character at ``end``, after a name of three, is the name's fourth: a
        verb of saying follows it (沙马拉 | 且 指出) or a preposition both read alone (马海阿 | 呷
        用), and it is no function word, trailer or adverb (persons.yaml adverbs_before_speech:
        李明华 + 曾 + 指出), nor one jieba tags an adverb or a preposition (宓晓川 + 常 + 说, 彭思穎 +
        同 + 在)."""
        return bool(HAN.match(text, end)) and text[end] not in self.rules.not_fourth \
            and not segment.word_tag(text[end]).startswith(ADVERB_OR_PREPOSITION_TAGS) \
            and (text.startswith(self.rules.speech_verbs, end + 1) or self.alone_before_preposition(text, end))

    def joins_before_speech(self, text: str, end: int) -> bool:
        """Whether the character at ``end`` joins names (persons.yaml joining_trailers: 和) and
        a verb of saying follows it: no conjunction stands there, the character ends the name
        (孟庆 | 和 + 表示, 那顺孟 | 和 + 介绍)."""
        return text.startswith(self.rules.joining_trailers, end) and text.startswith(self.rules.speech_verbs, end + 1)

    def alone_before_preposition(self, text: str, at: int) -> bool:
        """Whether jieba reads the character at ``at`` as a word of its own, no adverb, and a
        preposition of one character after it (吉克阿呷 + 用 + 彝语; not 陈红梅 + 陪同, 林政宏 + 来自,
        范佩西 + 只 + 在: an adverb before the preposition)."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, at, min(len(text), at + EDGE_WINDOW)))
        return len(words) > 1 and words[0][2] == 1 and words[1][2] == 2 and segment.word_tag(words[1][0]) == "p" \
            and not segment.word_tag(words[0][0]).startswith("d")

    def given_name_length(self, text: str, start: int) -> int:
        """The length of a name the model reads as its surname alone: the surname and the two
        characters after it (韩 | 立新 参加), when those are no common word (persons.yaml
        given_name_break_tags: 陶 + 先生) nor hold a function word (NOT_GIVEN: 陈 + 的百), and
        neither the last nor the one after is a place's level (安 + 仁镇, 郑 + 家榜 + 村); else 1."""
        given, after = text[start + 1:start + 3], text[start + 3:start + 4]
        if text[start] not in self.rules.surnames or not NAME_CHARS.fullmatch(given) or len(given) < 2 \
                or any(char in self.rules.not_given for char in given) or after in self.rules.level_ranks \
                or given[-1] in self.rules.level_ranks or segment.word_tag(given).startswith(self.rules.given_name_break_tags):
            return 1
        return 3

    def outlet_named_by_place(self, name: str) -> bool:
        """A credit's name that opens with a place of the gazetteer and goes on with a word of
        jieba's dictionary (新都 + 统战): an outlet or an account, not a person (金秀 + 妍, 于洪 +
        波, 濮阳 + 雨萱: a surname and a given name that open like a place's short name)."""
        return any(name[:size] in self.gazetteer_names and segment.word_tag(name[size:]) != "x" for size in range(2, len(name) - 1))

    def reads_as_person(self, name: str) -> bool:
        """A surname first, or no word of jieba's dictionary but a person's (宗青; not 待续)."""
        name = "".join(name.split())
        return name[0] in self.rules.surnames or segment.word_tag(name) in ("x", "nr")

    def credit_name(self, text: str, start: int, end: int) -> bool:
        """Whether a credit word's name is a person's: one ending the credit line (a space, a
        bracket or the line's end after it: 编辑：揭晓东, whatever jieba reads in a rare surname's
        name), or else a surname first or no word of jieba's dictionary in it that no name is made
        of (not 记者：这些 + 年，…, an interviewer's question; not 见习 + 记者, 本报 + 记者); never
        a name ending with an organization's head (编辑：统战部: a body credited)."""
        name = "".join(text[start:end].split())
        if name_grammar.longest_ending_at(self.org_lexicon.heads_backwards, name, len(name), 0) is not None:
            return False   # 编辑：统战部, 编辑：东区支部: a body credited, no person
        if FIELD_LABEL_END.match(text, end):
            return False   # 作者/ 赵凌艺 + 时间/2017-10-13: the next field's label, no person
        return CREDIT_LINE_GOES_ON.match(text, end) is None or name[0] in self.rules.surnames or not any(
            len(word) > 1 and segment.word_tag(word).startswith(NO_NAME_WORD_TAGS)
            for word, _, _ in segment.cut_phrase(self.segmenter, name))

    def no_common_word(self, name: str) -> bool:
        """Whether jieba's dictionary holds ``name`` as no word but a person's (向婷婷, 钱立新; not
        单位, 高度: 会长 + 单位), and it names no place (代表 + 黄陂区 + 、: the gazetteer's, or a
        stem and its level)."""
        return segment.word_tag(name) in ("x", "nr") and not self.names_place(name)

    def word_ends_at(self, text: str, start: int, end: int) -> bool:
        """Whether jieba, reading text[start:] on past ``end``, ends a word there (韩立新 | 和同事们;
        not 单位 + 作 | 为: 作为 is one word), whatever character follows (organizations' ends_word
        takes one before a function character for an edge)."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, start, min(len(text), end + 2)))
        return any(start + word_end == end for _, _, word_end in words)

    def names_place(self, name: str) -> bool:
        """A name of the gazetteer, or a stem and its level word (黄陂区, 菁蓉镇)."""
        return name in self.gazetteer_names or self.ends_with_level(name)

    def took_trailer(self, text: str, start: int, end: int) -> bool:
        """Whether the name's last character is a word after it (梁悦则建议), not its own
        (冯德才说: 才 is cut only where the report writes 冯德 without it elsewhere)."""
        last = text[end - 1]
        if self.joins_before_speech(text, end - 1):
            return False   # 孟庆和 + 表示: a joining character before a verb of saying ends the name
        if last in self.rules.name_trailers:
            return True
        return last in self.rules.name_trailers_if_written_alone and text.count(text[start:end - 1]) > text.count(text[start:end])

    def credit_start(self, text: str, credit: int) -> int | None:
        """Where a credit's title starts: at the credit word, or at the outlet written just
        before it (宁波晚报 + 记者), after the last word no title holds there (图片均为 | 长沙晚报 +
        通讯员); None when other Chinese text runs into it (新闻记者)."""
        if credit == 0 or not HAN.match(text, credit - 1):
            return credit
        outlet = self.rules.outlet_before_credit.search(text, max(0, credit - OUTLET_MAX), credit)
        if outlet is None:
            return None
        words = segment.cut_phrase(self.segmenter, self.simplified(text, outlet.start(), credit))
        return outlet.start() + next((end for word, _, end in reversed(words) if self.breaks_title(word)), 0)

    def title(self, text: str, start: int, end: int, person_ends: set[int], orgs: RangeSet) -> tuple[int, int] | None:
        return self.title_before(text, start, person_ends, orgs) or self.title_after(text, end, orgs) \
            or self.roster_title(text, start, person_ends, orgs) or self.credit_title(text, start)

    def credit_title(self, text: str, start: int) -> tuple[int, int] | None:
        """The credit a name follows across a colon or a bar, spaces and a line's end, where the
        credit lines' rule reads no name (责任编辑：\n + 金英磊; 作者: + 张琳 + 发布时间, the next
        field run on; 编辑: | + 蔡凌): its title."""
        at = start
        while at > 0 and text[at - 1] in CREDIT_SEPARATORS:
            at -= 1
        if not CREDIT_MARKS.intersection(text[at:start]):
            return None
        credit = next((word for word in self.rules.credits if text.endswith(word, 0, at)), None)
        title_start = self.credit_start(text, at - len(credit)) if credit else None
        return (title_start, at) if title_start is not None else None

    def roster_title(self, text: str, start: int, person_ends: set[int], orgs: RangeSet) -> tuple[int, int] | None:
        """The role a line opens with before a colon, of each name listed after it (会长：逯瀚文;
        副会长（按姓氏笔画为序）：仉雨辰、冉立群: a note in brackets after the role is no title's):
        the names before this one on the line are persons, run together with 、."""
        at = start
        while at > 0 and text[at - 1] == "、" and at - 1 in person_ends:
            at = NAME_RUN_BEFORE.search(text, max(0, at - 1 - self.rules.title_max), at - 1).start()   # the name before the 、
        if at == 0 or text[at - 1] not in "：:":
            return None
        end = at - 1   # the colon
        begin = text.rfind("\n", 0, end) + 1
        if text[end - 1:end] in name_grammar.CLOSE_BRACKETS and (opening := self.bracket_opening(text, end - 1, end)) is not None:
            end = opening   # the note (按姓氏笔画为序) is no title's
        return self.title_in(text, begin, end, orgs, roles_only=True) if end - begin <= self.rules.title_max else None

    def title_before(self, text: str, start: int, person_ends: set[int], orgs: RangeSet) -> tuple[int, int] | None:
        """The phrase between the start of the name's clause and the name, after the person
        named before it (同乡会会长李伟强、| 加拿大温哥华冈州会馆主席陈国伦; 律师诸葛明远 | 和注册会计师贺兰:
        the title is the second person's). One space may stand between a title and the name, as
        lists typeset them, when it ends with a role word (…有限公司董事长 唐俊; not 新闻记者 张三)."""
        spaced = start > 1 and text[start - 1] in NAME_SPACES and bool(HAN.match(text, start - 2))
        end = start - 1 if spaced else start
        if (age := self.rules.age_phrase.search(text, max(0, end - 8), end)) and age.end() == end:
            end = age.start() - (text[age.start() - 1:age.start()] in LIST_SEPARATORS)
        begin = end
        while begin > 0 and end - begin < self.rules.title_max:
            if text[begin - 1] in name_grammar.CLOSE_BRACKETS and (opening := self.bracket_opening(text, begin - 1, end)) is not None \
                    and not any(opening < person_end < begin for person_end in person_ends):
                begin = opening   # …会计师事务所（特殊普通合伙）首席合伙人: a name's bracket is the title's,
                continue          # not a credit's (电（记者范小林）菲律宾…部长: the title starts after it)
            if text[begin - 1] == "”" and begin < end and HAN.match(text, begin) \
                    and (opening := self.quote_opening(text, begin - 1, end)) is not None:
                begin = opening   # 短视频账号“花牛姑娘”运营者: a quoted name the title goes on after is the title's
                continue
            if text[begin - 1] in self.rules.title_boundaries or (text[begin - 1] == "、" and begin - 1 in person_ends) \
                    or begin in person_ends or self.dateline_ends_at(text, begin):
                break   # … + 6月29日讯 | 记者杨振: a dateline closes before the title
            begin -= 1
        return self.title_in(text, begin, end, orgs, roles_only=spaced)

    def dateline_ends_at(self, text: str, at: int) -> bool:
        """Whether a dateline ends at ``at`` (本报讯 | 记者…, …日电 | ), not the 讯 of a credit
        word that goes on after it (记者郭玉培 + 通讯 | 员张玲: 通讯员)."""
        return text.endswith(DATELINE_ENDS, 0, at) and not any(
            text.startswith(credit, at - 1 - credit.index("讯")) for credit in self.rules.credits if "讯" in credit)

    def bracket_opening(self, text: str, closing: int, end: int) -> int | None:
        """The opening bracket of the one closing at ``closing``, within a title's reach of ``end``,
        after Chinese text and holding no other boundary (a name's other name or form: （市民宗委）,
        （特殊普通合伙）); None for a bracket that opens the phrase."""
        lo = max(0, end - self.rules.title_max)
        for at in range(closing - 1, lo, -1):
            if text[at] in name_grammar.OPEN_BRACKETS:
                return at if HAN.match(text, at - 1) else None
            if text[at] in self.rules.title_boundaries:
                return None
        return None

    def quote_opening(self, text: str, closing: int, end: int) -> int | None:
        """The opening quotation mark of the one closing at ``closing``, within a title's reach of
        ``end``, around a name (“阿禤讲川剧”, “花牛姑娘”: a studio's or an account's; not “90后”, a
        generation, no part of a title: persons.yaml generation); None if there is none."""
        opening = text.rfind("“", max(0, end - self.rules.title_max), closing)
        if opening < 0 or self.rules.generation.fullmatch(text, opening + 1, closing) \
                or any(char in self.rules.title_boundaries for char in text[opening + 1:closing]):
            return None
        return opening

    def title_after(self, text: str, end: int, orgs: RangeSet) -> tuple[int, int] | None:
        """A role phrase behind a comma or in brackets: 卢正，黄浦区委常委 / 王欣（…负责人）; a
        bracket inside the brackets is the title's (赖小燕（五洲木业（赣州）有限公司党总支副书记））."""
        if end >= len(text) or text[end] not in "，,（(":
            return None
        bracketed = text[end] in name_grammar.OPEN_BRACKETS
        closing = name_grammar.CLOSE_BRACKETS if bracketed else "，,。；;\n"
        stop, depth = end + 1, 0
        while stop < len(text) and stop - end <= self.rules.title_max and (depth or text[stop] not in closing):
            if bracketed:
                depth += (text[stop] in name_grammar.OPEN_BRACKETS) - (text[stop] in name_grammar.CLOSE_BRACKETS)
            stop += 1
        if (stop >= len(text) and bracketed) or (stop < len(text) and text[stop] not in closing):
            return None   # ... a comma's title may end the text, as a line's end
        if not bracketed and text[stop - 1] in name_grammar.CLOSE_BRACKETS \
                and (opening := self.bracket_opening(text, stop - 1, stop)) is not None:
            stop = opening   # 亓官雪，律师事务所主任 + （芦淞区委统战部推荐）: a note after the title, no part of it
        return self.title_in(text, end + 1, stop, orgs, roles_only=True)

    def title_in(self, text: str, begin: int, end: int, orgs: RangeSet, roles_only: bool) -> tuple[int, int] | None:
        """The title in text[begin:end], if it ends with a role word (or, ``roles_only`` false,
        a noun). Its first part (up to a 、) starts after the last word no title holds (据 |
        区委书记, 会议由 | 副部长, 73岁的 | 志愿者, 是 | …主任), outside the names of ``orgs``
        (新闻与传播学院 + 副院长); the parts after a 、 are more titles of the same person, kept as
        written."""
        # jieba reads the phrase in simplified characters (one for one: the offsets stay): 會員 → 会员
        words = list(segment.cut_phrase(self.segmenter, self.simplified(text, begin, end)))
        first_part = next((i for i, (word, _, _) in enumerate(words) if word == "、"), len(words))
        for index in range(first_part - 1, -1, -1):
            word, word_start, word_end = words[index]
            if self.opens_with_function_char(word) and not orgs.overlaps(begin + word_start, begin + word_start + 1):
                words = [(word[1:], word_start + 1, word_end)] + words[index + 1:]
                break   # 会议 + 由 | 区 + 素质办主任: jieba glued 由区
            if self.closes_with_function_char(word) and not orgs.overlaps(begin + word_end - 1, begin + word_end):
                words = words[index + 1:]
                break   # 交流 + 团由 | 该会副会长, 民盟岳阳市 + 委在 | 主委: jieba glued the function
                #         word onto the word before, a name's last character too
            if orgs.overlaps(begin + word_start, begin + word_end):
                continue
            if self.breaks_title(word) or self.links_names(text, word, begin + word_start, begin + word_end, orgs):
                words = words[index + 1:]
                break
        while words and words[0][0] in LIST_SEPARATORS:
            words = words[1:]   # 全国“时代楷模” + 、| 汪清县关工委主任: a list's mark opens no title
        if not words:
            return None
        simplified = self.simplified(text, begin, end)   # 會長: 会长
        if not (simplified.endswith(self.rules.roles)
                or (not roles_only and self.noun_like(words[-1][0]))):
            return None
        if self.places_only(simplified[words[0][1]:]):
            return None   # 内蒙古赤峰市 + 邓成和: where the person is from, no title (its places stay places)
        return begin + words[0][1], end

    @staticmethod
    def noun_like(word: str) -> bool:
        """A noun by jieba's dictionary, or a word of two or more characters it does not know
        (博主, 网络大V: new words are mostly nouns)."""
        tag = segment.word_tag(word)
        return tag.startswith("n") or (tag == "x" and len(word) >= 2)

    @staticmethod
    def opens_with_function_char(word: str) -> bool:
        """A word jieba does not know that a function word opens (由区, 在县): glued on, the
        title starts after it."""
        return len(word) > 1 and segment.word_tag(word) == "x" and is_function_char(word[0])

    @staticmethod
    def closes_with_function_char(word: str) -> bool:
        """A word jieba does not know that a function word or an aspect particle ends (团由, 拉着):
        the title starts after it."""
        return len(word) > 1 and segment.word_tag(word) == "x" and (
            is_function_char(word[-1]) or word[-1] in name_grammar.ASPECT_PARTICLES)

    def links_names(self, text: str, word: str, start: int, end: int, orgs: RangeSet) -> bool:
        """A verb between a name and one that stands alone is a clause's predicate, no part of
        a title (…学校 + 召开 + 市委统战部三级调研员: the title starts after it; 商会 + 执行 + 会长 and
        四川音乐学院 + 流行 + 音乐学院, where the rules cut one name, stay whole)."""
        after = orgs.end_from(end)
        return segment.word_tag(word) == "v" and orgs.overlaps(start - 1, start) and after is not None \
            and self.stands_alone(text[end:after])

    def breaks_title(self, word: str) -> bool:
        return word in self.rules.title_break_words or (
            segment.word_tag(word).startswith(self.rules.title_break_tags) and not word.endswith(self.rules.roles))

    # -- places --------------------------------------------------------------------------------

    def places(self, text: str, model_spans: list[tuple[int, int]], gazetteer_spans: list[tuple[int, int]],
               taken: RangeSet, named_spans: list[tuple[int, int]] = (),
               unit_spans: list[tuple[int, int]] = (), stem_spans: list[tuple[int, int]] = ()) -> list[Candidate]:
        """The model's places, the gazetteer's it does not read, the units organizations' names
        are built on, written alone (``named_spans``), the units read by their level word
        (``unit_spans``), and the stems of towns written alone (``stem_spans``); a place holding
        none of the model's is the gazetteer's (rule ``places/gazetteer``), the organizations'
        (NAMED_RULE), its level's (UNIT_RULE) or its town's (TOWN_STEM_RULE)."""
        model_spans = [(self.clause_verb_cut(text, s, e),
                        self.unit_after_place_cut(text, s, self.common_tail_cut(text, s, self.address_cut(text, s, e))))
                       for s, e in model_spans if not self.no_place_alone(text, s, e)]
        model_spans = [piece for s, e in model_spans for piece in self.siblings_cut(text, s, e)]
        starts = frozenset(s for s, _ in [*model_spans, *gazetteer_spans, *named_spans, *unit_spans, *stem_spans])
        model_spans = [piece for s, e in model_spans for piece in ([(s, e)] if e in starts else self.with_place_after(text, s, e))]
        # 中国 + 香港: two places jieba reads as one word are one name, before the checks
        spans = join_adjacent(self.cut_at_gazetteer(text, sorted(model_spans)) + sorted([*gazetteer_spans, *named_spans, *unit_spans, *stem_spans]),
                              lambda a, b: len(segment.cut_phrase(self.segmenter, text[a[0]:b[1]])) == 1)
        cut = {(start, end): self.position_cut(text, start, end) for start, end in spans}   # 潇河 | 南岸: an edge where jieba reads 河南
        ends = frozenset(cut.values())
        spans = [(c.start, c.end) for c in longest_first([Candidate(*self.item_opening(text, *self.chained(text, s, cut[s, e], ends), ends), "")
                                                          for s, e in spans])]
        spans = [(s, e) for s, e in spans if not self.kind_of_unit(self.simplified(text, s, e))]   # no list of it either
        siblings = self.listed_with(text, spans)
        spans = [(c.start, c.end) for c in longest_first([Candidate(s, e, "") for s, e in spans + siblings])]
        seams = frozenset(b for (a, b), (c, d) in zip(spans, spans[1:]) if b == c and self.chains(text[a:b], text[c:d])) \
            | {end for (_, original), end in cut.items() if end != original}
        kept = [(s, e) for s, e in spans   # one character (港, 藏): a fragment
                if not taken.overlaps(s, e) and e - s >= 2 and NAME_CHARS.fullmatch(text, s, e) and self.on_word_edges(text, s, e, seams)
                and not self.simplified(text, s, e).endswith(self.rules.facilities + self.rules.grounds) and not self.names_road(text, e)
                and not self.names_ground(text, s, e)
                and not self.kind_of_site(self.simplified(text, s, e))
                and not self.derived_from_place(self.simplified(text, s, e)) and not opens_qualified_name(text, s, e)
                and not self.rules.people_pair.fullmatch(self.simplified(text, s, e))
                and not self.names_plenum(text, s, e)]
        # 嘉定区 + 南翔镇: an administrative chain written as one name
        joined = join_adjacent(kept, lambda a, b: self.chains(text[a[0]:a[1]], text[b[0]:b[1]]))
        # A place in a quoted name is a piece of it (“中国侨都”); a quoted name is a title, a brand
        # or a figure of speech, not the place it sounds like (“连心桥”, “金山银山”); a place in a
        # document's title is the title's (《四川省宗教事务条例》)
        quoted = quoted_titles(text)
        titles, whole = RangeSet(quoted + [title.span("in") for title in BOOK_TITLE.finditer(text)]), frozenset(quoted)
        joined = [(s, e) for s, e in joined if not titles.holds_part(s, e) and (s, e) not in whole]
        read, listed, gazetteer, named = RangeSet(model_spans), RangeSet(siblings), RangeSet(gazetteer_spans), RangeSet(named_spans)
        stems = RangeSet(stem_spans)
        return [Candidate(s, e, self.rule_id if read.overlaps(s, e) else LISTED_RULE if listed.overlaps(s, e)
                          else GAZETTEER_RULE if gazetteer.overlaps(s, e) else NAMED_RULE if named.overlaps(s, e)
                          else TOWN_STEM_RULE if stems.overlaps(s, e) else UNIT_RULE, {})
                for s, e in joined]

    def names_plenum(self, text: str, start: int, end: int) -> bool:
        """Whether the place is a plenum's ordinal in a list of plenums (三中 of 三中、四中全会)."""
        plenum = self.rules.plenum_in_list.match(text, start)
        return plenum is not None and plenum.end() == end

    def no_place_alone(self, text: str, start: int, end: int) -> bool:
        """Whether the model's place is a word of position (两岸) or a nation's attribute (中华 +
        传统美德, not 中华 + 街道; 中国 + 特色, not 中国 + 的) read alone: no place (places.yaml
        positions, attributes_alone, attributes_before_nouns), or one opening with a role's last
        character (董事长 | 江楠)."""
        name = self.simplified(text, start, end)
        return name in self.rules.positions or (name in self.rules.attributes_alone
                                                and not self.simplified(text, end, end + 2).startswith(name_grammar.PLACE_SUFFIXES)) \
            or (name in self.rules.attributes_before_nouns and self.modifies_next_word(text, end)) \
            or self.role_ends_inside(text, start)   # 董事长 | 江楠: no river 长江 there

    def modifies_next_word(self, text: str, end: int) -> bool:
        """Whether jieba's word right after ``end`` is one a name before it modifies, by its
        dictionary's tag (places.yaml attribute_noun_tags: 特色 n, 革命 vn, 新型 b)."""
        words = segment.cut_phrase(self.segmenter, self.simplified(text, end, end + EDGE_WINDOW))
        return bool(words) and words[0][1] == 0 and segment.word_tag(words[0][0]) in self.rules.attribute_noun_tags

    def units_with_levels(self, text: str, model_places: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The towns, streets, villages and communities the model misses, written with their level
        word (places.yaml unit_levels: 花石 + 镇, 三宝 + 街道, 铺上 + 村) where jieba reads that word
        alone: their stem is the proper words jieba reads right before it (unit_stem), up to
        UNIT_STEM_MAX characters, two or more, not opening with a word jieba does not know that
        opens with a character no stem opens with (name_grammar.NO_STEM_FIRST: 各街 + 镇; a
        numeral may: 三仓 + 镇). Not where the level is glued to the word before (围头 + 全村,
        进社区, 山村), unless to the stem's last character in a word jieba does not know
        (glued_level: 铜罐 + 驿镇). Right after a place the model reads, any two or three
        characters are the stem (西陵区 + 学院 + 街道, 大理市 + 下关 + 街道: the unit in that place),
        but what stem_after_place rules out (农村 + 社区, 更多 + 街道), and where the unit lies in
        that place by their levels (not 莲塘村 + 参观 + 村史馆: a village in no village)."""
        read = RangeSet(model_places)
        place_starts = {end: start for start, end in model_places}
        simplified = self.simplified(text, 0, len(text))
        found = []
        for level in self.rules.unit_levels.finditer(simplified):
            left = max(0, level.start() - UNIT_STEM_MAX - EDGE_WINDOW)
            words = segment.cut_phrase(self.segmenter, simplified[left:level.end()])
            glued = bool(words) and self.glued_level(words[-1][0], level.group())
            if not words or left + words[-1][1] != level.start() - glued:
                continue
            after_place = next((at for at in (level.start() - 3, level.start() - 2) if at in place_starts
                                and self.stem_after_place(simplified[at:level.start()])
                                and self.chains(simplified[place_starts[at]:at], simplified[at:level.end()])), None)
            if after_place is not None:
                found.append((after_place, level.end()))
                continue
            stem, first = level.start() - glued, ""
            for word, start, _ in reversed(words[:-1]):
                if level.start() - (left + start) > UNIT_STEM_MAX or not self.unit_stem(word) \
                        or (level.start() - stem >= 2 and segment.word_tag(word) == "n"):
                    break   # a common noun before a stem of two characters: the clause's (落户 + 稻田 + 镇)
                stem, first = left + start, word
            if first and segment.word_tag(first) == "x" and first[0] in name_grammar.NO_STEM_FIRST \
                    and first[0] not in name_grammar.NUMERALS:
                continue    # 各街 + 镇: a pronoun's or a function word's (but 三仓 + 镇, 五烈 + 镇)
            if level.start() - stem >= 2 and not read.overlaps(stem, level.end()):
                found.append((stem, level.end()))
        return found

    def stems_listed_before_level(self, text: str) -> list[tuple[int, int]]:
        """The items of a 、-list closed by 等 or a count and a unit's level (places.yaml
        stem_list_end: 嘉积、万泉、博鳌 + 等镇), the first without its clause's lead-in (造访琼海的 +
        嘉积): the units' stems, places, where each item is one (listed_stem)."""
        if self.rules.stem_list_end.search(text) is None:
            return []   # most reports: no such list
        found = []
        for enumeration in enumerations.enumerations(text):
            closer = self.rules.stem_list_end.search(text, *enumeration.items[-1]) if enumeration.kind == "list" else None
            if closer is None:
                continue
            items = [self.name_after_lead_in(text, *enumeration.items[0]), *enumeration.items[1:-1], (enumeration.items[-1][0], closer.start())]
            if all(self.listed_stem(text, start, end) for start, end in items):
                found += items
        return found

    def listed_stem(self, text: str, start: int, end: int) -> bool:
        """A unit's stem listed before its level: two or three Chinese characters, no common word
        of jieba's dictionary but a rare one (溪源; not 服务社), and no word of two characters or
        more that jieba tags a verb or a function word (LEAD_IN_TAGS; 寨 + 背 is a stem's
        characters)."""
        stem = self.simplified(text, start, end)
        return 2 <= len(stem) <= MAX_UNIT_STEM and HAN_RUN.fullmatch(stem) is not None \
            and (segment.word_tag(stem) not in self.rules.common_word_tags or self.org_rules.is_rare_word(stem)) and not any(
                len(word) > 1 and segment.word_tag(word).startswith(LEAD_IN_TAGS) for word, _, _ in segment.cut_phrase(self.segmenter, stem))

    def unit_after_place_cut(self, text: str, start: int, end: int) -> int:
        """Where a place the model reads ends when it runs on over a unit after a place of its
        own that does not lie in it (凤鸣村 + 青年社区: a community in no village): at that
        place's end. Else ``end``."""
        name = self.simplified(text, start, end)
        unit = self.rules.unit_level_end.search(name)
        if unit is None:
            return end
        for level in self.rules.level_after.finditer(name, 2, unit.start() - 1, overlapped=True):
            stem = name[level.end():unit.start()]
            if 2 <= len(stem) <= 3 and not self.chains(name[:level.end()], name[level.end():]):
                return start + level.end()
        return end

    def stem_after_place(self, stem: str) -> bool:
        """Two or three characters right after a place that may be a unit's stem there: no common
        word (农村), no function word's character (沿线的 + 村), no particle (参观 + 了 + 社区), not
        opening with what no stem opens with (各, 该), a clause verb of two characters (新竹街道 +
        建立 + 社区; but 进 + 学 + 街道) or a word jieba tags as no name's opening may be (更多 d
        + 街道; but 解放, 建设 + 街道)."""
        if HAN_RUN.fullmatch(stem) is None or stem in self.org_rules.lex.common_words or name_grammar.CLAUSE_JOINS.intersection(stem) \
                or stem[0] in name_grammar.NO_STEM_FIRST or stem[0] in POINTING:
            return False
        words = [word for word, _, _ in segment.cut_phrase(self.segmenter, stem)]
        return not segment.word_tag(words[0]).startswith(self.rules.stem_opening_break_tags) \
            and not (len(words[0]) > 1 and name_grammar.governs_clause(words[0])) \
            and not any(segment.word_tag(word).startswith(PARTICLE_TAGS) for word in words)

    def glued_level(self, word: str, level: str) -> bool:
        """Whether jieba glued a unit's level onto the last character of its stem in a word it
        does not know (铜罐 + 驿镇, 石板 + 溪村), that character no function word's (各村, 该镇)
        nor one jieba tags so as no stem's (places.yaml stem_char_break_tags: 走村, 驻村, 下村)."""
        return len(word) == len(level) + 1 and word.endswith(level) and segment.word_tag(word) == "x" \
            and word[0] not in name_grammar.NO_STEM_FIRST and not segment.word_tag(word[0]).startswith(self.rules.stem_char_break_tags)

    def unit_stem(self, word: str) -> bool:
        """A word of a unit's stem: one jieba's dictionary does not hold, or holds as a name
        (places.yaml unit_stem_tags), or a noun it counts rarely (花石); not a kind of place
        (城市, 山区, 苏木: organizations/heads.yaml common_words), nor one it does not know that
        ends with a copula or a preposition (侨为 + 社区: name_grammar.NO_STEM_LAST)."""
        tag = segment.word_tag(word)
        return bool(HAN_RUN.fullmatch(word)) and word not in self.org_rules.lex.common_words \
            and not (tag == "x" and word[-1] in name_grammar.NO_STEM_LAST) \
            and (tag in self.rules.unit_stem_tags or (tag == "n" and self.org_rules.is_rare_word(word)))

    def units_written_alone(self, text: str, in_names: list[tuple[int, int]], read: RangeSet) -> list[tuple[int, int]]:
        """Every occurrence of a unit an organization's name is built on, with its level word
        (青禾县 of 青禾县委统战部: name_grammar.PLACES_KEY), where the model reads no place:
        the report names the place it names its bodies after (青禾县位于临川市北部). Not a word
        jieba's dictionary holds as a common one (城区, 开发区: kinds of unit), nor a stem holding
        a verb or a function word (参观 + 社区, 由 + 园区). ``places`` checks the edges."""
        units = {unit for unit in (self.simplified(text, s, e) for s, e in in_names)
                 if self.ends_with_level(unit) and segment.word_tag(unit) not in self.rules.common_word_tags
                 and unit[0] not in self.rules.glue_characters
                 and not any(self.org_rules.breaks_stem(word) or name_grammar.governs_clause(word)
                             for word, _, _ in segment.cut_phrase(self.segmenter, unit))}
        simplified = self.simplified(text, 0, len(text))
        return sorted(span for unit in units for span in ((at, at + len(unit)) for at in segment.occurrences(simplified, unit))
                      if not read.overlaps(*span))

    def common_tail_cut(self, text: str, start: int, end: int) -> int:
        """Where a place the model reads ends when a ground (places.yaml grounds: 顺德区均安镇 |
        均安广场) or common words (北陡镇寨门村 | 文化广场) follow its last level word: there, unless
        the words end as a place's name does (a level, a region, a site or a river's or a
        mountain's end: 江门市 + 新会区, jieba's common word 新会) or as a facility's (places.yaml
        facilities: the whole is none). Else ``end``."""
        name = self.simplified(text, start, end)
        level_ends = [m.end() for m in self.rules.level_after.finditer(name, 2, len(name) - 1, overlapped=True)]
        if not level_ends:
            return end
        rest = name[max(level_ends):]
        if rest.endswith(self.rules.grounds):
            return start + max(level_ends)   # 顺德区均安镇 | 均安广场
        words = segment.cut_phrase(self.segmenter, rest)
        if len(rest) < 2 or rest.endswith(self.rules.facilities) \
                or not all(segment.word_tag(word) in self.rules.common_word_tags for word, _, _ in words):
            return end   # ... a facility's (容桂街道同心驿站) is no place at all
        return end if rest.endswith(self.rules.levels_after_name + self.rules.geographic_ends) else start + max(level_ends)

    def glued_stem_start(self, text: str, start: int) -> int:
        """Where a place the model reads starts when jieba glued its first characters onto a
        function word and the word before it, in one word it does not know (新仓村 + 和 + 周 |
        王庙镇: 村和周): right after the function word. Else ``start``."""
        left = max(0, start - EDGE_WINDOW)
        words = segment.cut_phrase(self.segmenter, self.simplified(text, left, start))
        if not words or left + words[-1][2] != start:
            return start
        glues = self.inner_function_words(words[-1][0])
        return left + words[-1][1] + glues[-1] + 1 if glues else start

    def locative_end(self, text: str, start: int, end: int) -> int:
        """Where a place the model reads ends before a locative jieba reads at its end (绍兴柯桥 +
        南部: a part of the place, no place of its own; 吴承恩故居 + 旁: beside it), two characters or
        more standing before it, or after a level word alone (镇 + 内: inside the town, no name).
        Else ``end``."""
        name = self.simplified(text, start, end)
        if len(name) == 2 and name[0] in self.rules.level_ranks and name[1] in LOCATIVE_CHARACTERS:
            return start + 1
        words = segment.cut_phrase(self.segmenter, name)
        if len(words) > 1 and words[-1][1] >= 2 and segment.word_tag(words[-1][0]) == "f" \
                and (len(words[-1][0]) == 2 or words[-1][0] in SIDE_LOCATIVES):
            return start + words[-1][1]
        return end

    def level_word_end(self, text: str, start: int, end: int) -> int:
        """Where a unit the model reads ends inside a level word of two characters or more, written
        across its end (长安街 | 道: 街道, jieba's word 长安街 read first): at that word's end,
        where two characters or more stand before it. Else ``end`` (not over a word after it that
        ends with a level: 图们江 + 从村, 寿光 + 菜乡, 徽州 + 古村)."""
        written = self.simplified(text, start, min(len(text), end + self.rules.longest_level - 1))
        length = end - start
        for level in self.rules.long_levels:   # a match from lo to hi starts before the end, ends after it
            at = written.find(level, max(2, length - len(level) + 1), length + len(level) - 1)
            if at >= 0:
                return start + at + len(level)
        return end

    def opening_cut_off(self, text: str, start: int, end: int) -> int:
        """Where a unit (a town, a street, a village: places.yaml unit_levels) the model reads
        starts when it left out a word of one or two characters between a clear edge and its
        start (在 + 杰勒 | 阿尕什镇, 、 + 三道 | 堰镇, 的 + 上 | 郎德村, 推动 + 堠 | 北庄镇: a name's
        first characters the model reads as common ones): at that word, one character jieba tags
        as a name's part may be (places.yaml opening_break_tags: not 该 + 镇), or two it tags as
        a name's, a numeral's or a word it does not know (opening_word_tags: not 总结 + 凤鸣村,
        前往 + 黄阁镇), no function word's character in them (服务 + 团在 | 稠城街道). The edge: no
        Chinese character, a function word, or a verb jieba ends there."""
        name = self.simplified(text, start, end)
        if start < 2 or not self.rules.unit_level_end.search(name):
            return start
        left = max(0, start - EDGE_WINDOW)
        words = segment.cut_phrase(self.segmenter, self.simplified(text, left, min(len(text), end)))
        before = [(word, left + a) for word, a, b in words if left + b <= start]
        if not before or left + words[len(before) - 1][2] != start:
            return start   # jieba reads a word across the start
        word, opening = before[-1]
        edge = before[-2][0] if len(before) > 1 else ""
        clear = not edge or not HAN.match(edge[-1]) or edge[-1] in name_grammar.CLAUSE_JOINS or segment.word_tag(edge).startswith("v")
        tag = segment.word_tag(word)
        if len(word) > 2 or not HAN_RUN.fullmatch(word) or not clear or word[0] in POINTING \
                or tag.startswith(self.rules.opening_break_tags):
            return start
        if len(word) == 2 and (tag not in self.rules.opening_word_tags or name_grammar.CLAUSE_JOINS.intersection(word)):
            return start
        return opening

    def level_stem_start(self, text: str, start: int, end: int) -> int:
        """Where a unit the model reads from a level word on (镇 | 西埔村 after 英林, 县 | 茶林镇
        after 峒溪) or with a town's level after one character (屯镇 after 不老) starts: at the word
        jieba reads before it, of two characters or more, when jieba tags that word as a stem's
        may be (a unit's stem is a word, and the model cut it at a word it knows: 联合, 易俗);
        after the opening level word where the word before is one places.yaml
        level_stem_break_tags names (这个 镇 | 西埔村: that town's village). Else ``start``."""
        name = self.simplified(text, start, end)
        level = self.level_word(name)
        opening = next((word for words in self.rules.place_levels[self.rules.town_level - 1:self.rules.village_level]
                        for word in words if name.startswith(word) and len(name) > len(word)), None)
        one_char_town = level is not None and level[0] == self.rules.town_level and len(name) - len(level[1]) == 1
        if start == 0 or not (opening or one_char_town):
            return start
        words = segment.cut_phrase(self.segmenter, self.simplified(text, max(0, start - EDGE_WINDOW), start))
        word = words[-1][0] if words else ""
        if segment.word_tag(word).startswith(self.rules.level_stem_break_tags):
            return start + len(opening) if opening else start
        return start - len(word) if len(word) >= 2 and HAN_RUN.fullmatch(word) else start

    def clause_verb_cut(self, text: str, start: int, end: int) -> int:
        """Where a place the model reads starts when it opens with a verb of two characters or more
        that governs a clause (走进 + 镇江高新区, 打造 + 湘乡: name_grammar.CLAUSE_VERBS), unless a
        level's character opens the word after it and no place (联合 + 镇云 | 山村: the verb is the
        town's name; not 走进 + 镇江): after the verb. Else ``start``."""
        words = [word for word, _, _ in segment.cut_phrase(self.segmenter, self.simplified(text, start, end))]
        cut = len(words) > 1 and len(words[0]) > 1 and name_grammar.governs_clause(words[0]) \
            and (not words[1].startswith(name_grammar.PLACE_SUFFIXES) or self.org_rules.is_place_word(words[1]))
        return start + len(words[0]) if cut else start

    def address_cut(self, text: str, start: int, end: int) -> int:
        """The end of a model's place that runs on into an address (南京市建邺区 + 江东中路289号:
        a number and 号): the end of the gazetteer's places it opens with; else its own end. A
        place opening a postal address after its label (places.yaml address: 地址：…) ends there
        too, or after the town or street written right after those places (江西省上饶市婺源县 +
        蚺城街道 | 文公北路, 广东省佛山市顺德区 + 大良街道, however far the model read)."""
        in_address = any(hit.start("address") == start for hit in self.rules.address.finditer(text, max(0, start - ADDRESS_LABEL_MAX), start + 1))
        if not (in_address or text.endswith("号", start, end) and DIGIT.search(text, start, end)):
            return end
        at = start
        for place_start, place_end in self.org_rules.written_places(text):
            if place_start == at and (place_end < end or in_address):
                at = place_end
        if in_address and at > start:
            town = self.address_town.match(text, at)
            return town.end() if town is not None else at
        return at if at > start else end

    def kind_of_site(self, name: str) -> bool:
        """A site of a kind (places.yaml kind_sites: 产业园, 研学基地, 鞋服 + 产业园) that names no
        place before its head (a word jieba tags as one, or a name of the gazetteer: 中原 +
        数字出版产业园): a kind, no place."""
        head = next((site for site in self.rules.kind_sites if name.endswith(site)), None)
        return head is not None and not any(segment.word_tag(word) == PLACE_TAG or word in self.gazetteer_names
                                            for word, _, _ in segment.cut_phrase(self.segmenter, name[:-len(head)]))

    def kind_of_unit(self, name: str) -> bool:
        """Every unit of a kind (places.yaml kind_opening: 全区 + 街道, 各 + 乡镇), not a place;
        but a name of the gazetteer opening so is one (全州县)."""
        return self.rules.kind_opening.match(name) is not None and not any(name[:size] in self.gazetteer_names for size in range(2, len(name) + 1))

    def derived_from_place(self, name: str) -> bool:
        """A word made of a place's or a people's name and a suffix (中国 + 化, 维吾尔 + 语:
        places.yaml derivation_suffixes), not itself a name of the gazetteer (怀化)."""
        return name.endswith(self.rules.derivation_suffixes) and name not in self.gazetteer_names \
            and any(name[:-len(suffix)] in self.gazetteer_names or segment.word_tag(name[:-len(suffix)]) in DERIVED_STEM_TAGS
                    for suffix in self.rules.derivation_suffixes if name.endswith(suffix))

    def listed_with(self, text: str, places: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The units listed right before or after a place of their level, between clear edges
        (与 | 箬横镇 、 松门镇, 清河县 、 威县 | 的, 留村 、 淡村 | 困难学生): places too, whatever
        their stem (places.yaml list_separators); and the names of no level listed next to a
        place (names_listed)."""
        found, todo, read = [], list(places), RangeSet(places)
        while todo:
            start, end = todo.pop()
            name = self.simplified(text, start, end)
            rank = self.level(name) if self.ends_with_level(name) else None   # 泉州: 州 is the name's own
            siblings = self.names_listed(text, start, end) if rank is None else \
                (self.listed_after(text, end, rank), self.listed_before(text, start, rank))
            for sibling in siblings:
                if sibling is not None and not read.overlaps(*sibling):
                    read.add(*sibling)
                    found.append(sibling)
                    todo.append(sibling)
        return sorted(found)

    def names_listed(self, text: str, start: int, end: int) -> tuple:
        """The items of no level listed with 、 right after or before a place of no level: a
        name of the gazetteer, short forms included (瑞金 、 于都 | 开展; 宜都 、 当阳), or
        any item between clear edges where the list runs on to a list end of places.yaml (台北 、
        台中 、 高雄 | 等地: each item names a place)."""
        after = before = None
        if text.startswith("、", end):
            delimited = self.rules.list_to_end.match(text, end + 1)
            item_end = text.find("、", end + 1, delimited.end()) if delimited else -1
            after = (end + 1, delimited.end() if item_end < 0 else item_end) if delimited else \
                self.gazetteer_name(text, end + 1, range(end + 1 + MAX_LISTED, end + 2, -1), after=True)
        if text.endswith("、", 0, start):   # the item between the 、 before it and the one before that
            opening = text.rfind("、", max(0, start - MAX_LISTED - 2), start - 1) + 1   # 0: none
            delimited = opening and HAN_RUN.fullmatch(text, opening, start - 1) and self.rules.list_to_end.match(text, opening)
            before = (opening, start - 1) if delimited and start - 1 - opening >= 2 else \
                self.gazetteer_name(text, start - 1, range(start - 1 - MAX_LISTED, start - 2), after=False)
        return after, before

    def gazetteer_name(self, text: str, fixed: int, others: range, after: bool) -> tuple[int, int] | None:
        """The longest name of the gazetteer between ``fixed`` and one of ``others`` where an
        item of a list may end (``after``) or start; not a word jieba's dictionary holds as a
        common word (乡村 + 振兴 、 闽台: 振兴 of 振兴区 is a verb)."""
        for other in others:
            span = (fixed, other) if after else (other, fixed)
            if span[0] < 0 or span[1] > len(text):
                continue
            name = self.simplified(text, *span)
            if name not in self.gazetteer_names or segment.word_tag(name) in self.rules.common_word_tags:
                continue
            if (self.ends_item(text, other) if after else self.org_rules.starts_word(text, other)):
                return span
        return None

    def listed_after(self, text: str, end: int, rank: int) -> tuple[int, int] | None:
        """The item after a separator at ``end``: the shortest stem with a level word of ``rank``
        where an item may end (松门镇 、 | 石塘镇 | 的)."""
        separator = next((word for word in self.rules.list_separators if text.startswith(word, end)), None)
        if separator is None:
            return None
        start = end + len(separator)
        for size in range(2, name_grammar.MAX_STEM + 3):   # the shortest: a stem, then its level word
            item = self.simplified(text, start, start + size)
            if name_grammar.NAME_BREAK.search(item):
                return None
            if self.level(item) == rank and self.ends_item(text, start + size):
                return start, start + size
        return None

    def listed_before(self, text: str, start: int, rank: int) -> tuple[int, int] | None:
        """The item before a separator at ``start``, ending with a level word of ``rank``."""
        separator = next((word for word in self.rules.list_separators if text.endswith(word, 0, start)), None)
        if separator is None:
            return None
        end = start - len(separator)
        found = self.level_word(self.simplified(text, max(0, end - self.rules.longest_level), end))
        if found is None or found[0] != rank:
            return None
        level = len(found[1])
        words = self.org_rules.cut(text, max(0, end - level - name_grammar.MAX_STEM - EDGE_WINDOW), end - level)
        for at in range(len(words) - 1, -1, -1):   # the shortest stem after an edge: 与, a verb (前往 + 箬横镇)
            begin = words[at][1]
            if end - level - begin > name_grammar.MAX_STEM or name_grammar.NAME_BREAK.search(text, begin, end):
                return None
            if end - level - begin == 1 and self.org_rules.breaks_stem(words[at][0]):
                continue   # 在中 | 和 + 街道: a function word alone is no stem (but 留 + 村)
            if edge_before(text, begin) or (at and self.org_rules.breaks_stem(words[at - 1][0])):
                begin += self.opens_with_function_char(words[at][0])   # ， 为龙 | 砂村: glued on
                return (begin - 1 if rank == self.rules.town_level and end - level - begin == 1
                        and self.after_edge(text, begin - 1) else begin), end
        return None

    def after_edge(self, text: str, at: int) -> bool:
        """Whether ``at`` holds a character that is no function word, right after a clear edge
        (no Chinese character, or a function word): a town read with one character (在 段 | 莘乡:
        jieba's measure word 段) takes it, as towns are named by two characters or more."""
        return at > 0 and HAN.match(text, at) is not None and text[at] not in name_grammar.CLAUSE_JOINS and edge_before(text, at)

    def ends_item(self, text: str, end: int) -> bool:
        """Whether a list's item may end at ``end``: no Chinese character after it, a function
        word, 的, another separator, or a word jieba starts there."""
        return end >= len(text) or not HAN.match(text, end) or text[end] in name_grammar.FUNCTION_CHARS \
            or text[end] == "的" or text.startswith(self.rules.list_separators, end) \
            or self.org_rules.starts_word(text, end)

    def names_road(self, text: str, end: int) -> bool:
        """Whether a place ending at ``end`` opens a road's name (新河 + 路), not one of a unit
        named after the road (小寨路 + 街道)."""
        after = self.simplified(text, end, end + 6)
        road = next((road for road in self.rules.roads if after.startswith(road)), None)
        return road is not None and not self.rules.level_after.match(after, len(road))

    def names_ground(self, text: str, start: int, end: int) -> bool:
        """Whether a name neither the gazetteer nor jieba knows as a place opens a ground's name
        right after it (望隆 + 市场; not 非洲 + 市场, a place's market, nor 丽景社区 + 广场, a unit's)."""
        name = self.simplified(text, start, end)
        return self.simplified(text, end, end + 3).startswith(self.rules.grounds) and self.org_rules.starts_word(text, end) \
            and name not in self.gazetteer_names and segment.word_tag(name) != PLACE_TAG and not self.ends_with_level(name)

    def siblings_cut(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A model's place written as two or more of the gazetteer's names, cut where two names
        side by side make no chain (郑州 | 开封, 晋江 | 石狮 | 南安: places visited in turn); a
        chain stays whole (湖北 + 武汉, 河南郑州 | 开封, 临江市 + 北湖区)."""
        forms = self.gazetteer_forms(self.simplified(text, start, end))
        if forms is None:
            return [(start, end)]
        cuts = list(itertools.accumulate(map(len, forms), initial=start))
        seams = [cut for cut, before, after in zip(cuts[1:], forms, forms[1:]) if not self.chains(before, after)]
        return list(zip([start, *seams], [*seams, end]))

    def gazetteer_forms(self, name: str, least: int = 2) -> list[str] | None:
        """``name`` as ``least`` or more full names or short forms of the gazetteer, the longest
        first where it can be read more ways; None where it cannot."""
        forms = self.org_lexicon.places_by_form
        if least <= 1 and name in forms:
            return [name]
        for size in range(len(name) - 2, 1, -1):
            rest = self.gazetteer_forms(name[size:], least - 1) if name[:size] in forms else None
            if rest is not None:
                return [name[:size], *rest]
        return None

    def lies_in(self, first: str, second: str) -> bool:
        """Whether one of two forms of the gazetteer may name a place the other lies in (湖北,
        武汉), or either names more than one place."""
        forms = self.org_lexicon.places_by_form
        return name_grammar.rows_lie_in(forms[first], forms[second])

    def holds(self, upper: str, lower: str) -> bool:
        """Whether a place one form of the gazetteer names holds one the other names (延边朝鲜族
        自治州, 延吉市)."""
        forms = self.org_lexicon.places_by_form
        return any(row["name"] in (inner.get("city"), inner.get("province")) for row in forms[upper] for inner in forms[lower])

    def cut_at_gazetteer(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The model's places, where one starts inside a full name of the gazetteer, or two
        side by side meet inside one, cut at that name's edges: 梅县 | 区南口镇 and (梅县) +
        区南口镇 both read 梅县区 + 南口镇; one that ends with it is that name (民和回族土族 +
        自治县). One that is the start of a full name is that name (秦州 + 区)."""
        full = self.org_rules.written_places(text)
        cut = []
        for start, end in spans:
            name = next(((a, b) for a, b in full if a < start < b <= end), None)
            if name is None:
                cut.append(next(((a, b) for a, b in full if a == start and b > end), (start, end)))
                continue
            if cut and cut[-1][1] == start and cut[-1][0] == name[0]:
                cut.pop()
            cut += [name] + ([(name[1], end)] if name[1] < end else [])
        return cut

    def chained(self, text: str, start: int, end: int, place_ends: frozenset[int] = frozenset()) -> tuple[int, int]:
        """A village with the town written right before it (嫘祖镇 + 望家村), a town with the
        village named right after it (龙舟坪镇 + 郑家榜村), a place of no level with a level
        after it (not a road's level character: 德民路 + 区行政服务中心; 泉城路 + 商圈 stays), a
        region's (粤港澳大湾 + 区, places.yaml region_levels), a unit's (大连湾 +
        街道) or a site's (黄坛口 + 水库: sites), a town whose stem it read short right after the
        place it lies in (安图县 + 二道 | 白河镇): the maximal name written, where the model read a
        part. ``place_ends``: where the model's places end."""
        read_level = self.level(self.simplified(text, start, end))
        if read_level == self.rules.village_level and HAN.match(text, start - 1):
            start = self.village_start(text, start, end, place_ends)
            before = self.org_rules.place_ending_at(text, start, name_grammar.window_start(text, start))
            town = self.town_before(text, start) if before is None else before
            if town is not None and self.level(self.simplified(text, town, start)) == self.rules.town_level:
                start = town
        elif read_level == self.rules.town_level and HAN.match(text, start - 1) \
                and start not in place_ends and not self.town_ends_at(text, start):
            start = next((begin for begin in (start - 1, start - 2) if self.stem_read_short(text, begin, start, end)
                          and self.org_rules.place_ending_at(text, begin, name_grammar.window_start(text, begin)) is not None), start)
        end = self.zone_after(text, end)
        level = self.level(self.simplified(text, start, end))
        if level == self.rules.town_level:
            end = next((end + size for size in range(3, name_grammar.MAX_STEM + 3) if self.names_village(text, end, end + size)), end)
        else:
            after = self.simplified(text, end, end + max(map(len, self.rules.levels_after_name)))
            region = next((region for region in self.rules.levels_after_name if after.startswith(region)), None)
            if region is not None and self.written_level(text, start, end) is None \
                    and not (len(region) == 1 and self.simplified(text, start, end).endswith(self.rules.roads)) \
                    and self.org_rules.starts_word(text, end + len(region)):   # 襄阳 | 都市 + 圈: 市 of 都市 is no level
                end += len(region)
        return start, end

    def with_place_after(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A model's place of the gazetteer's names and a place of the gazetteer written right
        after it on a word's edge, which the model left out (read where no other place read
        starts there): one name where it lies in the last of them (甘肃 + 天水); none where it does
        not (香港 + 合作, 芜湖 + 老城区: the gazetteer's short forms of places elsewhere are common
        words there; 河南郑州 | 开封, places visited in turn, the model reads)."""
        written = self.simplified(text, start, end)
        forms = [written] if written in self.org_lexicon.places_by_form else self.gazetteer_forms(written)
        for size in range(MAX_PLACE_FORM, 1, -1) if forms else ():
            after = self.simplified(text, end, end + size)
            if len(after) == size and after in self.org_lexicon.places_by_form and self.org_rules.ends_word(text, end + size):
                return [(start, end + size)] if self.lies_in(forms[-1], after) else [(start, end)]
        return [(start, end)]

    def written_level(self, text: str, start: int, end: int) -> int | None:
        """The rank of the level word a name ends with, where jieba reads it as one: a word of its
        own or the end of the name read as one word (上海 | 市, 北京市), not the end of a word that
        starts inside the name (襄阳 | 都市: metropolis, no city)."""
        name = self.simplified(text, start, end)
        found = self.level_word(name)
        if found is None:
            return None
        level_start = len(name) - len(found[1])
        holding = next(a for _, a, b in segment.cut_phrase(self.segmenter, name) if a <= level_start < b)
        return found[0] if holding in (0, level_start) else None

    def position_cut(self, text: str, start: int, end: int) -> int:
        """The end of a place the model reads with a word of position after it, before that word
        (白河 + 畔, 潇河 + 南岸, 沮河 + 流域: places.yaml positions)."""
        name = self.simplified(text, start, end)
        position = next((word for word in self.rules.positions if name.endswith(word) and len(name) - len(word) >= 2), "")
        return end - len(position)

    def zone_after(self, text: str, end: int) -> int:
        """The end of a zone named after the place ending at ``end`` (heads.yaml zones), with
        the nouns naming its trade between them: 临港 + 经济技术开发区, 泰州 + 医药 + 高新区; no
        verb, function word or punctuation between (泰州 + 建成 + 高新区 is no name)."""
        after = self.simplified(text, end, end + MAX_ZONE_NAME)
        zone = self.rules.zone.search(after)
        if zone is None or not self.org_rules.starts_word(text, end + zone.end()) or name_grammar.NAME_BREAK.search(after, 0, zone.start()) \
                or any(self.org_rules.breaks_stem(word) for word, _, _ in segment.cut_phrase(self.segmenter, after[:zone.start()])):
            return end
        return end + zone.end()

    def village_start(self, text: str, start: int, end: int, place_ends: frozenset[int] = frozenset()) -> int:
        """Where a village the model reads starts: where its stem of nouns starts right after a
        town, when the model read the stem short (嫘祖镇 + 望 | 家村); where it reads, right after
        a place (安吉县 + 余村: not 县余村); ``place_ends``: where the model's places end."""
        if self.town_ends_at(text, start):
            return start
        for begin in range(start - 1, max(0, start - name_grammar.MAX_STEM), -1):
            if self.names_village(text, begin, end) and self.town_ends_at(text, begin) \
                    or self.stem_read_short(text, begin, start, end) and (begin in place_ends or self.town_ends_at(text, begin)):
                return begin
        return start

    def stem_read_short(self, text: str, begin: int, start: int, end: int) -> bool:
        """Whether a unit the model reads from ``start`` has its stem from ``begin``, right after
        the place it lies in, whatever jieba makes of the characters between (渤海镇 + 上 | 官地村:
        上官 n + 地 uv; 安图县 + 二道 | 白河镇): at most two of them, none a function character or 的 (安宁镇 + 的 | 高草村), a
        stem of MAX_STEM characters at most."""
        level = self.level_word(self.simplified(text, start, end))
        return level is not None and start - begin <= 2 and end - len(level[1]) - begin <= name_grammar.MAX_STEM \
            and HAN_RUN.fullmatch(text, begin, start) is not None and name_grammar.CLAUSE_JOINS.isdisjoint(text[begin:start])

    def town_ends_at(self, text: str, pos: int) -> bool:
        """Whether a town (or another place the rules read) is written right before ``pos``."""
        return self.town_before(text, pos) is not None \
            or self.org_rules.place_ending_at(text, pos, name_grammar.window_start(text, pos)) is not None

    def town_before(self, text: str, start: int) -> int | None:
        """Start of a town named right before ``start`` by a stem of nouns or names that the rules
        do not read as a place (嫘祖 n + 镇): the shortest one that starts a word, where words
        are read in simplified characters (走進 | 石狗鎮 as 走进 | 石狗镇, not 進石 | 狗)."""
        written = self.simplified(text, max(0, start - 2), start)   # 鎮 is 镇
        for suffix in (town for town in self.rules.place_levels[self.rules.town_level] if written.endswith(town)):
            for size in range(2, name_grammar.MAX_STEM + 1):
                begin = start - len(suffix) - size
                if begin >= 0 and self.org_rules.stem_of_nouns(text[begin:start - len(suffix)]) \
                        and self.org_rules.starts_word(self.simplified_text(text), begin):
                    return begin
        return None

    def simplified(self, text: str, start: int, end: int) -> str:
        """text[start:end] in simplified characters, from one reading of the whole text per article."""
        if self.read_simplified[0] is not text:
            self.read_simplified = (text, self.org_lexicon.script.simplify(text))
        return self.read_simplified[1][start:end]

    def simplified_text(self, text: str) -> str:
        """The whole of ``text`` in simplified characters (offsets unchanged)."""
        self.simplified(text, 0, 0)
        return self.read_simplified[1]

    def gazetteer_places(self, text: str, model_places: list[tuple[int, int]], origins: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The gazetteer's full names the model does not read (鸠江区, 湾沚区: rare characters),
        with two characters or more before the level (城区, 郊区: common words); a county or a
        district only where the report names its city or province as well (芜湖 for 鸠江区; 老城区
        of 洛阳 is also a town's old quarter), or where its name is unmistakable, or written right
        before a unit of its own (周口市 + 郸城县: the gazetteer's county of that city). Then the short forms of those districts
        (name_grammar.NameGrammar.district_stems) written as a place: after no word they would end
        (在新会, 江门 + 新会; not 黑河 + 甘州段, 文明 + 甘州) or after a verb, its object (认识 +
        道里), and the short forms written after a verb of coming from (``origins``:
        short_forms_after_origin) where the model reads no place. Then the regions of
        places.yaml, and the landforms jieba's dictionary names (dictionary_landforms)."""
        read = RangeSet(model_places)
        places = self.org_lexicon.places

        def named_in_context(name: str) -> bool:
            row = places[name]
            parents = [places.get(row[level], {}) for level in ("city", "province") if row.get(level) not in (None, name)]
            return not parents or self.unmistakable_place(name, row) \
                or any(parent.get(form) and parent[form] in text for parent in parents for form in ("name", "short"))

        written_places = self.org_rules.written_places(text)
        parents_written = {(s, e) for (s, e), (next_start, next_end) in zip(written_places, written_places[1:])
                           if e == next_start and text[s:e] in (places[text[next_start:next_end]].get("city"),
                                                                places[text[next_start:next_end]].get("province"))}
        full = [(s, e) for s, e in written_places if e - s >= 3 and ((s, e) in parents_written or named_in_context(text[s:e]))]
        written = RangeSet(full)
        stems = [(at, at + len(stem)) for stem in sorted(self.org_rules.district_stems(text, full, ("district", "city")))
                 for at in segment.occurrences(text, stem)
                 if self.opens_place(text, at) or self.object_of_verb(text, at, at + len(stem))]
        simplified = self.simplified(text, 0, len(text))
        found = [(s, e) for s, e in full + [span for span in stems if not written.overlaps(*span)] + origins
                 if not read.overlaps(s, e)]
        # the regions whatever the model reads there (鲁 alone: the longest name stands, in places)
        return found + [hit.span() for hit in self.rules.regions.finditer(simplified)] \
            + self.dictionary_places_ending(simplified, self.rules.landforms) \
            + self.dictionary_places_ending(simplified, self.rules.geographic_end, self.rules.unit_stem_tags) \
            + self.named_before_position(simplified)

    def short_forms_after_origin(self, text: str) -> list[tuple[int, int]]:
        """The gazetteer's short forms of cities and provinces written right after a verb of
        coming from or going to (places.yaml origins: 来自 + 台中, 从 + 高雄), the longest; a
        district's or a county's too where the clause goes on after it with no word it could
        open (来自 + 新竹 + 的, 从 + 四会 + 到: places.yaml origin_form_ends; not 来自 + 全州 + 十县市,
        来到 + 大城 + 市: common words)."""
        found = []
        for verb in self.rules.origin.finditer(text):
            at = verb.end()
            size = next((size for size in (4, 3, 2) if text[at:at + size] in self.org_lexicon.short_places
                         or (text[at:at + size] in self.org_lexicon.district_shorts and self.ends_origin_form(text, at + size))), 0)
            if size:
                found.append((at, at + size))
        return found

    def ends_origin_form(self, text: str, end: int) -> bool:
        return end >= len(text) or not HAN.match(text, end) or text[end] in self.rules.origin_form_ends

    def town_stems_written(self, text: str, model_places: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Every occurrence of the stem of a town or a street the model reads in full (安仁 of
        大邑县安仁镇) where a place may start or as a verb's object (走访 + 安仁): the report's
        short form of it. ``places`` checks the edges."""
        read, simplified = RangeSet(model_places), self.simplified(text, 0, len(text))
        return sorted(span for stem in self.town_stems(text, model_places)
                      for span in ((at, at + len(stem)) for at in segment.occurrences(simplified, stem))
                      if not read.overlaps(*span) and (self.opens_place(text, span[0]) or self.object_of_verb(text, *span)))

    def town_stems(self, text: str, model_places: list[tuple[int, int]]) -> set[str]:
        """The stems of the towns and streets the model reads in full, the last unit of its place
        (安仁 of 大邑县安仁镇, 平乐 of 平乐镇): two characters or more after the level word before
        them, if any; not a people's name, which an ethnic township's opens with (布朗族 + 乡)."""
        stems = set()
        for start, end in model_places:
            name = self.simplified(text, start, end)
            level = next((word for word in self.rules.place_levels[self.rules.town_level] if name.endswith(word)), None)
            if level is None:
                continue
            stem = name[:-len(level)]
            opening = max((stem.rfind(word) + len(word) for words in self.rules.place_levels for word in words if word in stem), default=0)
            if len(stem) - opening >= 2 and not stem.endswith("族"):
                stems.add(stem[opening:])
        return stems

    def unmistakable_place(self, name: str, row: dict) -> bool:
        """Whether a place of the gazetteer is named so that it needs no city or province beside
        it: one place bears the name (not 鼓楼区 of 南京 and of 福州), and jieba's dictionary
        does not know it (循化县, 郫都区) or knows its stem as no common word (辰溪 of 辰溪县; not
        老城 of 老城区, an old quarter)."""
        return not row.get("shared") and (segment.word_tag(name) == "x"
                                          or segment.word_tag(row.get("short") or name) not in self.rules.common_word_tags)

    def dictionary_places_ending(self, text: str, ends: regex.Pattern, stem_tags: frozenset[str] | None = None) -> list[tuple[int, int]]:
        """The plains, basins and mountain areas (places.yaml landforms), the rivers, lakes and
        mountains (geographic_ends) that jieba's dictionary holds as place names (江汉平原, 汉中盆地,
        渭河, 沱江 ns; not 贫困山区, 运河, common nouns): the longest word ending with ``ends``,
        its stem a geographic_stem of ``stem_tags`` where given (渭 | 河; not 高 | 山, 沿 | 河, 天 | 池)."""
        found = []
        for landform in ends.finditer(text):
            end = landform.end()
            start = next((end - size for size in range(min(MAX_LANDFORM, end), landform.end() - landform.start(), -1)
                          if segment.word_tag(text[end - size:end]) == PLACE_TAG
                          and (stem_tags is None or self.geographic_stem(text[end - size:landform.start()], stem_tags))), None)
            if start is not None:
                found.append((start, end))
        return found

    def geographic_stem(self, stem: str, tags: frozenset[str]) -> bool:
        """A river's or a mountain's stem: a word jieba tags one of ``tags``, no river or mountain
        itself (河 | 山, 江 | 山: common words)."""
        return segment.word_tag(stem) in tags and stem not in self.rules.geographic_ends

    def named_before_position(self, text: str) -> list[tuple[int, int]]:
        """Rivers, lakes and mountains named right before a word of position (places.yaml
        geographic_ends, positions) that ends where jieba ends a word (not 后山 | 边坡), from the
        earlier of two starts: the one jieba's words give (stem_word_start) and the one its
        dictionary and the gazetteer give (geographic_name_start). Each span keeps its position:
        ``places`` cuts it there (position_cut), an edge of the name."""
        found = []
        for position in self.rules.position_after_geographic_end.finditer(text):
            last = position.start() - 1
            left = max(0, last - MAX_GEOGRAPHIC_STEM)
            words = [(word, left + a, left + b) for word, a, b in segment.cut_phrase(self.segmenter, text[left:position.end() + 2])]
            if not any(end == position.end() for _, _, end in words):
                continue
            starts = [start for start in (self.stem_word_start(text, words, last, position.start()), self.geographic_name_start(text, last))
                      if start is not None and last - start >= 1]
            if starts:
                found.append((min(starts), position.end()))
        return found

    def stem_word_start(self, text: str, words: list[tuple[str, int, int]], last: int, position: int) -> int | None:
        """Where the jieba word ending with a river's or mountain's last character at ``last``
        starts (綦河 | 沿岸), or the word before that character where jieba glues it to the
        position (潭 | 江边), when jieba tags it as a stem may be; a function word jieba glues on
        is left out (在 | 融 | 江边, 为 | 额河 | 两岸). None where jieba reads it otherwise."""
        _, start, end = next(word for word in words if word[1] <= last < word[2])
        if start == last:
            stem = next((word for word in words if word[2] == last), None)
            if stem is None or len(stem[0]) > 3 or segment.word_tag(stem[0]) not in self.rules.geographic_stem_tags:
                return None
            return stem[1] + (len(stem[0]) > 1 and stem[0][0] in self.rules.glue_characters)
        if end != position:
            return None
        return start + self.opens_with_function_char(text[start:end])   # 为额河 | 两岸: 为 glued on

    def geographic_name_start(self, text: str, last: int) -> int | None:
        """Where a river, lake or mountain whose last character stands at ``last`` starts, however
        jieba cuts the words around it: at the longest of its stems, a name jieba's dictionary
        holds as a place with that character (黄 | 河之滨, 天 | 山脚下: 黄河, 天山; not a kind:
        places.yaml common_landforms, 大 | 山脚下), a name of the
        gazetteer (在于 | 都 | 河畔: 于都), or two characters or more that jieba tags as a stem may
        be, none of them a function word's and no common word of two inside (not 我们 来到 +
        湖边), after no Chinese character or a function word (在 + 清潩 + 河沿岸, 让 + 璧南 +
        河畔). None if no such start."""
        return next((last - size for size in range(min(MAX_FREE_GEOGRAPHIC_STEM, last), 0, -1)
                     if (segment.word_tag(text[last - size:last + 1]) == PLACE_TAG and text[last - size:last + 1] not in self.rules.common_landforms)
                     or text[last - size:last] in self.gazetteer_names
                     or (size > 1 and self.free_geographic_stem(text, last - size, last))), None)

    def free_geographic_stem(self, text: str, start: int, end: int) -> bool:
        stem = text[start:end]
        return HAN_RUN.fullmatch(stem) is not None and edge_before(text, start) \
            and segment.word_tag(stem) in self.rules.geographic_stem_tags and not name_grammar.CLAUSE_JOINS.intersection(stem) \
            and not any(len(word) > 1 and segment.word_tag(word) in self.rules.common_word_tags
                        for word, _, _ in segment.cut_phrase(self.segmenter, stem))

    def opens_place(self, text: str, at: int) -> bool:
        """Whether a place may start at ``at``: after no Chinese character, a function word (在,
        和), a place (江门 + 新会) or a quality it is to be built into (建设美丽 + 宣恩)."""
        return edge_before(text, at) or text.endswith(self.rules.qualities, 0, at) \
            or self.org_rules.place_ending_at(text, at, name_grammar.window_start(text, at)) is not None \
            or any(text[at - size:at] in self.org_lexicon.short_places for size in (2, 3))

    def object_of_verb(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] comes right after a verb, as jieba cuts the text: the verb's
        object (认识 + 道里, 到 + 新会; places keeps only those on word edges: not 召开 + 新 | 会员)."""
        left = max(0, start - EDGE_WINDOW)
        words = segment.cut_phrase(self.segmenter, self.simplified(text, left, min(len(text), end + EDGE_WINDOW)))
        return any(left + word_end == start and segment.word_tag(word).startswith("v") for word, _, word_end in words)

    def places_opening_dropped(self, text: str, model_orgs: list[tuple[int, int]], orgs: list[Candidate]) -> list[tuple[int, int]]:
        """The place that opens a name the model reads as an organization and the merge drops,
        up to its last level word (海澄市南江区 | 新的社会…: the model cut a meeting's name short,
        and the place in it is written nowhere else), when two characters or more name it before
        that word (园区, 商盟: common nouns; 徐州: the level word is the name's own); or the whole
        name when it is places of the gazetteer one after the other (云南 + 昆明: no head); in a
        name that closes a list, the places before the list's end (无锡 | 等市伊协)."""
        kept = RangeSet((c.start, c.end) for c in orgs)
        found = []
        for start, end in model_orgs:
            if kept.overlaps(start, end):
                continue
            name = self.simplified(text, start, end)
            if self.names_a_campaign(name):
                continue   # 同心乡村 + 行: a campaign's words, no unit's
            if self.closes_list(name):
                item = name.index(name_grammar.LIST_CLOSERS[0])
                found += [(start, start + item)] if self.places_in_a_row(name[:item]) else []
                continue
            unit = self.opening_unit(text, start, end)
            if unit:
                found.append(unit)
            elif self.places_in_a_row(self.simplified(text, start, end)) >= 2:
                found.append((start, end))
        return found

    def opening_unit(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """A model's organization's name from its start up to its last level word before its
        last character (海澄市南江区 | 新的社会…, 三甲集镇 | 人民政府), after a prefix of a body
        written before a place (name_grammar.ORG_PREFIXES: 政协 + 平阳县第十五届委员会)."""
        start += next((len(prefix) for prefix in name_grammar.ORG_PREFIXES if text.startswith(prefix, start, end)), 0)
        level_ends = [m.end() for m in self.rules.level_after.finditer(text, start + 2, end - 1, overlapped=True)]
        return (start, max(level_ends)) if level_ends else None

    def places_in_a_row(self, name: str) -> int:
        """How many names of the gazetteer ``name`` is, one after the other (云南昆明: 2), none
        a word jieba's dictionary holds as a common one (振兴); 0 when it is not so made."""
        if not name:
            return 0
        for size in range(len(name), 1, -1):
            head = name[:size]
            if head in self.gazetteer_names and segment.word_tag(head) not in self.rules.common_word_tags:
                rest = self.places_in_a_row(name[size:]) if size < len(name) else 0
                if size == len(name) or rest:
                    return 1 + rest
        return 0

    def chains(self, upper: str, lower: str) -> bool:
        """Whether ``lower``, written right after ``upper``, names a place within it: by their
        level words (区 then 镇), or one of them has none (美国 + 旧金山, 浙江 + 嘉兴: the
        maximal name written); not two regions (陕北 + 陕南: each a part of the province), nor,
        where one has no level word, two written as the gazetteer's names where the last of the
        one and the first of the other lie in neither (芜湖 + 宣城, 河南郑州 + 开封)."""
        simplified = [name.translate(self.org_lexicon.script.to_simplified) for name in (upper, lower)]
        if all(self.rules.regions.fullmatch(name) for name in simplified):
            return False
        levels = [self.level(name) for name in simplified]
        if levels[0] is not None and levels[1] is None and simplified[1].endswith(self.rules.geographic_ends):
            return False   # 杭州市拱墅区 + 大运河 (畔): a river or a mountain is no unit of the district
        upper, lower = (self.gazetteer_forms(name, 1) for name in simplified)
        if None in levels and upper and lower:
            return self.lies_in(upper[-1], lower[0])
        if upper and lower and self.holds(upper[-1], lower[0]):
            return True   # 延边朝鲜族自治州 + 延吉市, 喀什地区 + 疏附县: level words of one rank, the gazetteer's chain
        return None in levels or levels[0] < levels[1]

    def ends_with_level(self, name: str) -> bool:
        """Two characters or more and a level word after them (菁蓉 + 镇): a place's name."""
        return any(name.endswith(level) and len(name) - len(level) >= 2 for words in self.rules.place_levels for level in words)

    def level(self, name: str) -> int | None:
        level = self.level_word(name)
        return None if level is None else level[0]

    def item_opening(self, text: str, start: int, end: int, place_ends: frozenset[int]) -> tuple[int, int]:
        """A unit read short inside a list's item, from the item's opening right after a place
        (巴彦乌拉镇 、 | 宝日 + 格斯台苏木: a Mongolian stem of five characters; ``place_ends``: where
        the places read end): over at most EDGE_READ characters, each of a word
        that may be a unit's stem (unit_stem: jieba knows no such word, or knows it as a name) or
        a character jieba reads alone that may open one (宝 nr + 日 m)."""
        opening = text.rfind("、", max(0, start - EDGE_READ - 1), start) + 1
        if not opening or opening == start or opening - 1 not in place_ends \
                or not self.ends_with_level(self.simplified(text, start, end)) \
                or not HAN_RUN.fullmatch(text, opening, start):
            return start, end
        words = segment.cut_phrase(self.segmenter, self.simplified(text, opening, start))
        return (opening, end) if all(self.unit_stem(word) or (len(word) == 1 and word not in name_grammar.NO_STEM_FIRST)
                                     for word, _, _ in words) else (start, end)

    def levels_only(self, name: str) -> bool:
        """Whether ``name`` is level words alone (苏木, 苏木镇, 乡镇)."""
        while name:
            level = self.level_word(name)
            if level is None:
                return False
            name = name[:-len(level[1])]
        return True

    def level_word(self, name: str) -> tuple[int, str] | None:
        """(rank, word) of the longest level word ``name`` ends with (社区, not 区)."""
        ranks = self.rules.level_ranks
        for size in range(min(len(name), self.rules.longest_level), 0, -1):
            rank = ranks.get(name[-size:])
            if rank is not None:
                return rank, name[-size:]
        return None



def edge_before(text: str, pos: int) -> bool:
    """Whether a clear edge comes right before ``pos``: the text's start, no Chinese character,
    or a function word (在, 和)."""
    return pos == 0 or not HAN.match(text, pos - 1) or text[pos - 1] in name_grammar.FUNCTION_CHARS


def is_function_char(char: str) -> bool:
    """A preposition's or a conjunction's character (由, 在, 和), by jieba's tag."""
    return char in name_grammar.FUNCTION_CHARS and segment.word_tag(char).startswith(("p", "c"))


def opens_qualified_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the place or the bracketed place opening a name (QUALIFIED_NAME)."""
    if end < len(text) and text[end] in "（(":
        return QUALIFIED_NAME.match(text, start) is not None
    qualifier = BRACKETED_QUALIFIER.match(text, start)
    return qualifier is not None and qualifier.end() == end


def renamed(orgs: list[Candidate], short_forms: list[Candidate]) -> list[Candidate]:
    """The organizations with the short forms read, each in place of a name read at its span."""
    spans = {(form.start, form.end) for form in short_forms}
    return sorted([org for org in orgs if (org.start, org.end) not in spans] + short_forms)


def follows_colon(text: str, at: int) -> bool:
    """Whether a colon stands right before ``at``, spaces apart (来源: + 徐梅生)."""
    while at and text[at - 1] in NAME_SPACES:
        at -= 1
    return text[at - 1:at] in (":", "：")


def quoted_titles(text: str) -> list[tuple[int, int]]:
    """The quotations that hold a name and no clause (“中国侨都”, “同心·侨乡行”, a title's two
    phrases a space parts: “星耀中国 科创未来”; not a speech): a place in one is a piece of the
    title's name."""
    return [quote.span("in") for quote in enumerations.QUOTED_ITEM.finditer(text) if QUOTED_TITLE.fullmatch(quote.group("in"))]


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is made of characters of ``name`` taken in order, and shorter (青聯 of
    香港青年聯會, 南侨总会 of 南洋华侨筹赈祖国难民总会)."""
    rest = iter(name)
    return len(short) < len(name) and all(char in rest for char in short)


def join_adjacent(spans: list[tuple[int, int]], joins) -> list[tuple[int, int]]:
    """The spans in order, each one that starts where the one before ends joined to it when
    ``joins(before, span)``."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and joined[-1][1] == start and joins(joined[-1], (start, end)):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


@Language.factory("zh_names", assigns=["doc.spans"], requires=["doc._.sentences"],
                  default_config={"segmenter": "jieba", "model": None, "cache": "default", "policy": list(POLICY)})
def make_names(nlp: Language, name: str, segmenter: str, model: str | None, cache: str | None,
               policy: list[int]) -> NameExtractor:
    org_rules = nlp.get_pipe("zh_organizations") if "zh_organizations" in nlp.pipe_names else name_grammar.NameGrammar(segmenter)
    return NameExtractor(org_rules, segmenter, model, cache, policy)


extensions.register()
