"""Names swapped in training sentences, so that the tagger learns a name from its context and
its characters rather than by heart.

Read on the NER dev split, the model trained without swapping found 96.6% of the MSRA persons
it had seen in training and 63.6% of those it had not (organizations 87.5% / 47.5%, places
89.3% / 41.2%): it had learnt the names, and a report's names are mostly new to it. Each
epoch, a share of the news sentences (``swap_names`` in ``ner.cfg``) is read with every name
replaced by another of its label, made new where the name's shape allows:
- a person of two or three Han characters: the surname of one training name and the given
  name of another (王 + 晓东);
- an organization or place of two or more jieba words: the words before the last of another
  name of its label, then its own last word (the head the context agrees with:
  上海市 + 统战部, 江苏省 + 泰州市);
- any other name: another name of its label, drawn from the distinct names.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from . import ner

Span = tuple[int, int, str]


@dataclass(frozen=True)
class NameSwapper:
    names: dict[str, tuple[str, ...]]       # label -> its distinct names, sorted
    surnames: tuple[str, ...]                # one per person name of 2-3 Han characters
    given_names: tuple[str, ...]             # the rest of each such name
    modifiers: dict[str, tuple[str, ...]]    # ORG/LOC -> the words before the last of each name
    heads: dict[str, str]                    # a name of two or more words -> its last word

    @classmethod
    def from_rows(cls, rows: list[tuple[str, list[Span]]]) -> "NameSwapper":
        distinct: dict[str, set[str]] = {label: set() for label in ner.LABELS}
        for text, spans in rows:
            for start, end, label in spans:
                distinct[label].add(text[start:end])
        names = {label: tuple(sorted(found)) for label, found in distinct.items()}
        people = [name for name in names["PER"] if is_han_person(name)]
        heads, modifiers = {}, {}
        segmenter = ner.word_segmenter()
        for label in ("ORG", "LOC"):
            found = []
            for name in names[label]:
                words = segmenter.lcut(name, HMM=False)
                if len(words) >= 2:
                    heads[name] = words[-1]
                    found.append(name[:-len(words[-1])])
            modifiers[label] = tuple(found)
        return cls(names=names, surnames=tuple(name[0] for name in people),
                   given_names=tuple(name[1:] for name in people), modifiers=modifiers, heads=heads)

    def replacement(self, name: str, label: str, rng: random.Random) -> str:
        if label == "PER" and is_han_person(name):
            return rng.choice(self.surnames) + rng.choice(self.given_names)
        if name in self.heads and self.modifiers.get(label):
            return rng.choice(self.modifiers[label]) + self.heads[name]
        return rng.choice(self.names[label]) if self.names[label] else name

    def swap(self, text: str, spans: list[Span], rng: random.Random, labels=ner.LABELS) -> tuple[str, list[Span]]:
        """The sentence with each of its (non-overlapping) names of ``labels`` replaced, and the
        new spans."""
        pieces, swapped, cursor, length = [], [], 0, 0
        for start, end, label in sorted(spans):
            before = text[cursor:start]
            name = self.replacement(text[start:end], label, rng) if label in labels else text[start:end]
            pieces += [before, name]
            length += len(before)
            swapped.append((length, length + len(name), label))
            length += len(name)
            cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces), swapped


def is_han_person(name: str) -> bool:
    return 2 <= len(name) <= 3 and all("\u4e00" <= char <= "\u9fff" for char in name)
