"""The shipped scenario "partnership-2016" (document 003): facts, labels, span, its mechanics of strategic
depth (the September climax, the thresholds where actors react, what actors remember), and balance.

What every scenario must hold (cited facts exist, dates in the span, well-formed decision cards, random
play reaching every ending and card) is tested for all of them in test_scenario_invariants.py, and the
balance targets (greedy, search, fixed positions) in test_balance.py; here, the facts and the design of
this one. Games run headless with fixed seeds, so the figures are exact and repeat on every run.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from game.content import resolve
from game.engine import apply, legal_decisions, new_game
from game.engine.explain import offered
from game.engine.play import play_game
from game.engine.policies import policy_named, policy_rng
from game.model.events import (
    CardDrawn, CostCause, DecisionMade, DelayedCause, MemoryChanged, OptionCause, ThresholdCrossed,
)

SCENARIO = "partnership-2016"
GAMES = 2000
TRACED = 150  # games played through the public API with every event kept (slower than play_game)

# The climax: fixed what-if cards in the last three turns (the vote, the mediation offer, the conference).
CLIMAX = {"embargo-exemption": 8, "mediation": 9, "contact-group": 10}

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


# --------------------------------------------------------------------------- the mechanics of strategic depth


class Traced:
    """A whole game through the public API (new_game / apply), every event kept, and each decision with a
    choice: (turn, card, the state before it)."""

    def __init__(self, rules, seed: int, policy: str):
        pick = policy_named(policy)
        rng = policy_rng(seed)
        state = new_game(rules, seed)
        self.events = []
        self.choices = []
        while not state.over:
            legal = legal_decisions(state)
            if len(legal) > 1:
                self.choices.append((state.turn, state.current_card, state))
            state, events = apply(state, pick(state, legal, rng))
            self.events += events
        self.final = state

    def of(self, kind):
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture(scope="module")
def rules(resolved):
    return resolved.rules


@pytest.fixture(scope="module")
def traced_random(rules):
    return [Traced(rules, seed, "random") for seed in range(TRACED)]


@pytest.fixture(scope="module")
def traced_greedy(rules):
    return [Traced(rules, seed, "greedy") for seed in range(60)]


def test_the_climax_is_fixed_in_the_last_three_turns_and_labelled_a_what_if(scenario, rules):
    by_id = {c.id: c for c in scenario.cards}
    assert scenario.turns == 10
    for cid, turn in CLIMAX.items():
        card = by_id[cid]
        assert card.draw == "fixed" and card.when is None, cid
        assert (rules.cards[cid].first, rules.cards[cid].last) == (turn, turn), cid
        assert card.hypothetical and "What-if:" in card.text and len(card.options) >= 3, cid
        assert card.record.record == "not-recorded", cid


def test_every_game_that_lasts_meets_the_climax_and_decides_in_each_last_turn(traced_random):
    lasted = [g for g in traced_random if g.final.turn == 10]
    assert len(lasted) > TRACED // 2  # most games are not cut short by an intervention
    for g in lasted:
        drawn = {(e.card, e.turn) for e in g.of(CardDrawn)}
        for cid, turn in CLIMAX.items():
            assert (cid, turn) in drawn, (g.final.seed, cid)
        decided = {turn for turn, _card, _state in g.choices}
        assert {8, 9, 10} <= decided, g.final.seed


def test_the_conference_tests_what_was_built(traced_random):
    """The full contact group opens only to a Moscow that courted Tripoli twice, worked with Paris or Rome,
    kept its deniable help out of the news and kept capital for it; each of those gates shuts it in some
    game, and it opens in others."""
    opened = 0
    shut_by = Counter()
    for g in traced_random:
        for _turn, card, state in g.choices:
            if card != "contact-group":
                continue
            offer = next(o for o in offered(state) if o.option == "un-group")
            courted = state.memory.get(("gna", "courted"), 0) >= 2
            europe = state.memory.get(("france", "engaged"), 0) + state.memory.get(("italy", "engaged"), 0) >= 1
            clean = "exposed" not in state.flags
            affordable = state.meters["capital"] >= offer.cost
            assert offer.available == (courted and europe and clean and affordable), (g.final.seed, offer.reason)
            opened += offer.available
            for gate, held in (("courted", courted), ("europe", europe), ("clean", clean),
                               ("capital", affordable)):
                shut_by[gate] += not held
    assert opened > 0
    assert all(shut_by[gate] > 0 for gate in ("courted", "europe", "clean", "capital")), shut_by


def test_the_best_ending_needs_the_network_built_at_the_conference(traced_random):
    for g in traced_random:
        if g.final.ending == "ct-leader":
            assert any(isinstance(e, DecisionMade) and (e.card, e.option) == ("contact-group", "un-group")
                       for e in g.events), g.final.seed


def test_every_threshold_exists_and_fires_with_its_cause(scenario, traced_random, traced_greedy):
    declared = {t.id for t in scenario.thresholds}
    assert declared == {"rumours-spread", "story-breaks", "western-warning", "tripoli-cools", "cairo-doubts",
                        "isis-breaks-out"}
    fired = Counter()
    for g in traced_random + traced_greedy:
        for e in g.of(ThresholdCrossed):
            fired[e.threshold] += 1
            t = next(t for t in scenario.thresholds if t.id == e.threshold)
            assert e.meter == t.meter
            assert (e.before < t.above <= e.after) if t.above is not None else (e.after <= t.below < e.before)
            assert e.cause is not None
    assert set(fired) == declared, fired


def test_the_story_breaks_after_deniable_help_and_shuts_the_network(traced_greedy, traced_random):
    """Exposure grows with contractors, covert deliveries and military cooperation with Haftar (a recurring
    effect while they last); at 60 Washington goes public, the crisis card follows, and the game remembers
    it (flag `exposed`)."""
    broke = 0
    from_recurring = 0
    for g in traced_greedy + traced_random:
        crossings = [e for e in g.of(ThresholdCrossed) if e.threshold == "story-breaks"]
        if not crossings:
            assert "exposed" not in g.final.flags
            continue
        broke += 1
        (crossed,) = crossings  # once a game
        assert "exposed" in g.final.flags
        # the crisis card comes at once, or at the start of the next turn when an end-of-turn effect crossed
        if g.final.turn > crossed.turn:
            assert any(isinstance(e, DecisionMade) and e.card == "exposed-crisis" and
                       e.turn in (crossed.turn, crossed.turn + 1) for e in g.events), g.final.seed
        assert not isinstance(crossed.cause, CostCause)
        from_recurring += isinstance(crossed.cause, DelayedCause)
    assert broke > 0 and from_recurring > 0


def test_greedy_walks_into_the_trap(traced_greedy):
    """The one-step player grabs the biggest gain on the screen: company deals, contractors, military
    cooperation with Haftar, rhetoric instead of work with Paris and Rome. It rarely reaches the network."""
    failed = [g for g in traced_greedy if g.final.ending != "ct-leader"]
    assert len(failed) / len(traced_greedy) >= 0.6
    why = Counter()
    for g in failed:
        mem = g.final.memory
        europe = mem.get(("france", "engaged"), 0) + mem.get(("italy", "engaged"), 0)
        why["exposed"] += "exposed" in g.final.flags
        why["no-europe"] += europe == 0
    assert why["exposed"] > 0 and why["no-europe"] > 0
    assert sum(1 for g in failed if "exposed" in g.final.flags or
               g.final.memory.get(("france", "engaged"), 0) + g.final.memory.get(("italy", "engaged"), 0) == 0
               ) >= 0.8 * len(failed), why


def test_actors_remember_what_moscow_did(scenario, traced_random):
    declared = {(a.id, what) for a in scenario.actors for what in (a.remembers or ())}
    assert {("gna", "courted"), ("gna", "snubbed"), ("egypt", "partnered"), ("uae", "let-down"),
            ("france", "engaged"), ("italy", "engaged"), ("us", "defied"), ("lna", "armed")} <= declared
    recorded = set()
    for g in traced_random:
        for e in g.of(MemoryChanged):
            recorded.add((e.actor, e.what))
            assert e.after == e.before + 1 or e.cause is not None
    assert recorded == declared, declared - recorded


def test_a_snubbed_tripoli_and_a_defied_washington_raise_the_price_of_the_network(rules, traced_random):
    """The conference's surcharges read memory: each applies exactly when its count is reached."""
    seen = Counter()
    for g in traced_random:
        for _turn, card, state in g.choices:
            if card != "contact-group":
                continue
            option = rules.cards[card].by_option["un-group"]
            snubbed = state.memory.get(("gna", "snubbed"), 0) >= 2
            defied = state.memory.get(("us", "defied"), 0) >= 2
            assert option.cost_now(state) == option.cost + 2 * snubbed + 2 * defied
            seen[(snubbed, defied)] += 1
    assert len(seen) >= 3, seen


def test_state_to_business_costs_tripoli_later(rules):
    """The document's advice (state-to-state first) as a consequence that comes later: the company deals
    pay at once, and the bill comes two turns on."""
    for seed in range(40):
        state = new_game(rules, seed)
        while not state.over and state.current_card != "zwai-response":
            state, _ = apply(state, legal_decisions(state)[0])
        if state.over:
            continue
        companies = next(d for d in legal_decisions(state) if d.option == "companies")
        after, events = apply(state, companies)
        assert after.meters["oil-stake"] > state.meters["oil-stake"]
        assert after.memory.get(("gna", "snubbed"), 0) == state.memory.get(("gna", "snubbed"), 0) + 1
        assert any(e.kind == "scheduled" and e.cause == OptionCause("zwai-response", "companies")
                   for e in events)
        return
    pytest.fail("the answer to Zwai never came up")
