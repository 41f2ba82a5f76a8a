"""The balance targets of the design brief, on every shipped scenario and example deck, with the headless
players on fixed seeds (smaller counts than `wargame check`, so the figures are exact and repeat; the full
measurements, 2,000 games per player, are in docs/balance.md).

Targets (BRIEF.md, "Game design"; the constants live in game.authoring.playtest): greedy reaches the best
ending in at most 40% of games; always the first or the last option, and the worst one-step player, in at
most 20%; the search player in at least 30% and 15 points more often than greedy on the same seeds; random
play reaches every ending, none above 60%; a scored meter at its limit in under 10% of decisions; each of
the last three turns holds a decision in at least 95% of games.
"""

from __future__ import annotations

import functools

import pytest

from game.authoring import playtest as pt
from game.content import catalog, resolve

GAMES = 400  # per cheap player
SEARCH_GAMES = 16
ROLLOUTS = 150  # the search player's budget here (the default is larger: this is a lower bound on it)


def _shipped():
    out = []
    for entry in catalog():
        if entry.shipped and not entry.error and entry.kind in ("scenario", "deck"):
            out.append((entry.kind, entry.id))
    return sorted(out)


@functools.lru_cache(maxsize=None)
def _report(kind: str, ident: str):
    resolved = resolve(ident) if kind == "scenario" else resolve(None, [ident])
    return pt.playtest(resolved.rules, GAMES, SEARCH_GAMES, seed=1000, rollouts=ROLLOUTS)


CONTENT = _shipped()


@pytest.mark.parametrize("kind,ident", CONTENT)
def test_adding_up_the_numbers_does_not_solve_it(kind, ident):
    r = _report(kind, ident)
    p = r.policies
    assert p["greedy"].best_ending_share <= pt.SOLVED_SHARE, f"greedy: {p['greedy'].best_ending_share:.0%}"
    for name in ("first", "last"):
        assert p[name].best_ending_share <= pt.POSITION_SHARE, f"{name}: {p[name].best_ending_share:.0%}"
    assert p["worst"].best_ending_share <= pt.CARELESS_SHARE


@pytest.mark.parametrize("kind,ident", CONTENT)
def test_thinking_ahead_pays(kind, ident):
    r = _report(kind, ident)
    search = r.policies["search"].best_ending_share
    assert search >= pt.SEARCH_SHARE, f"search: {search:.0%}"
    assert search - r.greedy_on_search_seeds >= pt.LOOKAHEAD_MARGIN, (search, r.greedy_on_search_seeds)


@pytest.mark.parametrize("kind,ident", CONTENT)
def test_random_play_reaches_every_ending_none_too_often(kind, ident):
    r = _report(kind, ident)
    endings = r.policies["random"].endings
    resolved = resolve(ident) if kind == "scenario" else resolve(None, [ident])
    assert set(endings) == {e.id for e in resolved.scenario.endings}
    assert max(endings.values()) / GAMES <= pt.ENDING_SHARE


@pytest.mark.parametrize("kind,ident", CONTENT)
def test_no_meter_pinned_and_the_last_turns_decide(kind, ident):
    r = _report(kind, ident)
    for name, stats in r.policies.items():
        assert stats.meter_at_limit.get(r.main_meter, 0) < pt.METER_LIMIT_SHARE, (name, stats.meter_at_limit)
        assert stats.last_turns_share >= pt.LAST_TURNS_SHARE, (name, stats.last_turns_share)
