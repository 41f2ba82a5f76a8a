"""The shipped scenario "partnership-2016" (document 003): facts, labels, span, and balance.

What every scenario must hold (cited facts exist, dates in the span, well-formed decision cards, random
play reaching every ending and card) is tested for all of them in test_scenario_invariants.py; here, the
facts of this one. Balance runs headless games with fixed seeds, so the figures are exact and repeat on
every run.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

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


@pytest.fixture(scope="module")
def historical_games(resolved):
    return [play_game(resolved.rules, seed, "historical") for seed in range(GAMES)]


# --------------------------------------------------------------------------- facts


def test_every_card_cites_a_fact_of_document_003(scenario):
    for card in scenario.cards:
        for fid in card.facts:
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


def test_span_starts_on_gerasimovs_statement(resolved):
    assert resolved.rules.start == date(2016, 4, 27)


def test_fixed_cards_on_the_documents_dates(scenario):
    by_id = {c.id: c for c in scenario.cards}
    assert by_id["gerasimov"].date == "2016-04-27" and by_id["gerasimov"].draw == "fixed"
    assert by_id["zwai"].date == "2016-05-19" and by_id["zwai"].draw == "fixed"


def test_decision_cards_without_a_historical_option_say_why(scenario):
    for card in scenario.cards:
        if not card.options:
            continue
        historical = [o.id for o in card.options if o.historical]
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


# --------------------------------------------------------------------------- balance


def test_historical_play_matches_the_documents_assessment(historical_games):
    # The document: an incremental partnership and counter-terrorism credibility, no intervention.
    counts = Counter(g.ending for g in historical_games)
    top, _ = counts.most_common(1)[0]
    assert top in ("incremental", "ct-leader"), counts
    consistent = counts["incremental"] + counts["ct-leader"] + counts["partnership"]
    assert consistent / GAMES >= 0.6, counts
    assert counts["intervention"] / GAMES < 0.2, counts
