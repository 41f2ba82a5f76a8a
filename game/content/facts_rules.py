"""What the content may claim about history: graded records, marked options, named people, outside sources.

Called from the cross-reference check (game.content.xref) on merged content, and from the fact base
(game.content.bundle.FactBase). Like the other checks it walks the plain data, guarded, so it also runs on
files whose schema has problems; the schema itself (game.model.content) already refuses a documented
record without facts, an inferred one without `how`, an outside source without publisher and date.

Rules:
- A card marks at most one option `historical: true` (what Moscow did), only when its `history` record is
  `documented` or `inferred`, and never on a what-if (`hypothetical: true`) card. A plain-text history
  reads as not recorded, so it cannot back a marked option either.
- A documented record cites at least one fact of the source documents: outside knowledge never documents
  what Moscow did. The facts a record, an adviser or a place cites exist.
- An adviser whose `who` names a person of the fact base (a name in some fact's `actors` or `quote_by`)
  cites, with `fact:`, a fact whose `actors` or `quote_by` name that person; otherwise it is a role.
- A fact of a source document gives its `paragraph`, unless the source is a web page (it has a `url`).

Content read back from a save (no YAML text) was checked when the game was played; an older save, written
before these rules, gets them as warnings, so it still opens.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

from game.content.problems import Problem, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from game.content.xref import Item, Merged
    from game.model.content import Scenario

# Two to four capitalised words, the last possibly with an "al-" style particle: "Andrei Kortunov",
# "Abdel Fattah Al-Sisi", "Bashar al-Assad".
_WORD = r"[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?"
_NAME = re.compile(rf"\b(?:{_WORD}\s+){{1,3}}(?:(?:al|Al|el|El)-)?{_WORD}\b")
_PARTICLE = re.compile(r"^(?:al|Al|el|El)-")
_PARTICLES = re.compile(r"(?<![\w-])(?:al|Al|el|El)-")
# Words that make a capitalised phrase an institution, a place or a group rather than a person.
_NOT_A_PERSON = frozenset("""
    Accord Affairs Agency Alliance Army Assembly Bank Brigade Brigades Brotherhood Bureau Coalition Committee
    Community Company Corporation Council Countries Court Emirates Economics Force Forces Front Government
    Group Guard Guards League Media Ministry Nations Navy Office Operation Organisation Organization
    Parliament Party Press Representatives Republic School Security Service Staff State States Today Union
    University
""".split())


def _people_in(text: str) -> dict[str, str]:
    """surname -> full name, for every person-like name in the text."""
    found: dict[str, str] = {}
    for match in _NAME.finditer(text):
        name = " ".join(match.group(0).split())
        words = name.split()
        if any(_PARTICLE.sub("", w) in _NOT_A_PERSON or w in _NOT_A_PERSON for w in words):
            continue
        found.setdefault(_PARTICLE.sub("", words[-1]), name)
    return found


def _named_texts(raw: dict) -> list[str]:
    """A fact's `actors` and `quote_by`: where it names people."""
    actors = raw.get("actors")
    texts = [a for a in actors if isinstance(a, str)] if isinstance(actors, list) else []
    if isinstance(raw.get("quote_by"), str):
        texts.append(raw["quote_by"])
    return texts


def people(facts: Iterable["Item"]) -> dict[str, str]:
    """surname -> full name of every person the facts name in `actors` or `quote_by`."""
    found: dict[str, str] = {}
    for fact in facts:
        for text in _named_texts(fact.raw):
            for surname, name in _people_in(text).items():
                found.setdefault(surname, name)
    return found


def _mentions(text: str, surname: str) -> bool:
    """True when the text names the surname as a word ("Al-Sisi" names "Sisi")."""
    plain = _PARTICLES.sub("", text)
    return re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", plain) is not None


def _is_outside(fact: "Item | None", sources: dict[str, "Item"]) -> bool:
    if fact is None:
        return False
    source = sources.get(fact.raw.get("source"))
    return source is not None and source.raw.get("outside") is True


# --------------------------------------------------------------------------- facts


