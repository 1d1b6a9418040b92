"""Hand-made mutation testing: does the suite notice a plausible bug?

Each mutation replaces one exact piece of text (found exactly once) in one file of the
repository: an off-by-one offset, a flipped modifier, a dropped rule attribution, a field the
review diff or the evaluator stops looking at, a rule disabled. Each is applied in a scratch
copy of the repository (a temporary folder holding pipeline/, rules/, tests/, corpus/,
outputs/ and pyproject.toml), where the tests relevant to it run with ``-x -q``: the mutant is
*killed* when they fail, *survived* when they pass. A mutation whose text is no longer in its
file is reported *stale* (the code moved on: update the list), never counted as killed.

    .venv/bin/python scripts/mutate.py                 # all, then the share killed per module
    .venv/bin/python scripts/mutate.py --only review   # the mutations of one module
    .venv/bin/python scripts/mutate.py --check         # only whether each still applies

It prints one line per mutation and a table per module; exit 1 when one survived or is stale.
mutmut 3.8.1 was tried first (installed apart, ``pip install --target``): with only
pipeline/evaluate.py as its source its mutants/ copy lacked the rest of the package and the
stats run failed on an ImportError; with the whole package as source and evaluate.py alone
mutated it ran, but at under one mutant a second: its 796 mutants of evaluate.py alone
(most of them in message strings) would take some 20 minutes, the whole package hours, on
this shared 2-core machine. These ~50 chosen mutants take a quarter of an hour.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("pipeline", "rules", "tests", "corpus", "outputs", "pyproject.toml")
TIMEOUT = 600  # seconds for one mutant's tests

# The tests that speak for each module (a mutation may add its own).
MODULE_TESTS = {
    "review": ["tests/test_review.py", "tests/test_diff_fields.py"],
    "evaluate": ["tests/test_evaluate_cli.py", "tests/test_corpus_gold.py"],
    "cli": ["tests/test_evaluate_cli.py", "tests/test_diff_fields.py", "tests/test_build.py",
            "tests/test_cli_errors.py"],
    "build": ["tests/test_build.py", "tests/test_fingerprint.py", "tests/test_parallel_order.py",
              "tests/test_build_safety.py"],
    "workers": ["tests/test_workers.py", "tests/test_parallel_order.py", "tests/test_build_safety.py"],
    "records": ["tests/test_records.py", "tests/test_sentences.py", "tests/test_rule_examples.py"],
    "matching": ["tests/test_matching.py", "tests/test_rule_examples.py", "tests/test_records.py"],
    "counts": ["tests/test_counts.py", "tests/test_rule_examples.py", "tests/test_corpus_gold.py"],
    "dates": ["tests/test_dates.py", "tests/test_resolved.py", "tests/test_rule_examples.py",
              "tests/test_corpus_gold.py"],
    "numerals": ["tests/test_numerals.py", "tests/test_rule_examples.py"],
    "slogans": ["tests/test_slogans.py", "tests/test_rule_examples.py", "tests/test_corpus_gold.py"],
    "organizations": ["tests/test_organizations.py", "tests/test_rule_examples.py", "tests/test_corpus_gold.py"],
    "segment": ["tests/test_sentences.py", "tests/test_pkuseg.py", "tests/test_records.py", "tests/test_kept_words.py"],
    "reader": ["tests/test_reader.py", "tests/test_records.py", "tests/test_build.py"],
    "rules": ["tests/test_rule_examples.py", "tests/test_rule_schema.py"],
    "names": ["tests/test_rule_examples.py", "tests/test_ner.py", "tests/test_places.py"],
}


@dataclass
class Mutation:
    module: str
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...] = ()

    def test_files(self) -> list[str]:
        return list(dict.fromkeys([*MODULE_TESTS[self.module], *self.tests]))


M = Mutation
MUTATIONS = [
    # ---- review (the diff): fields it must see
    M("review", "ignores sentence", "pipeline/review.py",
      'if name in ("text", "start", "end"):', 'if name in ("text", "start", "end", "sentence"):'),
    M("review", "ignores rule", "pipeline/review.py",
      'if name in ("text", "start", "end"):', 'if name in ("text", "start", "end", "rule"):'),
    M("review", "ignores mentions", "pipeline/review.py",
      'if name in ("text", "start", "end"):', 'if name in ("text", "start", "end", "mentions"):'),
    M("review", "ignores metadata", "pipeline/review.py",
      "for key in ordered_keys(old, new, skip=KINDS):", 'for key in ordered_keys(old, new, skip=(*KINDS, "metadata")):'),
    M("review", "ignores source", "pipeline/review.py",
      "for key in ordered_keys(old, new, skip=KINDS):", 'for key in ordered_keys(old, new, skip=(*KINDS, "source")):'),
    M("review", "article added or removed without facts not reported", "pipeline/review.py",
      'if article.changes or article.fields or article.status != "changed":', "if article.changes or article.fields:"),
    M("review", "byte-level differences ignored", "pipeline/review.py",
      "and old_raw != new_raw:", "and False:"),
    M("review", "moves of a fact not reported", "pipeline/review.py",
      "    if not same_span(kind, old, new):\n        notes.append", "    if False:\n        notes.append"),
    M("review", "overlap test off by one", "pipeline/review.py",
      'return a["start"] < b["end"] and b["start"] < a["end"] and same_value(kind, a, b)',
      'return a["start"] <= b["end"] and b["start"] <= a["end"] and same_value(kind, a, b)'),
    # ---- evaluate: what the gold annotates
    M("evaluate", "ignores count and date modifier", "pipeline/evaluate.py",
      "        if name not in gold:\n            continue", '        if name not in gold or name == "modifier":\n            continue'),
    M("evaluate", "ignores count object", "pipeline/evaluate.py",
      "        if name not in gold:\n            continue", '        if name not in gold or name == "object":\n            continue'),
    M("evaluate", "ignores organization name", "pipeline/evaluate.py",
      "        if name not in gold:\n            continue", '        if name not in gold or name == "name":\n            continue'),
    M("evaluate", "values equal within 1", "pipeline/evaluate.py",
      "abs(float(gold_value) - float(predicted_value)) <= 1e-6", "abs(float(gold_value) - float(predicted_value)) <= 1"),
    M("evaluate", "matched optional gold counted", "pipeline/evaluate.py",
      "        if match.get(\"optional\"):\n            continue\n        strict.tp += 1",
      "        strict.tp += 1"),
    M("evaluate", "equal values paired in any order", "pipeline/evaluate.py",
      'lambda g, p: not g.get("optional") and g["text"] == p["text"]', "lambda g, p: False"),
    M("evaluate", "relaxed = strict", "pipeline/evaluate.py",
      "return bool(a) and bool(b) and (a in b or b in a)", "return a == b"),
    M("evaluate", "field accuracy threshold ignored", "pipeline/evaluate.py",
      "                elif figure < minimum:", "                elif figure < minimum - 1:"),
    # ---- cli
    M("cli", "evaluate exits 0 below a threshold", "pipeline/cli.py",
      "    return 1 if failures else 0", "    return 0"),
    M("cli", "evaluate --errors prints nothing", "pipeline/cli.py",
      "        if args.errors:\n            print(evaluate.format_errors(result))", "        pass"),
    M("cli", "diff accepts any number of folders", "pipeline/cli.py",
      "    if not least <= len(args.folders) <= most:", "    if False:"),
    M("cli", "same-stem inputs overwrite each other", "pipeline/cli.py",
      "            elif path.stem in ids and ids[path.stem] != path:", "            elif False:"),
    M("cli", "diff --rev passes options to git", "pipeline/cli.py",
      '        if args.rev.startswith("-"):', "        if False:"),
    M("cli", "malformed thresholds exit 1", "pipeline/cli.py",
      '    except evaluate.EvaluationError as error:\n        return fail(str(error))',
      '    except evaluate.EvaluationError as error:\n        print(f"error: {error}", file=sys.stderr)\n        return 1'),
    # ---- build
    M("build", "rules fingerprint dropped", "pipeline/build.py",
      '|{lexicon.rules_fingerprint()}|{code_fingerprint()}|{segmenter}', '|{code_fingerprint()}|{segmenter}'),
    M("build", "code fingerprint dropped", "pipeline/build.py",
      '|{lexicon.rules_fingerprint()}|{code_fingerprint()}|{segmenter}', '|{lexicon.rules_fingerprint()}|{segmenter}'),
    M("build", "segmenter dropped from the fingerprint", "pipeline/build.py",
      '|{lexicon.rules_fingerprint()}|{code_fingerprint()}|{segmenter}', '|{lexicon.rules_fingerprint()}|{code_fingerprint()}|'),
    M("build", "records of deleted articles kept", "pipeline/build.py",
      "        gone = sorted(set(old) - set(articles))", "        gone = []"),
    M("build", "any record-like file removed", "pipeline/build.py",
      "        gone = sorted(set(old) - set(articles))",
      '        gone = sorted({p.stem for p in outputs.glob("*.json")} - set(articles) - {"manifest"})'),
    M("build", "a damaged record trusted", "pipeline/build.py",
      'if data is None or hashlib.sha256(data).hexdigest() != old.get("record"):', "if data is None:"),
    M("build", "a damaged dataset line trusted", "pipeline/build.py",
      "if article_id in extracted or line is None or hashlib.sha256(line).hexdigest() != recorded:",
      "if article_id in extracted or line is None:"),
    M("build", "an empty corpus prunes without --prune", "pipeline/build.py",
      "        if not articles and old and not prune:", "        if False:"),
    M("build", "a missing corpus goes on", "pipeline/build.py",
      "    if not corpus.is_dir():", "    if False:"),
    M("build", "no lock", "pipeline/build.py",
      "                fcntl.flock(self.stream, fcntl.LOCK_EX | fcntl.LOCK_NB)", "                pass"),
    M("build", "a failed write goes unsaid", "pipeline/build.py",
      '                raise BuildError(f"{path}: cannot write the record: {error.strerror or error}") from error',
      "                continue"),
    # ---- workers
    M("workers", "results in arrival order", "pipeline/workers.py",
      "                supervise(pool, pending, results, start, timeout, failed)\n            yield results.pop(index)",
      "                supervise(pool, pending, results, start, timeout, failed)\n"
      "            yield results.pop(max(results))"),
    M("workers", "a death seen twice drops the batch", "pipeline/workers.py",
      "        if reason is not None or not alive:", "        if reason is not None or not worker.process.is_alive():"),
    M("workers", "no time limit", "pipeline/workers.py",
      "        if reason is None and timeout and worker.batch and worker.ready \\",
      "        if False and reason is None and timeout and worker.batch and worker.ready \\"),
    M("workers", "workers outlive their parent", "pipeline/workers.py",
      "        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)", "        pass"),
    M("workers", "a worker that cannot prepare fails every task", "pipeline/workers.py",
      "            if index == UNPREPARED:\n                raise PrepareError(result)\n",
      "            if index == UNPREPARED:\n                return \"could not prepare\"\n"),
    # ---- reader
    M("reader", "one NUL byte is binary", "pipeline/reader.py",
      "STRAY_CONTROLS = 1 ", "STRAY_CONTROLS = 0 "),
    M("reader", "UTF-16 without a BOM unread", "pipeline/reader.py",
      "        utf16 = utf16_without_bom(data)", "        utf16 = None"),
    # ---- records
    M("records", "sentence index shifted by one", "pipeline/records.py",
      '"sentence": segment.sentence_index(sentence_starts, start)}', '"sentence": segment.sentence_index(sentence_starts, start) + 1}'),
    M("records", "end offset one past", "pipeline/records.py",
      'item = {"text": text[start:end], "start": start, "end": end,', 'item = {"text": text[start:end], "start": start, "end": end + 1,'),
    M("records", "mentions not counted", "pipeline/records.py",
      'firsts[item["text"]]["mentions"] += 1', 'firsts[item["text"]]["mentions"] += 0'),
    # ---- matching (all extractors)
    M("matching", "rule attribution dropped", "pipeline/matching.py",
      '{"rule": rule_prefix + candidate.rule,', '{"rule": rule_prefix + "rule",'),
    M("matching", "later candidate wins a tie", "pipeline/matching.py",
      "key=lambda c: (-(c.end - c.start), c.start)", "key=lambda c: (-(c.end - c.start), -c.start)"),
    M("matching", "touching ranges overlap", "pipeline/matching.py",
      "index = bisect.bisect_left(self.ends, start + 1)", "index = bisect.bisect_left(self.ends, start)"),
    # ---- counts
    M("counts", "first modifier group skipped", "pipeline/counts.py",
      'for name in ("mod", "mod2", "mod3", "tail"):', 'for name in ("mod2", "mod3", "tail"):'),
    M("counts", "article 一 kept as a count", "pipeline/counts.py",
      'if value is None or (number == "一" and modifier is None):', "if value is None:"),
    M("counts", "object never read", "pipeline/counts.py",
      'count.fields["object"] = self.object_after(text, count.end)', 'count.fields["object"] = None'),
    # ---- dates
    M("dates", "seconds dropped from clock times", "pipeline/dates.py",
      '    if second is not None:\n        text += f":{int(second):02d}"', "    pass"),
    M("dates", "January case of resolved", "pipeline/dates.py",
      "(year, month - 1) if month > 1 else (year - 1, 12)", "(year, month - 1) if month > 1 else (year, 12)"),
    M("dates", "dateline after publication not last year", "pipeline/dates.py",
      "year -= (line_month, line_day) > (month, day)", "year -= 0"),
    M("dates", "since modifier dropped", "pipeline/dates.py",
      'modifier = "since" if groups.get("since") else "about"', 'modifier = None if groups.get("since") else "about"'),
    M("dates", "afternoon hours not shifted", "pipeline/dates.py",
      'if groups.get("ampm") in self.data["afternoon"] and hour < 12:', "if False:"),
    M("dates", "durations' 多 not over", "pipeline/dates.py",
      '        if "多" in groups["unit"]:\n            modifier = "over"', "        pass"),
    # ---- numerals
    M("numerals", "year-like test takes any digit string", "pipeline/numerals.py",
      "    if len(text) != 4:\n        return False\n    tokens = tokenize(text, tables())\n"
      "    return bool(tokens) and len(tokens) == 4 and is_digit_string(tokens)",
      "    tokens = tokenize(text, tables())\n    return bool(tokens) and is_digit_string(tokens)"),
    M("numerals", "decimal digits misread", "pipeline/numerals.py",
      'return float("0." + digits), scale', 'return float("0.0" + digits), scale'),
    # ---- slogans
    M("slogans", "mismatch flag dropped", "pipeline/slogans.py",
      '        if consistent is False:\n            flags.append("components-mismatch")', "        pass"),
    M("slogans", "components reversed", "pipeline/slogans.py",
      '"components": [{"text": text[s:e], "start": s, "end": e} for s, e in parts.items],',
      '"components": [{"text": text[s:e], "start": s, "end": e} for s, e in reversed(parts.items)],'),
    M("slogans", "composites never take their elements' parts", "pipeline/slogans.py",
      'components += own["components"]',
      'components += own["components"][:1]'),
    M("slogans", "terms anchor no parts", "pipeline/slogans.py",
      'if shape.kind != "plus" or len(shape.elements) < 2:',
      'if True:'),
    # ---- names
    M("names", "persons never read as places", "pipeline/names.py",
      "return name in places or self.ends_with_level(name) \\\n"
      "                or any(level_after.match(text, at + len(name)) for at in segment.occurrences(text, name))",
      "return False"),
    M("names", "才 always cut off a name", "pipeline/names.py",
      'return last in self.rules.name_trailers_if_written_alone and text.count(text[start:end - 1]) > text.count(text[start:end])',
      'return last in self.rules.name_trailers_if_written_alone'),
    M("names", "quoted names read as persons", "pipeline/names.py",
      "            if quoted.overlaps(start, end):\n                continue",
      "            if False:\n                continue"),
    M("names", "a place and a verb kept in a name", "pipeline/names.py",
      "        return place_end + predicate_end if predicate_end else None",
      "        return None"),
    M("names", "a longer model name never replaces a rule's", "pipeline/names.py",
      "            elif longer and 6 in self.policy:", "            elif False:"),
    M("names", "a glued preposition opens a name", "pipeline/names.py",
      "        return start + 1 if self.glued_onto_word(word) else None", "        return None"),
    M("names", "a model's place is never cut at the gazetteer's names", "pipeline/names.py",
      "        spans = join_adjacent(self.cut_at_gazetteer(text, sorted(model_spans)) + sorted(gazetteer_spans),",
      "        spans = join_adjacent(sorted(model_spans) + sorted(gazetteer_spans),"),
    M("names", "a person's name may end with a level word", "pipeline/names.py",
      "return name in places or self.ends_with_level(name) \\", "return name in places \\"),
    M("names", "a wider model name without the places before it", "pipeline/names.py",
      "added.append(self.model_organization(text, self.place_before(text, wider[0], place_starts), wider[1]))",
      "added.append(self.model_organization(text, *wider))"),
    M("names", "a head jieba tags a verb ends a name as a verb", "pipeline/names.py",
      "        return bool(words) and words[-1][1] and self.head_length(words[-1][0]) < len(words[-1][0])", "        return bool(words) and words[-1][1]"),
    M("names", "a model's name reads on over a clause verb", "pipeline/names.py",
      "            and not self.opens_with_clause_verb(text[rule_end:end]) \\\n", ""),
    M("names", "a clause verb before a name is a modifier", "pipeline/names.py",
      " for word, is_verb in words) or (bool(words) and organizations.governs_clause(words[0][0]))", " for word, is_verb in words)"),
    M("names", "a model's place with a verb glued on opens a rule's name", "pipeline/names.py",
      "        if place is None or self.holds_verb(text[place:org.start]):", "        if place is None:"),
    M("names", "a piece of a quoted title added as a name", "pipeline/names.py",
      " or any(a <= start and end <= b and (a, b) != (start, end) for a, b in quotes):", ":"),
    M("names", "a wider model name over a united-front department", "pipeline/names.py",
      " and not self.after_department(text, s, rule_start, rule_names)), None)", "), None)"),
    M("names", "a term of office read into a name", "pipeline/names.py",
      '|[一二三四五六七八九十0-9０-９]+[届屆]")', '")'),
    M("names", "a village's stem read short by the model stays short", "pipeline/names.py",
      "            start = self.village_start(text, start, end)\n", ""),
    M("names", "the start of a gazetteer's full name stays short", "pipeline/names.py",
      "                cut.append(next(((a, b) for a, b in full if a == start and b > end), (start, end)))", "                cut.append((start, end))"),
    M("names", "a road's stem is a place", "pipeline/names.py",
      " and not self.names_road(text, e)]", "]"),
    M("names", "set phrases read in the text as written, not simplified", "pipeline/names.py",
      "self.rules.set_phrases.finditer(self.simplified(text, 0, len(text)))", "self.rules.set_phrases.finditer(text)"),
    M("organizations", "a conjunction after a head joins the inside of a name", "pipeline/organizations.py",
      'if not ((word in ("和", "与") and longest_ending_at(self.lex.heads_backwards, before, len(before), 0) is None)',
      'if not (word in ("和", "与")'),
    M("organizations", "one word of a company's rest after its brand", "pipeline/organizations.py",
      "for run in word_runs(words) if len(run) > 1", "for run in words if len(run) > 1"),
    M("organizations", "single characters of a stem not joined", "pipeline/organizations.py",
      "        words = single_characters_joined(self.cut(text, lo, pos))", "        words = self.cut(text, lo, pos)"),
    M("organizations", "parks are organizations", "rules/organizations/model.yaml",
      "项目, 科技园, 产业园, 工业园, 创业园, 物流园, 园区]", "项目]"),
    M("names", "no adverb between a speaker and the verb", "rules/persons.yaml",
      "  SPEECH_ADVERB: '[则則亦也还還]?'", "  SPEECH_ADVERB: ''"),
    M("names", "no metropolitan area or business district after a place", "rules/places.yaml",
      "经济圈, 都市圈, 商圈, 圈, 段]", "经济圈, 段]"),
    M("names", "currencies are places", "rules/places.yaml",
      "澳门元, 澳门币, 港元,", "澳门币,"),
    M("names", "a wider model name may start inside a word", "pipeline/names.py",
      "                          and self.org_rules.starts_word(text, s)\n", ""),
    M("names", "a dropped model organization gives no place", "pipeline/names.py",
      "            if level_ends:\n", "            if False:\n"),
    M("names", "jieba's glued preposition hides a place's edge", "pipeline/names.py",
      "        edges |= {left + a + 1 for word, a, _ in words", "        edges |= {-1 for word, a, _ in words"),
    M("names", "no democratic party's unit after a school", "pipeline/names.py",
      "        unit = self.party_unit_after(text, body)\n        if unit is not None:\n            return unit\n", ""),
    M("names", "a party's unit after its own committee", "pipeline/names.py",
      "        if party and organizations.kind_of_name(self.org_lexicon, name[len(party):]) in INSTITUTION_KINDS:",
      "        if party:"),
    M("organizations", "a verb read as a village's stem", "pipeline/organizations.py",
      "            self.tag(word).startswith(VILLAGE_STEM_TAGS) and word not in", "            True and word not in"),
    M("names", "a rule's name opened only by a level inside the model's place", "pipeline/names.py",
      "        place = next((place_starts[end] for end in range(org.start + 1, org.end)\n",
      "        place = next((place_starts[end] for end in range(org.start + 1, org.start + 2)\n"),
    M("organizations", "no brand of a rare common word", "pipeline/organizations.py",
      "(bool(after) and self.is_rare_word(word))", "False"),
    M("organizations", "a rare trade word read as a brand", "pipeline/organizations.py",
      "(bool(after) and self.is_rare_word(word))", "self.is_rare_word(word)"),
    M("organizations", "a frequent common word read as a brand", "pipeline/organizations.py",
      "            and segment.word_frequency(word) <= self.lex.rare_word_count", "            and True"),
    M("organizations", "no abbreviation inside a trade word", "pipeline/organizations.py",
      "    if len(pair) == 2 and any(pair in word for word in words):", "    if False:"),
    M("organizations", "no word's first character after a long brand", "pipeline/organizations.py",
      "    if brand >= 3 and any(", "    if brand >= 99 and any("),
    M("names", "no village after a town", "pipeline/names.py",
      "        if level == self.rules.town_level:", "        if False:"),
    M("names", "no town before a village", "pipeline/names.py",
      "            if town is not None and self.level(self.simplified(text, town, start)) == self.rules.town_level:", "            if False:"),
    M("names", "a town's stem the rules cannot read never read", "pipeline/names.py",
      "            town = self.town_before(text, start) if before is None else before", "            town = before"),
    M("names", "a town's stem read from inside a word", "pipeline/names.py",
      "                        and self.org_rules.starts_word(text, begin):", "                        and True:"),
    M("organizations", "no village's stem after a clause's edge", "pipeline/organizations.py",
      "                return start if self.stem_of_nouns(text[start:pos]) else None", "                return None"),
    M("organizations", "a kind of place read as a village's stem", "pipeline/organizations.py",
      "            self.tag(word).startswith(VILLAGE_STEM_TAGS) and word not in self.lex.common_words",
      "            self.tag(word).startswith(VILLAGE_STEM_TAGS)"),
    M("names", "a model's name read on over a conjunction", "pipeline/names.py",
      "            and not self.joins_another(text[rule_end:end]) \\\n", ""),
    M("organizations", "a level after a clause verb tagged a noun read on", "pipeline/organizations.py",
      " or self.tag(before).startswith(GOVERNING_TAGS) or governs_clause(before)):", " or self.tag(before).startswith(GOVERNING_TAGS)):"),
    M("names", "any bracketed closing line read as its author", "pipeline/names.py",
      "        return name[0] in self.rules.surnames or segment.word_tag(name) in (\"x\", \"nr\")", "        return True"),
    M("names", "no author's name on a closing line", "pipeline/names.py",
      "                    if self.reads_as_person(hit.group(\"names\")):", "                    if False:"),
    M("names", "an author's name read as a surname first only", "pipeline/names.py",
      " or segment.word_tag(name) in (\"x\", \"nr\")", ""),
    M("names", "no region's level after a place", "pipeline/names.py",
      "            if region is not None and self.org_rules.starts_word(text, end + len(region)):", "            if False:"),
    M("names", "a region's level read inside a word", "pipeline/names.py",
      "            if region is not None and self.org_rules.starts_word(text, end + len(region)):", "            if region is not None:"),
    M("names", "only a region's level after a place of no level", "pipeline/names.py",
      "        levels_after_name=tuple(sorted({*places[\"region_levels\"], *(word for words in places[\"levels\"] for word in words)},",
      "        levels_after_name=tuple(sorted({*places[\"region_levels\"]},"),
    M("names", "a place's level read from the first level word it ends with", "pipeline/names.py",
      "        return max(ends)[1] if ends else None", "        return min(ends, key=lambda end: end[1])[1] if ends else None"),
    M("names", "no edge where two places of a chain meet", "pipeline/names.py",
      "        edges = {left + a for _, a, _ in words} | {left + b for _, _, b in words} | seams",
      "        edges = {left + a for _, a, _ in words} | {left + b for _, _, b in words}"),
    M("names", "a village read right after a place read on into it", "pipeline/names.py",
      "        if self.town_ends_at(text, start):\n            return start\n", ""),
    M("names", "a place in a quoted title kept", "pipeline/names.py",
      "        titles = quoted_titles(text)", "        titles = []"),
    M("names", "a place in any quotation dropped", "pipeline/names.py",
      " if NAME_CHARS.fullmatch(quote.group(\"in\"))]", "]"),
    M("names", "no zone named after a place", "pipeline/names.py",
      "        end = self.zone_after(text, end)\n", ""),
    M("names", "a zone read after a place over any words", "pipeline/names.py",
      "                or any(self.org_rules.breaks_stem(word) for word, _, _ in segment.cut_phrase(self.segmenter, after[:zone.start()])):",
      "                or False:"),
    M("names", "a word of position kept in a place's name", "pipeline/names.py",
      "        return end - len(position)", "        return end"),
    M("names", "a word of position alone read as a place", "pipeline/names.py",
      "        model_spans = [(s, e) for s, e in model_spans if self.simplified(text, s, e) not in self.rules.positions]   # 两岸 alone\n", ""),
    M("names", "no edge where a word of position is cut off", "pipeline/names.py",
      "            | {end for (_, original), end in cut.items() if end != original}", ""),
    M("names", "no unit listed next to a place", "pipeline/names.py",
      "        siblings = self.listed_with(text, spans)", "        siblings = []"),
    M("names", "a unit listed next to a place read from any edge before it", "pipeline/names.py",
      "                    or (at and self.org_rules.breaks_stem(words[at - 1][0])):",
      "                    or at:"),
    M("names", "a unit listed next to a place of any level", "pipeline/names.py",
      "            if self.level(item) == rank and self.ends_item(text, start + size):",
      "            if self.level(item) is not None and self.ends_item(text, start + size):"),
    M("names", "no regions of places.yaml", "pipeline/names.py",
      "        return found + [hit.span() for hit in self.rules.regions.finditer(simplified)] + self.dictionary_landforms(simplified)",
      "        return found + self.dictionary_landforms(simplified)"),
    M("names", "a region read only where the model reads no place", "pipeline/names.py",
      "        return found + [hit.span() for hit in self.rules.regions.finditer(simplified)] + self.dictionary_landforms(simplified)",
      "        return found + [hit.span() for hit in self.rules.regions.finditer(simplified) if not read.overlaps(*hit.span())] + self.dictionary_landforms(simplified)"),
    M("names", "no landforms of jieba's dictionary", "pipeline/names.py",
      "        return found + [hit.span() for hit in self.rules.regions.finditer(simplified)] + self.dictionary_landforms(simplified)",
      "        return found + [hit.span() for hit in self.rules.regions.finditer(simplified)]"),
    M("names", "a landform whatever jieba's dictionary tags it", "pipeline/names.py",
      "                          if segment.word_tag(text[end - size:end]) == PLACE_TAG), None)",
      "                          if segment.word_tag(text[end - size:end]) != \"\"), None)"),
    M("organizations", "an adverb of one character after a proper word ends a name", "pipeline/organizations.py",
      "            elif (tag.startswith(\"v\") or (tag.startswith(\"d\") and len(word) == 1)) and word not in CLAUSE_VERBS \\",
      "            elif tag.startswith(\"v\") and word not in CLAUSE_VERBS \\"),
    M("names", "a village's body the model reads short stays short", "pipeline/names.py",
      "            start = self.place_before(text, self.village_body_start(text, start, end), place_starts)",
      "            start = self.place_before(text, start, place_starts)"),
    M("names", "a village's body read back over its stem without the town", "pipeline/names.py",
      "        return begin if town is None else town", "        return begin"),
    M("names", "no county bureau's town office as its part", "rules/organizations/model.yaml",
      "派出所, 司法所, 税务所, 财政所, 供电所, 人民法庭", "派出所, 人民法庭"),
    M("organizations", "no democratic party's committee of a term", "rules/organizations/patterns.yaml",
      "|第[一二三四五六七八九十]{1,3}届委员会|", "|"),
    M("organizations", "no body's two plaques read as one name", "pipeline/organizations.py",
      "        kept = self.with_twin_names(view.text, [item for item in kept if not item.drop])",
      "        kept = [item for item in kept if not item.drop]"),
    M("organizations", "a body's two plaques named with both", "pipeline/organizations.py",
      "                item.written_end = other.end + 1", "                item.end = other.end + 1"),
    M("organizations", "no brand of pieces jieba cut", "pipeline/organizations.py",
      "        if run > 1 and (places or self.is_brand(brand, words[run:])) \\", "        if False and (places or self.is_brand(brand, words[run:])) \\"),
    M("organizations", "a company's places read by jieba alone", "pipeline/organizations.py",
      "        opening = next((size for size in range(min(MAX_OPENING_PLACES, item.head - item.start), 1, -1)",
      "        opening = next((size for size in range(0)"),
    M("organizations", "a function character never a brand's piece", "pipeline/organizations.py",
      "                and not (run == 0 and len(words[run]) == 1 and words[run] in NO_STEM_FIRST):",
      "                and not (len(words[run]) == 1 and words[run] in NO_STEM_FIRST):"),
    M("names", "a village's body never opened by the town before it", "pipeline/names.py",
      "        if place is None and org.start in place_starts and self.opens_with_village(text, org.start, org.end) \\",
      "        if False and org.start in place_starts and self.opens_with_village(text, org.start, org.end) \\"),
    M("organizations", "no quarter of the compass opens a brand after a place", "pipeline/organizations.py",
      '        return (tag == "x" or (len(word) == 2 and word[0] in DIRECTIONS and word[1] == "方")) and bool(before) \\',
      '        return tag == "x" and bool(before) \\'),
    M("organizations", "any direction word opens a brand after a place", "pipeline/organizations.py",
      '(len(word) == 2 and word[0] in DIRECTIONS and word[1] == "方")', '(tag == "f" and word[0] in DIRECTIONS)'),
    M("names", "a title read over the person listed before", "pipeline/names.py",
      '                and not (text[begin - 1] == "、" and begin - 1 in person_ends):', '                and True:'),
    M("names", "a region's level read over two characters only", "pipeline/names.py",
      "            after = self.simplified(text, end, end + max(map(len, self.rules.levels_after_name)))",
      "            after = self.simplified(text, end, end + 2)"),
    M("names", "a model's name of two characters and a mined head taken", "pipeline/names.py",
      " or (not head and len(name) < 3 and segment.word_tag(name) not in DICTIONARY_ORG_TAGS):", ":"),
    M("organizations", "a collective of levels read as a name's modifier", "pipeline/organizations.py",
      "            if is_collective(word):\n                break", "            if False:\n                break"),
    M("organizations", "a verb after a head walked over", "pipeline/organizations.py",
      "                    and longest_ending_at(self.lex.heads_backwards, text, walk.start - len(word), lo) is None:",
      "                    and True:"),
    M("organizations", "自治区 no level", "pipeline/organizations.py",
      "            start = item.start = start - len(AUTONOMOUS)", "            pass"),
    M("organizations", "an autonomous region's short form named by any district", "pipeline/organizations.py",
      "            return next((p for p in self.ranked if p.endswith(level)), None)",
      "            return next((p for p in self.ranked if p[-1] in level), None)"),
    M("organizations", "a committee's meeting read as a party's committee", "rules/organizations/patterns.yaml",
      "    pattern: '[省市区县]委会(?![议同商见谈])'", "    pattern: '[省市区县]委会'"),
    M("names", "a short form's level never ends the model's place", "pipeline/names.py",
      "        kept = [self.opened_by_place(text, c, place_starts) for c in kept]\n", ""),
    M("names", "a count inside a model's name kept", "pipeline/names.py",
      " \\\n                or COUNT_INSIDE.search(name):", ":"),
    M("organizations", "no autonomous county by its stem and level", "pipeline/organizations.py",
      "            places.setdefault(row[\"short\"] + row[\"name\"][-1], row)\n", "            pass\n"),
    M("organizations", "a home place by the name written, not its full name", "pipeline/organizations.py",
      "                return self.lex.places.get(place, {}).get(\"name\", place)\n", "                return place\n"),
    M("organizations", "a name's window starts inside a word", "pipeline/organizations.py",
      "            lo, words = words[1][1], words[1:]", "            pass"),
    M("organizations", "a copula after a proper word read as a name's verb", "pipeline/organizations.py",
      "(self.is_proper(before, self.tag(before)) and word not in NO_STEM_FIRST)", "self.is_proper(before, self.tag(before))"),
    M("organizations", "an unknown word ending with a copula is a name's stem", "pipeline/organizations.py",
      '(word[0] in NO_STEM_FIRST or word[-1] in NO_STEM_LAST)', 'word[0] in NO_STEM_FIRST'),
    M("organizations", "a user-dictionary word opening with a clause verb governs a clause", "pipeline/organizations.py",
      " and word not in segment.user_terms()", ""),
    M("organizations", "a list's end glued onto a head hides it", "pipeline/organizations.py",
      "        words = glue_apart(text, self.cut(text, lo, min(len(text), end + 3)), head_end)",
      "        words = self.cut(text, lo, min(len(text), end + 3))"),
    M("organizations", "punctuation in a village's stem", "pipeline/organizations.py",
      "        return 2 <= len(stem) <= MAX_STEM and not NAME_BREAK.search(stem) and all(", "        return 2 <= len(stem) <= MAX_STEM and all("),
    M("organizations", "a ministry inside 部门", "rules/organizations/patterns.yaml",
      "(?!(?<=部)[门长])'", "'"),
    M("organizations", "a part named by a place alone is no name", "pipeline/organizations.py",
      '        if mode == "part" and not walk.places:', '        if mode == "part":'),
    M("organizations", "a branch after a function word kept", "pipeline/organizations.py",
      "            if any(self.breaks_stem(word) for word, _, _ in", "            if False and any(self.breaks_stem(word) for word, _, _ in"),
    M("organizations", "a two-character verb read as a stem", "pipeline/organizations.py",
      "            or (len(word) > 1 and tag.startswith(\"v\"))", "            or False"),
    M("organizations", "a short form abbreviates no two words", "pipeline/organizations.py",
      "word[0] == pair[0] and pair[1] in rest[at + 1:]", "word == pair"),
    M("organizations", "a short form never ends with the head's last character", "pipeline/organizations.py",
      "    return 1 if len(head) > 1 and text.startswith(head[-1], pos) else 0\n", "    return 0\n"),
    M("names", "a head alone after places is a short form", "pipeline/names.py",
      "        return head > 0 and len(rest) - head >= 2\n", "        return head > 0\n"),
    M("names", "a short form after a pointing word", "pipeline/names.py",
      "not (at and text[at - 1] in POINTING)", "True"),
    M("names", "word edges read in the traditional script", "pipeline/names.py",
      "segment.cut_phrase(self.segmenter, self.simplified(text, left, right))", "segment.cut_phrase(self.segmenter, text[left:right])"),
    M("names", "no short forms after places", "pipeline/names.py",
      "        orgs = sorted(orgs + self.short_forms_after_places(text, orgs))\n", ""),
    M("names", "a longer model name never after the rule's places", "pipeline/names.py",
      "if (s == rule_start or self.places_only(text[rule_start:s]))", "if s == rule_start"),
    M("organizations", "a brand's letters end a name", "pipeline/organizations.py",
      '                tag = "n"     # letters', '                tag = "eng"   # letters'),
    M("organizations", "a name's window stops at a brand's letters", "pipeline/organizations.py",
      "        pos = brand.start()\n", "        return last_break.end()\n"),
    M("organizations", "no brand after a place unless proper", "pipeline/organizations.py",
      '        return (tag == "x" or (len(word) == 2 and word[0] in DIRECTIONS and word[1] == "方")) and bool(before) \\',
      "        return False and bool(before) \\"),
    M("organizations", "a bracket's words before a head never checked", "pipeline/organizations.py",
      "            if places and not self.is_place_chain(places):\n                return None", "            if False:\n                return None"),
    M("organizations", "no stems of the report's districts", "pipeline/organizations.py",
      "        return self.read_places(text)[2]", "        return {}"),
    M("organizations", "a part named by its place loses its body", "pipeline/organizations.py",
      "                parents = bodies.get(walk.start) if bodies is not None else None\n                if parents:",
      "                parents = None\n                if parents:"),
    M("organizations", "a numeral never opens a stem", "pipeline/organizations.py",
      "and not self.is_numeral_stem(word))", ")"),
    M("organizations", "a numeral opens a stem before a quantity's word", "pipeline/organizations.py",
      "            and self.tag(word[1]).startswith(NUMERAL_STEM_TAGS)\n", "            or True\n"),
    M("organizations", "a numeral cut off a stem left out", "pipeline/organizations.py",
      "                walk.proper = True   # 六 | 霍", "                break   # 六 | 霍"),
    M("organizations", "no stem character cut off before a level", "pipeline/organizations.py",
      "                and self.is_proper(words[-2][0], self.tag(words[-2][0])):", "                and False:"),
    M("organizations", "any character cut off before a level joins the stem", "pipeline/organizations.py",
      "self.tag(words[-1][0]) in STEM_END_TAGS \\\n", "True \\\n"),
    M("names", "no body joined to its part", "pipeline/names.py",
      "POLICY = (2, 3, 4, 5, 6, 7)", "POLICY = (2, 3, 4, 5, 6)"),
    M("names", "any name after a body joined as its part", "pipeline/names.py",
      "return written.end if national or text[written.start:written.end].endswith(self.rules.chain_parts) else None",
      "return written.end"),
    M("names", "a part's head without a place read as a part", "pipeline/names.py",
      "        for place_end in self.place_ends(text, body.end, model_places) + self.stem_ends(text, body.end):",
      "        for place_end in [body.end]:"),
    M("names", "a part's stem unknown to the gazetteer never read", "pipeline/names.py",
      " + self.stem_ends(text, body.end):", ":"),
    M("names", "a function word or a quantity read as a part's stem", "pipeline/names.py",
      "                    or (len(word) == 1 and not self.org_rules.breaks_stem(word))",
      "                    or len(word) == 1"),
    M("names", "a place before a model's name left out of it", "pipeline/names.py",
      "        return start if place is None else place", "        return start"),
    M("names", "a national administration needs a specific stem", "pipeline/names.py",
      " or name.endswith(self.rules.chain_national)\n", "\n"),
    M("names", "a wider model name never goes on past the rule's end", "pipeline/names.py",
      "(e == rule_end or self.goes_on(text, s, e, rule_end, rule_starts))", "e == rule_end"),
    M("names", "a rule's name kept under a wider model name", "pipeline/names.py",
      "        kept = [c for c in kept if not replacing.overlaps(c.start, c.end)]", "        kept = kept"),
    M("organizations", "a branch has no branch of its own", "rules/organizations/patterns.yaml",
      "{BRANCH}){0,3}'", "{BRANCH})?'"),
    M("organizations", "a village's stem only of proper words", "pipeline/organizations.py",
      "self.village_stem(text, pos - len(suffix), lo) if suffix in VILLAGE_SUFFIXES else None", "None"),
    M("organizations", "a village's stem of any words", "pipeline/organizations.py",
      "return start if not any(self.tag(word).startswith(VILLAGE_STEM_BREAK_TAGS) for word, _, _ in words) else None",
      "return start"),
    M("organizations", "villages named once not places of the report", "pipeline/organizations.py",
      "self.district_stems(text, written) | self.villages(text)", "self.district_stems(text, written)"),
    M("organizations", "a guessed stem wins over the report's place", "pipeline/organizations.py",
      "return stem if in_report is None else min(stem, in_report)", "return stem"),
    M("organizations", "a list's kind read as a name", "pipeline/organizations.py",
      "        if text.endswith(LIST_CLOSERS, lo, walk.start) and not (walk.places or walk.proper):", "        if False:"),
    M("names", "a longer model name may add a verb", "pipeline/names.py",
      " and not self.ends_with_verb(text[rule_end:end]) \\\n", " \\\n"),
    M("organizations", "a head followed by 生 never a head", "rules/organizations/patterns.yaml",
      "|地带|位置)'", "|地带|位置|生)'"),
    M("organizations", "no trade between a bracketed place and the head", "rules/organizations/patterns.yaml",
      "[）)]\\p{Han}{0,4}?)?(?P<head>", "[）)])?(?P<head>"),
    M("organizations", "a legal form asks as many common words as any head", "pipeline/organizations.py",
      ' or self.registered(text, start, head_end, walk.start, lo) \\\n', ' \\\n'),
    M("organizations", "a company described after a quantity is named", "pipeline/organizations.py",
      "        return not (before and self.tag(before[-1][0]).startswith(DESCRIBED_AFTER_TAGS))", "        return True"),
    M("organizations", "a weak head after a level never a name", "pipeline/organizations.py",
      " or walk.modifiers >= MIN_MODIFIERS_WEAK_HEAD)):", ")):"),
    M("names", "no district stems as places", "pipeline/names.py",
      "for at in segment.occurrences(text, stem) if self.opens_place(text, at)]", "for at in segment.occurrences(text, stem) if False]"),
    M("names", "district stems wherever written", "pipeline/names.py",
      "for at in segment.occurrences(text, stem) if self.opens_place(text, at)]", "for at in segment.occurrences(text, stem)]"),
    M("names", "the model's common nouns added as names", "pipeline/names.py",
      "if not self.reads_as_name(name) or self.is_common_noun(name) or not", "if not self.reads_as_name(name) or not"),
    M("organizations", "a name's other name in brackets kept in its short form's name", "pipeline/organizations.py",
      '                bare = TRAILING_BRACKET.sub("", rest)', "                bare = rest"),
    M("names", "declared short forms name nothing", "pipeline/names.py",
      '                org.fields["name"] = full.fields["name"]', '                pass'),
    M("names", "a verb opens a wider model name", "pipeline/names.py",
      "and not self.holds_verb(text[s:rule_start]) and", "and"),
    M("names", "names the model adds read in their own script", "pipeline/names.py",
      "        name = self.simplified(text, start, end)\n        if not self.reads_as_name(name)",
      "        name = text[start:end]\n        if not self.reads_as_name(name)"),
    M("names", "set phrases hold places", "pipeline/names.py",
      "\n                         + [phrase.span() for phrase in self.rules.set_phrases.finditer(self.simplified(text, 0, len(text)))])", ")"),
    M("names", "places one word to jieba stay apart", "pipeline/names.py",
      "lambda a, b: len(segment.cut_phrase(self.segmenter, text[a[0]:b[1]])) == 1)", "lambda a, b: False)"),
    M("names", "speakers never read", "pipeline/names.py",
      "                    if not taken.overlaps(*hit.span(\"names\")):", "                    if False:"),
    M("names", "names swapped whatever their label", "pipeline/ner_augment.py",
      "if label in labels else text[start:end]", "if True else text[start:end]"),
    M("names", "two-character persons without a surname", "pipeline/names.py",
      "            if end - start == 2 and name[0] not in self.rules.surnames:", "            if False:"),
    M("names", "no gazetteer places beside the model", "pipeline/names.py",
      "        places = self.places(text, model_places, self.gazetteer_places(text, model_places), taken)",
      "        places = self.places(text, model_places, [], taken)"),
    M("names", "gazetteer places whatever the report names", "pipeline/names.py",
      "            return not parents or any(", "            return True or any("),
    M("names", "a longer model name over another rule's name", "pipeline/names.py",
      "\n            and bisect.bisect_left(rule_starts, rule_end) == bisect.bisect_left(rule_starts, end)\n",
      "\n            and True\n"),
    M("names", "places without a level word never joined", "pipeline/names.py",
      "        return None in levels or levels[0] < levels[1]", "        return None not in levels and levels[0] < levels[1]"),
    # ---- organizations
    M("organizations", "names never normalized", "pipeline/organizations.py",
      'candidates.append(Candidate(start, end, item.rule, {"name": names.name(item),',
      'candidates.append(Candidate(start, end, item.rule, {"name": text[start:end],'),
    M("organizations", "a town's short form read as a title's start", "pipeline/organizations.py",
      "        alone = item.bare or end - start <= 2 or item.level in TOWN_SUFFIXES", "        alone = item.bare or end - start <= 2"),
    M("organizations", "no town at home", "pipeline/organizations.py",
      "        if level in TOWN_SUFFIXES:\n            return self.home_town(level)", "        if level in TOWN_SUFFIXES:\n            return None"),
    M("organizations", "one-character verbs walked over", "pipeline/organizations.py",
      "                    and (len(word) > 1 or (self.is_proper(before, self.tag(before)) and word not in NO_STEM_FIRST)) \\",
      "                    and True \\"),
    M("organizations", "short forms of cities common words", "pipeline/organizations.py",
      "(word in self.lex.regions or word in self.lex.short_places or tag.startswith(PROPER_TAGS))",
      "(word in self.lex.regions or tag.startswith(PROPER_TAGS))"),
    M("organizations", "和 joining names read as the county 和县", "pipeline/organizations.py",
      "        if text[start] not in FUNCTION_CHARS or start <= lo or NAME_BREAK.match(text, start - 1):",
      "        if True:"),
    M("organizations", "jieba's 和县 walked over whole", "pipeline/organizations.py",
      "            if len(word) == 2 and word[1] in LEVEL_CHARS and self.joins_names(text, walk.start - 2, lo):",
      "            if False:"),
    M("names", "a wider model name opening with 和 taken", "pipeline/names.py",
      "                          and not self.org_rules.joins_names(text, s, organizations.window_start(text, s))\n",
      "\n"),
    M("organizations", "time words never inside a name", "pipeline/organizations.py",
      'or (tag == "m" and word.startswith("第")) or tag == "t":', 'or (tag == "m" and word.startswith("第")):'),
    M("organizations", "a name may start with a time word", "pipeline/organizations.py",
      'while taken and taken[-1][1].startswith(("v", "t")):', 'while taken and taken[-1][1].startswith("v"):'),
    M("organizations", "jieba's place words holding a head never a name", "pipeline/organizations.py",
      'return self.tag(word) in ("nt", "nz", "ns") and len(modifier) > 1', 'return self.tag(word) in ("nt", "nz") and len(modifier) > 1'),
    M("organizations", "a city's short form no place chain", "pipeline/organizations.py",
      "        if text in self.lex.short_places:\n            return True\n", ""),
    M("organizations", "fields joined by 与 never walked over", "pipeline/organizations.py",
      "            elif word in JOINING and bodies is not None", "            elif False and bodies is not None"),
    M("organizations", "two names joined by 和 walked over", "pipeline/organizations.py",
      "                    and longest_ending_at(self.lex.heads_backwards, text, walk.start - 1, lo) is None:",
      "                    and True:"),
    M("organizations", "a school's part stands without its school", "pipeline/organizations.py",
      '        if mode == "part" and not walk.places:\n            return None', '        if False:\n            return None'),
    M("names", "a kind after 与 cut off as a name", "pipeline/names.py",
      " or (word in organizations.JOINING and not self.stands_alone(text[inner_start:inner_end])):", ":"),
    M("organizations", "no dictionary place in a chain", "pipeline/organizations.py",
      "                before := self.dictionary_place_ending_at(text, start, lo)) is not None:",
      "                before := None) is not None:"),
    M("organizations", "no company short forms", "pipeline/organizations.py",
      "        kept = sorted(kept + self.company_short_forms(view.text, kept), key=lambda item: item.start)\n", ""),
    M("organizations", "a short form named as written", "pipeline/organizations.py",
      "        if item.short_for is not None:\n            return self.name(item.short_for)\n", ""),
    M("organizations", "a body's head word taken for a brand", "pipeline/organizations.py",
      "            and longest_ending_at(self.lex.heads_backwards, word, len(word), 0) is None",
      "            and True"),
    M("organizations", "a function word glued onto a brand kept", "pipeline/organizations.py",
      '            if tag == "x" and len(word) > 1 and word[0] in FUNCTION_CHARS and not (before and self.is_place_word(before)):',
      '            if False:'),
    M("organizations", "a brand after a place split at its first character", "pipeline/organizations.py",
      " and word[0] in FUNCTION_CHARS and not (before and self.is_place_word(before)):", " and word[0] in FUNCTION_CHARS:"),
    M("organizations", "a province's region cut at its direction", "pipeline/organizations.py",
      '            elif tag == "f" and word in DIRECTIONS and before and len(before) == 1 and self.tag(before) == "j":',
      '            elif False:'),
    M("organizations", "a site's name made specific by a word jieba lacks", "pipeline/organizations.py",
      "                and not self.names_known_word(text, walk.start, start):", "                and False:"),
    M("organizations", "a bare short form before a noun kept", "pipeline/organizations.py",
      " and not (item.bare and self.modifies_noun(text, end))", ""),
    M("organizations", "a company's brand never named alone", "pipeline/organizations.py",
      "        return [name for name in named if len(name) > 2]", "        return []"),
    M("organizations", "a brand of two characters named alone", "pipeline/organizations.py",
      "        return [name for name in named if len(name) > 2]", "        return [name for name in named if len(name) > 1]"),
    M("organizations", "a brand's short word after a place read as a description", "pipeline/organizations.py",
      "                if walk.proper and not (len(word) <= 2 and words and self.is_place_word(words[-1][0])):",
      "                if walk.proper:"),
    # ---- segment
    M("segment", "semicolons no longer end a sentence", "pipeline/segment.py",
      'SENTENCE = regex.compile(r"[^。！？!?；;…\\n]*(?:[。！？!?；;…]+', 'SENTENCE = regex.compile(r"[^。！？!?…\\n]*(?:[。！？!?…]+'),
    M("segment", "pkuseg never loaded", "pipeline/segment.py",
      'return load_jieba() if self.name == "jieba" else load_pkuseg()', "return load_jieba()"),
    M("segment", "kept words taken without their check", "pipeline/segment.py",
      "        if type(end) is not int or end <= start:", "        if end is None:"),
    M("segment", "words cut never kept", "pipeline/segment.py",
      "        if not self.cut_anew:\n            return", "        return"),
    M("segment", "kept words of another dictionary", "pipeline/segment.py",
      '    digest.update("\\n".join(user_dictionary()).encode())\n', ""),
    # ---- rules (data)
    M("rules", "zone-body disabled", "rules/organizations/patterns.yaml",
      "    pattern: '{ZONE}(?:{GOV_BODY}", "    pattern: '(?!){ZONE}(?:{GOV_BODY}"),
    M("rules", "known-formula disabled", "rules/slogans.yaml",
      "    pattern: '(?<![{NUMERAL_CHARS}第])(?P<body>{KNOWN})'", "    pattern: '(?!)(?P<body>{KNOWN})'"),
    M("rules", "town-committee disabled", "rules/organizations/patterns.yaml",
      "    pattern: '(?:街道|镇|乡)(?:{COMMITTEE}|{GOV_BODY}|{MASS_ORG}|{LOCAL_BODY}|商会)'",
      "    pattern: '(?!)(?:街道|镇|乡)(?:{COMMITTEE}|{GOV_BODY}|{MASS_ORG}|{LOCAL_BODY}|商会)'"),
]


def scratch_copy(target: Path) -> None:
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / name)


def applies(mutation: Mutation, root: Path = REPO) -> bool:
    return (root / mutation.path).read_text(encoding="utf-8").count(mutation.old) == 1


def run_mutant(mutation: Mutation, python: str) -> tuple[str, float, str]:
    """killed | survived | stale | error, the seconds taken and the tail of pytest's output."""
    if not applies(mutation):
        return "stale", 0.0, f"{mutation.old!r} is not once in {mutation.path}"
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        root = Path(folder)
        scratch_copy(root)
        path = root / mutation.path
        path.write_text(path.read_text(encoding="utf-8").replace(mutation.old, mutation.new), encoding="utf-8")
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(root),
               "PIPELINE_RULES": str(root / "rules")}
        command = [python, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                   *mutation.test_files()]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "killed", time.perf_counter() - started, "timeout"
        seconds = time.perf_counter() - started
        tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
        if done.returncode == 0:
            return "survived", seconds, tail[0]
        if done.returncode == 1:
            return "killed", seconds, tail[0]
        return "error", seconds, tail[0]  # collection error, usage: the mutant broke the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="MODULE", help="only these modules' mutations")
    parser.add_argument("--check", action="store_true", help="only check that every mutation still applies")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs the tests")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.module in args.only]
    if args.check:
        stale = [m for m in chosen if not applies(m)]
        for m in stale:
            print(f"stale: {m.module}: {m.name}: {m.old!r} is not once in {m.path}")
        print(f"{len(chosen) - len(stale)} of {len(chosen)} mutations apply")
        return 1 if stale else 0
    results: dict[str, list[tuple[Mutation, str]]] = defaultdict(list)
    for mutation in chosen:
        outcome, seconds, tail = run_mutant(mutation, args.python)
        results[mutation.module].append((mutation, outcome))
        print(f"{outcome:<9}{seconds:6.1f}s  {mutation.module}: {mutation.name}  [{tail}]", flush=True)
    print("\n| module | killed | mutations | share killed | survived |")
    print("|---|---:|---:|---:|---|")
    total = killed = 0
    for module, outcomes in results.items():
        done = sum(o == "killed" for _, o in outcomes)
        left = [m.name for m, o in outcomes if o != "killed"]
        total, killed = total + len(outcomes), killed + done
        print(f"| {module} | {done} | {len(outcomes)} | {done / len(outcomes):.0%} | {', '.join(left) or '-'} |")
    print(f"| all | {killed} | {total} | {killed / total:.0%} | |")
    return 0 if killed == total else 1


if __name__ == "__main__":
    sys.exit(main())
