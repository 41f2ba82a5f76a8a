"""The shipped scenario "partnership-2016" (document 003): facts, labels, span, and balance.

Balance runs headless games with fixed seeds, so the figures are exact and repeat on every run.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from game.content import resolve
from game.engine.play import play_game

SCENARIO = "partnership-2016"
GAMES = 2000

# Every fact of document 003 that the brief lists must be cited by at least one card.
REQUIRED_FACTS = (
    "p16-gerasimov-statement",  # 27 April 2016
    "p16-gerasimov-us-democracy",  # US democracy promotion as a pretext
    "p16-gerasimov-refugees",  # Iraq 2003 and NATO 2011 blamed for the refugee crisis
    "p16-western-speculation",  # a Syria-style intervention?
    "p16-kremlin-no-arms-without-un",  # no military assistance without UN approval
    "p16-unscr-1973-abstention",
    "p16-lavrov-april-2011",
    "p16-al-qaeda-infiltration",  # March 2011
    "p16-daesh-rise",
    "p16-thinni-rt",  # May 2015, against the 2011 arms embargo
    "p16-thinni-trip",
    "p16-no-extensive-arms",
    "p16-putin-sisi-call",  # Libya, Syria, Yemen
    "p16-karasik-mini-alliance",  # Russia-UAE with Haftar
    "p16-russia-uae-sirt",
    "p16-italy-late-2015",
    "p16-france-clash",
    "p16-france-joint-anti-daesh",
    "p16-soviet-arms-legacy",
    "p16-putin-2008-gaddafi",
    "p16-zwai-oil",  # 19 May 2016
    "p16-dinars-printed",  # 4 billion dinars
    "p16-liquidity-inflation",
    "p16-state-to-state",
)

# Dates exactly as the document gives them (month or year precision where that is all it gives).
DOCUMENT_DATES = {
    "p16-gerasimov-statement": "2016-04-27",
    "p16-zwai-oil": "2016-05-19",
    "p16-thinni-rt": "2015-05",
    "p16-lavrov-april-2011": "2011-04",
    "p16-al-qaeda-infiltration": "2011-03",
    "p16-putin-2008-gaddafi": "2008",
    "p16-italy-late-2015": "2015",
}


@pytest.fixture(scope="module")
def resolved():
    return resolve(SCENARIO)


@pytest.fixture(scope="module")
def scenario(resolved):
    return resolved.scenario


def _day(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(*parts)


def _games(resolved, policy: str) -> list:
    return [play_game(resolved.rules, seed, policy) for seed in range(GAMES)]


@pytest.fixture(scope="module")
def random_games(resolved):
    return _games(resolved, "random")


@pytest.fixture(scope="module")
def historical_games(resolved):
    return _games(resolved, "historical")


# --------------------------------------------------------------------------- facts


def test_every_card_cites_an_existing_fact(scenario, resolved):
    for card in scenario.cards:
        assert card.facts, f"card {card.id} cites no fact"
        for fid in card.facts:
            assert fid in resolved.facts, f"card {card.id} cites unknown fact {fid}"
            assert fid.startswith("p16-"), f"card {card.id} cites {fid}, not a document-003 fact"


def test_every_brief_listed_fact_is_cited(scenario):
    cited = {fid for card in scenario.cards for fid in card.facts}
    missing = [fid for fid in REQUIRED_FACTS if fid not in cited]
    assert not missing, f"facts of document 003 no card cites: {missing}"


def test_facts_carry_the_documents_dates_and_source(resolved):
    for fid, iso in DOCUMENT_DATES.items():
        assert resolved.facts[fid].date == iso, fid
    source = resolved.sources["partnership-2016"]
    assert source.published == "2016-06-02"
    assert source.title == "Russia-Libya Cooperation and Counter-Terrorism"
    assert source.author is None and source.publisher is None  # the copy names neither
    for fact in resolved.facts.values():
        if fact.id.startswith("p16-"):
            assert fact.source == "partnership-2016"
            assert 1 <= fact.paragraph <= 17  # the article body has 17 paragraphs
            if fact.quote:
                assert len(fact.quote.split()) < 20


def test_names_and_numbers_as_in_the_document(resolved):
    text = " ".join(f.summary for f in resolved.facts.values())
    for name in ("Valery Gerasimov", "Sergei Lavrov", "Abdullah Al-Thinni", "Abdel Fattah Al-Sisi",
                 "Theodore Karasik", "Khalifah Haftar", "Mashallah Zwai"):
        assert name in text, name
    dinars = resolved.facts["p16-dinars-printed"].summary
    assert "4 billion dinars" in dinars and "20 and 50" in dinars


# --------------------------------------------------------------------------- cards


def test_span_and_card_dates(scenario, resolved):
    rules = resolved.rules
    first, last = rules.start, rules.end
    assert first == date(2016, 4, 27)
    assert last == first + timedelta(days=scenario.turns * scenario.turn_days - 1)
    for card in scenario.cards:
        if card.date and not card.background:
            assert first <= _day(card.date) <= last, f"card {card.id} dated {card.date} outside the span"


def test_fixed_cards_on_the_documents_dates(scenario):
    by_id = {c.id: c for c in scenario.cards}
    assert by_id["gerasimov"].date == "2016-04-27" and by_id["gerasimov"].draw == "fixed"
    assert by_id["zwai"].date == "2016-05-19" and by_id["zwai"].draw == "fixed"


def test_decision_cards_have_options_history_and_at_most_one_historical(scenario):
    for card in scenario.cards:
        if not card.options:
            continue
        assert len(card.options) >= 3, f"card {card.id} has fewer than 3 options"
        assert card.history, f"card {card.id} has no history text"
        historical = [o.id for o in card.options if o.historical]
        assert len(historical) <= 1, f"card {card.id} marks several historical options: {historical}"
        if not historical:
            assert card.history.startswith("The document does not record"), card.id
            assert card.hypothetical or card.background, f"card {card.id}: no history, not hypothetical"


def test_hypothetical_and_history_cards_say_so(scenario):
    for card in scenario.cards:
        if card.hypothetical:
            assert "What-if:" in card.text, card.id  # the same label as tripoli-2019 (fact-check item 4)
        if card.background:
            assert "HISTORY" in card.text, card.id


def test_size_and_required_tracks(scenario):
    ids = {c.id for c in scenario.cards}
    assert len(scenario.cards) >= 30
    for cid in ("h-unscr-1973", "arms-govt", "embargo-exemption", "mini-alliance", "sirte-front",
                "sisi-call", "france-line", "zwai", "dinars", "channel-choice", "speculation", "contact-group"):
        assert cid in ids, cid
    assert len(scenario.endings) >= 4
    assert scenario.endings[-1].when is None  # the fallback


# --------------------------------------------------------------------------- balance


def test_random_play_reaches_every_ending_and_none_dominates(scenario, random_games):
    counts = Counter(g.ending for g in random_games)
    assert None not in counts, "a game did not end"
    for ending in scenario.endings:
        assert counts[ending.id] > 0, f"ending {ending.id} never reached in {GAMES} random games"
    top, n = counts.most_common(1)[0]
    assert n / GAMES <= 0.60, f"ending {top} takes {n / GAMES:.0%} of random games"


def test_random_play_draws_every_card(scenario, random_games):
    drawn = set()
    for g in random_games:
        drawn.update(g.drawn)
    never = [c.id for c in scenario.cards if c.id not in drawn]
    assert not never, f"cards never drawn in {GAMES} random games: {never}"


def test_historical_play_matches_the_documents_assessment(historical_games):
    # The document: an incremental partnership and counter-terrorism credibility, no intervention.
    counts = Counter(g.ending for g in historical_games)
    top, _ = counts.most_common(1)[0]
    assert top in ("incremental", "ct-leader"), counts
    consistent = counts["incremental"] + counts["ct-leader"] + counts["partnership"]
    assert consistent / GAMES >= 0.6, counts
    assert counts["intervention"] / GAMES < 0.2, counts
