"""The shipped content against the fact-check (docs/fact-check.md): graded records behind every mark,
named analysts saying only what cited facts report, what-if labels matching the card windows, every
place's starting holder citing a fact, outside knowledge kept apart, no ids or paths in what players see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from game.content import resolve, shipped_facts
from game.content.facts_rules import people
from game.model.citing import cite, is_outside

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Promise:
    """What a scenario's briefing promises about what-ifs: from `source_date` on (the turn after the one
    holding it) every card that can first come up is a what-if, and a documented card that can still come
    up later begins with `prefix`."""

    scenario: str
    source_date: str
    prefix: str
    briefing_says: tuple[str, ...]


PROMISES = {
    "tripoli-2019": Promise("tripoli-2019", "2019-04-16", "Reported by mid-April 2019:",
                            ("From 19 April to 18 May every new development is a what-if",
                             "every card that can first come up from turn 6 on is one",
                             'begins "Reported by mid-April 2019:"')),
    "partnership-2016": Promise("partnership-2016", "2016-06-02", "Reported by June 2016:",
                                ("every card that can first come up after it (from 8 June, turn 4) is one",
                                 '"Reported by June 2016:"')),
}
DECKS = {"tripoli-2019": ["oil-and-arms"], "partnership-2016": ["sirte-anti-isis"]}
CONTENT = [(s, ()) for s in PROMISES] + [(s, (d,)) for s, ds in DECKS.items() for d in ds]


@pytest.fixture(scope="module", params=CONTENT, ids=lambda c: "+".join((c[0], *c[1])))
def resolved(request):
    scenario, decks = request.param
    return resolve(scenario, decks=list(decks))


@pytest.fixture(scope="module")
def all_facts():
    return {fid: item.model for fid, item in shipped_facts().facts.items()}


@pytest.fixture(scope="module")
def all_sources():
    return {sid: item.model for sid, item in shipped_facts().sources.items()}


def _day(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(*parts)


# --------------------------------------------------------------------------- what Moscow did


def test_every_mark_has_a_graded_record_citing_facts_that_exist(resolved):
    sources = resolved.sources
    marked = 0
    for card in resolved.scenario.cards:
        marks = [o for o in card.options if o.historical]
        assert len(marks) <= 1, card.id
        record = card.record
        assert record is not None and not isinstance(card.history_, str), f"{card.id}: history is not graded"
        for fid in record.facts:
            assert fid in resolved.facts, f"{card.id}: the record cites unknown fact {fid}"
            assert fid in card.facts, f"{card.id}: the record cites {fid}, which the card does not show"
        if record.record == "documented":
            assert any(not is_outside(resolved.facts[f], sources) for f in record.facts), card.id
        if record.record == "inferred":
            assert record.how and len(record.how.split()) >= 8, f"{card.id}: say how it is inferred"
        if marks:
            marked += 1
            assert record.marks, f"{card.id}: a mark on a {record.record} record"
            assert record.facts, f"{card.id}: a marked record cites no fact"
            assert not card.hypothetical, card.id
            assert card.moscow_option is marks[0]
        else:
            assert card.moscow_option is None
    assert marked >= 5


def test_the_findings_on_markers_are_answered():
    """W1, M1-M4 and I16-I17 of the fact-check: removed or graded as the documents allow."""
    tripoli = {c.id: c for c in resolve("tripoli-2019").scenario.cards}
    partnership = {c.id: c for c in resolve("partnership-2016").scenario.cards}
    assert partnership["dinars"].moscow_option is None and partnership["dinars"].hypothetical  # W1
    assert tripoli["bg-wagner-benghazi"].moscow_option is None  # M2: allegation and forecast only
    graded = {("tripoli", "bogdanov-maiteeq-call"): "inferred", ("tripoli", "bg-two-channels"): "inferred",
              ("tripoli", "stall-worries"): "inferred", ("partnership", "arms-govt"): "inferred",
              ("partnership", "mini-alliance"): "inferred", ("partnership", "tripoli-cooperation"): "inferred",
              ("tripoli", "unsc-draft"): "documented", ("partnership", "h-unscr-1973"): "documented"}
    for (which, cid), grade in graded.items():
        card = (tripoli if which == "tripoli" else partnership)[cid]
        assert card.record.record == grade and card.moscow_option is not None, cid
    assert "Karasik" in partnership["mini-alliance"].record.how  # M4: one analyst's account, said so
    assert tripoli["dengov-contact-group"].moscow_option.label != "Tour both camps"  # I16
    assert "extensive" in partnership["arms-govt"].moscow_option.label  # M3: not "nothing"


def test_the_2016_haftar_meter_is_not_moved_by_the_banknotes():
    """M10: the article never links the eastern government's banknotes to Haftar."""
    cards = {c.id: c for c in resolve("partnership-2016").scenario.cards}

    def meters(effects):
        for e in effects:
            if getattr(e, "meter", None):
                yield e.meter
            for attr in ("then", "else_", "effects"):
                yield from meters(getattr(e, attr, None) or [])

    for cid in ("dinars", "dinar-fallout", "east-more"):
        card = cards[cid]
        moved = set(meters(card.effects)) | {m for o in card.options for m in meters(o.effects)}
        assert "haftar-ties" not in moved, cid