def fact_problems(fact: "Item", sources: dict[str, "Item"]) -> list[Problem]:
    """A fact of a source document says which paragraph it stands on (a web page, a source with a `url`,
    has no paragraphs to count)."""
    source = sources.get(fact.raw.get("source"))
    if source is None or source.raw.get("outside") is True or fact.raw.get("paragraph") is not None \
            or isinstance(source.raw.get("url"), str):
        return []
    return [fact.at(("source",), f"fact '{fact.id}' stands on the document '{source.id}' but gives no "
                                 "`paragraph`: add the paragraph it comes from (only an outside source, "
                                 "`outside: true`, or a source with a `url` may go without)")]


def fact_base_problems(facts: dict[str, "Item"], sources: dict[str, "Item"]) -> list[Problem]:
    problems: list[Problem] = []
    for fact in facts.values():
        problems.extend(fact_problems(fact, sources))
    return problems


# --------------------------------------------------------------------------- the merged content


class _Rules:
    def __init__(self, merged: "Merged"):
        self.m = merged
        self.facts = {**merged.shipped_facts, **merged.facts}
        self.sources = {**merged.shipped_sources, **merged.sources}
        self.people = people(self.facts.values())
        # one pattern for every surname: an adviser's `who` is searched once
        names = sorted(self.people, key=len, reverse=True)
        self.surnames = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])") \
            if names else None
        self.problems: list[Problem] = []

    def fact_ref(self, value: Any, item: "Item", sub: tuple) -> bool:
        if not isinstance(value, str):
            return False  # the schema reports it
        if value in self.facts:
            return True
        self.problems.append(item.at(sub, f"unknown fact '{value}'" + did_you_mean(value, self.facts)))
        return False

    def run(self) -> list[Problem]:
        for fact in self.m.facts.values():
            self.problems.extend(fact_problems(fact, self.sources))
        for place in self.m.places.values():
            facts = place.raw.get("facts")
            if isinstance(facts, list):
                for i, fid in enumerate(facts):
                    self.fact_ref(fid, place, ("facts", i))
        for card in self.m.cards.values():
            self.card(card)
        if self.m.scenario_doc.text is None:  # read back from a save: it was checked when it was played
            return [Problem(p.path, p.line, p.col, p.location, p.message, "warning", p.card)
                    for p in self.problems]
        return self.problems

    def card(self, item: "Item") -> None:
        raw = item.raw
        cited = raw.get("facts") if isinstance(raw.get("facts"), list) else []
        history = raw.get("history")
        grade = None
        if isinstance(history, str):
            grade = "not-recorded"
        elif isinstance(history, dict):
            grade = history.get("record") if isinstance(history.get("record"), str) else None
            self.record(item, history, grade, cited)
        hypothetical = raw.get("hypothetical") is True
        if hypothetical and grade in ("documented", "inferred"):
            article = "an" if grade == "inferred" else "a"
            self.problems.append(item.at(("history", "record"), f"a what-if card (`hypothetical: true`) with "
                                         f"{article} {grade} record of what Moscow did: a what-if is not documented "
                                         "history; grade it `not-recorded`, or drop `hypothetical`",
                                         "warning"))
        options = raw.get("options")
        if not isinstance(options, list):
            return
        marked = [(j, o) for j, o in enumerate(options) if isinstance(o, dict) and o.get("historical") is True]
        for j, option in marked[1:]:
            first = marked[0][1].get("id")
            self.problems.append(item.at(("options", j, "historical"), f"options '{first}' and "
                                         f"'{option.get('id')}' are both marked as what Moscow did: mark one, "
                                         "the option the record documents or infers"))
        if marked:
            j, option = marked[0]
            self.marked(item, j, option, history, grade, hypothetical)
        for j, option in enumerate(options):
            advisers = option.get("advisers") if isinstance(option, dict) else None
            if isinstance(advisers, list):
                for k, adviser in enumerate(advisers):
                    if isinstance(adviser, dict):
                        self.adviser(item, ("options", j, "advisers", k), adviser, cited)

    def record(self, item: "Item", history: dict, grade: str | None, cited: list) -> None:
        facts = history.get("facts")
        if not isinstance(facts, list):
            return
        known = []
        for i, fid in enumerate(facts):
            if self.fact_ref(fid, item, ("history", "facts", i)):
                known.append(fid)
                if fid not in cited:
                    self.problems.append(item.at(("history", "facts", i), f"the record cites '{fid}', which "
                                                 "the card's `facts` do not: add it there too, so that players "
                                                 "see the source", "warning"))
        if grade == "documented" and known and all(_is_outside(self.facts[f], self.sources) for f in known):
            self.problems.append(item.at(("history", "facts"), "a documented record needs a fact of the source "
                                         "documents: outside knowledge (a source with `outside: true`) never "
                                         "documents what Moscow did; cite the document's fact, or grade the "
                                         "record `inferred` and say how"))

    def marked(self, item: "Item", j: int, option: dict, history: Any, grade: str | None,
               hypothetical: bool) -> None:
        oid = option.get("id")
        where = ("options", j, "historical")
        if hypothetical:
            self.problems.append(item.at(where, f"option '{oid}' is marked as what Moscow did on a what-if card "
                                         "(`hypothetical: true`): a what-if records nothing Moscow did; drop "
                                         "`historical: true`"))
        elif history is None:
            self.problems.append(item.at(where, f"option '{oid}' is marked as what Moscow did, but the card has "
                                         "no `history`: add a graded record, `{record: documented, text, facts}` "
                                         "or `{record: inferred, text, how}`"))
        elif isinstance(history, str):
            self.problems.append(item.at(where, f"option '{oid}' is marked as what Moscow did, but the card's "
                                         "`history` is plain text, which reads as not recorded: grade it, "
                                         "`{record: documented, text, facts}` or `{record: inferred, text, how}`, "
                                         "or drop `historical: true`"))
        elif grade == "not-recorded":
            self.problems.append(item.at(where, f"option '{oid}' is marked as what Moscow did, but the record "
                                         "says it is not recorded: drop `historical: true`, or grade the record "
                                         "documented (with the facts) or inferred (with how)"))

    def adviser(self, item: "Item", path: tuple, adviser: dict, cited: list) -> None:
        who = adviser.get("who")
        fid = adviser.get("fact")
        known = fid is not None and self.fact_ref(fid, item, path + ("fact",))
        if known and fid not in cited:
            self.problems.append(item.at(path + ("fact",), f"the adviser cites '{fid}', which the card's "
                                         "`facts` do not: add it there too, so that players see the source",
                                         "warning"))
        if not isinstance(who, str):
            return
        found = self.surnames.findall(_PARTICLES.sub("", who)) if self.surnames is not None else []
        named = {s: self.people[s] for s in found}
        if not named:
            return
        people = sorted(named.values())
        names = (f"{people[0]}, a person" if len(people) == 1
                 else f"{', '.join(people[:-1])} and {people[-1]}, people") + " of the fact base"
        if fid is None:
            self.problems.append(item.at(path + ("who",), f"the adviser '{who}' names {names}: a named person "
                                         "says only what the documents report, so "
                                         "cite the fact the line quotes or paraphrases (`fact: ...`, whose "
                                         "`actors` or `quote_by` name them), or make the adviser a role such as "
                                         "'Foreign Ministry, Middle East desk'"))
            return
        if not known:
            return
        texts = _named_texts(self.facts[fid].raw)
        missing = [n for s, n in sorted(named.items()) if not any(_mentions(t, s) for t in texts)]
        if missing:
            self.problems.append(item.at(path + ("fact",), f"fact '{fid}' does not name {', '.join(missing)} in "
                                         "its `actors` or `quote_by`, so it cannot carry the words of the adviser "
                                         f"'{who}': cite the fact that reports what they said"))


def check(merged: "Merged") -> list[Problem]:
    return _Rules(merged).run()


# --------------------------------------------------------------------------- what a scenario cites


def cited_fact_ids(scenario: "Scenario") -> list[str]:
    """Every fact id the scenario cites, in order: cards, their records and advisers, then places."""
    seen: dict[str, None] = {}
    for card in scenario.cards:
        seen.update(dict.fromkeys(card.facts))
        record = card.record
        if record is not None:
            seen.update(dict.fromkeys(record.facts))
        for option in card.options:
            for adviser in option.advisers:
                if adviser.fact is not None:
                    seen[adviser.fact] = None
    for place in scenario.places:
        seen.update(dict.fromkeys(place.facts or ()))
    return list(seen)
