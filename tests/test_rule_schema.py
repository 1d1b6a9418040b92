"""Rule files are validated as they load; a broken one fails with its file and rule named."""
import shutil

import pytest

from pipeline import lexicon


@pytest.fixture()
def rules_dir(tmp_path, monkeypatch):
    for name in ("lexicon.yaml", "numerals.yaml"):
        shutil.copy(lexicon.RULES_DIR / name, tmp_path / name)
    monkeypatch.setattr(lexicon, "RULES_DIR", tmp_path)
    lexicon.load_rule_file.cache_clear()
    lexicon.placeholders.cache_clear()
    yield tmp_path
    lexicon.load_rule_file.cache_clear()
    lexicon.placeholders.cache_clear()


@pytest.mark.parametrize("rule, message", [
    ("{name: a, pattern: 'x', examples: [{text: x}], colour: red}", r"bad\.yaml: rule 'a': unknown keys \['colour'\]"),
    ("{name: a, pattern: 'x'}", r"bad\.yaml: rule 'a': a rule needs examples"),
    ("{name: a, pattern: '{NOPE}x', examples: [{text: x}]}", r"bad\.yaml: rule 'a': undefined placeholder \{NOPE\}"),
    ("{name: a, pattern: '(x', examples: [{text: x}]}", r"bad\.yaml: rule 'a': bad pattern"),
    ("{name: a, pattern: '(x', engine: re, examples: [{text: x}]}", r"bad\.yaml: rule 'a': bad pattern"),
    ("{name: a, pattern: 'x', engine: pcre, examples: [{text: x}]}", r"bad\.yaml: rule 'a': unknown engine 'pcre'"),
])
def test_rule_schema_errors_name_file_and_rule(rules_dir, rule, message):
    (rules_dir / "bad.yaml").write_text(f"stage: counts\nrules:\n  - {rule}\n", encoding="utf-8")
    with pytest.raises(lexicon.RuleError, match=message):
        lexicon.compile_rules("bad.yaml")


def test_rule_schema_duplicate_names_fail(rules_dir):
    (rules_dir / "bad.yaml").write_text(
        "rules:\n  - {name: a, pattern: x, examples: [{text: x}]}\n  - {name: a, pattern: y, examples: [{text: y}]}\n",
        encoding="utf-8")
    with pytest.raises(lexicon.RuleError, match="duplicate name"):
        lexicon.compile_rules("bad.yaml")


def test_rule_schema_unreadable_yaml_names_file(rules_dir):
    (rules_dir / "bad.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(lexicon.RuleError, match=r"bad\.yaml: cannot be loaded"):
        lexicon.load_rule_file("bad.yaml")


def test_rule_engine_re_where_it_compiles_else_regex(rules_dir):
    (rules_dir / "engines.yaml").write_text(
        "engine: re\nrules:\n  - {name: plain, pattern: '[上下]午', examples: [{text: 上午}]}\n"
        "  - {name: han, pattern: '\\p{Han}+局', examples: [{text: 教育局}]}\n"
        "  - {name: own, pattern: 'x', engine: regex, examples: [{text: x}]}\n", encoding="utf-8")
    engines = {rule["name"]: type(pattern).__module__ for rule, pattern in lexicon.compile_rules("engines.yaml")}
    assert engines == {"plain": "re", "han": "_regex", "own": "_regex"}


def test_word_list_placeholder_gives_its_first_characters():
    table = lexicon.pattern_table({"AMPM": ["上午", "下午", "中午", "上班"], "D": "[0-9]"})
    assert table["AMPM_FIRST"] == "[上下中]" and "D_FIRST" not in table
    assert lexicon.expand("(?={AMPM_FIRST}){AMPM}", "test", {"AMPM": ["上午", "下午"]}) == "(?=[上下])(?:(?:上午|下午))"