# --------------------------------------------------------------------------- named people


def test_named_advisers_cite_a_fact_that_names_them(resolved):
    facts = shipped_facts().facts
    known = people(facts.values())
    named_lines = 0
    for card in resolved.scenario.cards:
        for option in card.options:
            for adviser in option.advisers:
                surnames = [s for s in known if re.search(rf"\b{re.escape(s)}\b", adviser.who)]
                if not surnames:
                    continue
                named_lines += 1
                assert adviser.fact, f"{card.id}/{option.id}: '{adviser.who}' cites no fact"
                fact = resolved.facts[adviser.fact]
                named_in = " ".join([*fact.actors, fact.quote_by or ""])
                for surname in surnames:
                    assert surname in named_in, f"{card.id}: {adviser.fact} does not name {surname}"
                assert adviser.fact in card.facts, f"{card.id}: the adviser's fact is not shown on the card"
    assert named_lines or resolved.scenario.id == "partnership-2016"


def test_the_invented_analyst_words_are_gone():
    """W3 and I18: the words the fact-check found in named analysts' mouths."""
    texts = []
    for scenario in ("tripoli-2019", "partnership-2016"):
        for card in resolve(scenario).scenario.cards:
            texts += [f"{a.who}: {a.says}" for o in card.options for a in o.advisers]
    said = "\n".join(texts)
    for invented in ("throw the chip away", "better not to stake everything", "that is where leverage lies",
                     "Libya can serve both files", "the UN process is where", "do not waste it",
                     "Let him gain ground", "while the strength lasts", "Misrata is too close",
                     "Arms do not give Haftar the men"):
        assert invented not in said, invented


# --------------------------------------------------------------------------- what-ifs and card windows


@pytest.mark.parametrize("scenario", list(PROMISES))
def test_the_briefing_promise_matches_the_card_windows(scenario):
    promise = PROMISES[scenario]
    resolved = resolve(scenario)
    sc, rules = resolved.scenario, resolved.rules
    for words in promise.briefing_says:
        assert words in " ".join(sc.briefing.split()), words
    last_documented_turn = rules.turn_of(promise.source_date)
    source_day = _day(promise.source_date)
    for card in sc.cards:
        window = rules.cards[card.id]
        if card.hypothetical:
            assert "What-if:" in card.text, card.id
            assert not card.text.startswith(promise.prefix), card.id
            continue
        # a documented card never first comes up after the source, nor carries a later date
        assert window.first <= last_documented_turn, f"{card.id} first comes up in turn {window.first}"
        assert card.date is None or _day(card.date) <= source_day, card.id
        # a fixed card without `when` enters on the first turn of its window; others may come up later
        fixed_once = card.draw == "fixed" and card.when is None
        late = card.draw == "follow_up" or (window.last > last_documented_turn and not fixed_once)
        if late and not card.background:
            assert card.date is None, card.id
            assert card.text.startswith(promise.prefix), f"{card.id} can come up in turn {window.last}"
        else:
            assert not card.text.startswith(promise.prefix), card.id


def test_decks_label_their_what_ifs_the_same_way():
    for scenario, decks in DECKS.items():
        resolved = resolve(scenario, decks=decks)
        for card in resolved.scenario.cards:
            if card.hypothetical:
                assert "What-if:" in card.text and "HYPOTHETICAL" not in card.text, card.id


# --------------------------------------------------------------------------- places and outside knowledge


def test_every_starting_holder_cites_a_fact(resolved):
    for place in resolved.scenario.places:
        assert place.facts, f"{place.id}: its holder ({place.holder}) cites no fact"
        for fid in place.facts:
            assert fid in resolved.facts, f"{place.id}: unknown fact {fid}"


def test_sirte_2019_stands_on_the_outside_record():
    resolved = resolve("tripoli-2019")
    sirte = next(p for p in resolved.scenario.places if p.id == "sirte")
    assert sirte.holder == "gna" and not sirte.contested
    outside = [f for f in sirte.facts if is_outside(resolved.facts[f], resolved.sources)]
    assert outside and any("January 2020" in resolved.facts[f].summary for f in outside)
    # the cards built on the old holder no longer move Sirte
    for cid in ("misrata-counterattack", "benghazi-logistics"):
        card = next(c for c in resolved.scenario.cards if c.id == cid)
        assert card.place != "sirte" and "Sirte" not in card.text, cid


def test_outside_knowledge_is_marked_and_kept_to_the_map(all_facts, all_sources):
    outside_sources = {s for s, src in all_sources.items() if src.outside}
    assert outside_sources, "seeds/ holds the outside sources"
    for sid in outside_sources:
        src = all_sources[sid]
        assert src.form and src.publisher and src.published, sid
    outside_facts = {fid for fid, f in all_facts.items() if f.source in outside_sources}
    for fid, fact in all_facts.items():
        if fid in outside_facts:
            assert fact.paragraph is None, fid
            assert cite(fact, all_sources).startswith("outside the documents: "), fid
        else:
            assert fact.paragraph is not None, fid
    for scenario, decks in [(s, ()) for s in PROMISES] + list(DECKS.items()):
        sc = resolve(scenario, decks=list(decks)).scenario
        for card in sc.cards:
            cited = set(card.facts) | set(card.record.facts if card.record else ())
            cited |= {a.fact for o in card.options for a in o.advisers if a.fact}
            assert not cited & outside_facts, f"{card.id} cites outside knowledge as the documents'"


# --------------------------------------------------------------------------- what players see


def test_citations_show_no_ids_and_no_paths(all_facts, all_sources):
    ids = set(all_facts) | set(all_sources)
    for fact in all_facts.values():
        shown = cite(fact, all_sources)
        assert not any(i in shown for i in ids), shown
        assert not re.search(r"\.(txt|yaml|py)\b|seeds/|shared/", shown), shown
    assert cite(all_facts["r19-wagner-benghazi"], all_sources) == "Ramani, ¶5"
    assert cite(all_facts["p16-dinars-printed"], all_sources) == \
        "Russia-Libya Cooperation and Counter-Terrorism, ¶16"
    for src in all_sources.values():
        assert not re.search(r"\.(txt|yaml)\b|seeds/", f"{src.title} {src.note}"), src.id


def test_the_fact_check_table_answers_every_finding():
    text = (ROOT / "docs" / "fact-check.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| \*?\*?([FWMI]\d+)\b", text, re.M))
    wanted = {f"F{i}" for i in range(1, 12)} | {f"W{i}" for i in range(1, 4)} | \
        {f"M{i}" for i in range(1, 11)} | {f"I{i}" for i in range(1, 34)}
    assert wanted <= rows, sorted(wanted - rows)
