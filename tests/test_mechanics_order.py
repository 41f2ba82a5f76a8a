"""Neutral option order: the engine offers a card's options in an order fixed by the game's seed and the card,
stable within a game and in replays, different between seeds, each order as likely, independent of when the
card is drawn, and taking nothing from the game's random numbers."""

from __future__ import annotations

from collections import Counter
from itertools import permutations
from math import factorial

from mechanics_support import choose, decision, event, game, legal_decisions, option, rules_of, scenario

from game.engine import apply, new_game
from game.engine.core import option_order, order_key, shown_choices
from game.engine.explain import offered
from game.engine.rules import ORDER_SLOTS, ORDER_TABLE

OPTIONS = ["a", "b", "c"]


def three(cid: str = "pick", turn: int = 1, n: int = 3) -> dict:
    return decision(cid, [option(chr(ord("a") + i), [{"meter": "leverage", "add": i}]) for i in range(n)], turn=turn)


def order(state) -> list[str]:
    return [d.option for d in legal_decisions(state)]


def test_the_order_is_a_permutation_and_offered_shows_the_same_order():
    _r, s = game([three()], seed=7)
    assert sorted(order(s)) == OPTIONS
    assert [o.option for o in offered(s)] == order(s)


def test_stable_within_a_game_and_for_the_same_seed():
    rules, s = game([three()], seed=11)
    assert order(s) == order(s) == order(new_game(rules, 11))


def test_different_seeds_give_different_orders_and_each_order_is_as_likely():
    rules = rules_of(scenario([three()]))
    seen = Counter(tuple(order(new_game(rules, seed))) for seed in range(1200))
    assert set(seen) == set(permutations(OPTIONS))
    assert all(150 <= n <= 250 for n in seen.values()), seen  # 200 each, give or take chance
    first = Counter(o[0] for o, n in seen.items() for _ in range(n))
    assert all(0.28 <= first[x] / 1200 <= 0.39 for x in OPTIONS)  # "always the first" carries no information


def test_independent_of_when_the_card_is_drawn_and_of_the_other_cards():
    early = rules_of(scenario([three(turn=1)]))
    late = rules_of(scenario([event("news", [{"meter": "cost", "add": 1}], turn=1), three(turn=3)]))
    for seed in range(30):
        s = new_game(late, seed)
        while s.current_card != "pick":
            s, _ = apply(s, legal_decisions(s)[0])
        assert order(s) == order(new_game(early, seed))


def test_two_cards_of_a_game_are_ordered_independently():
    rules = rules_of(scenario([three("one", 1, 2), three("two", 2, 2)]))
    pairs = Counter()
    for seed in range(800):
        s = new_game(rules, seed)
        first = order(s)[0]
        s, _ = choose(s, first)
        pairs[(first, order(s)[0])] += 1
    assert len(pairs) == 4 and all(n >= 140 for n in pairs.values()), pairs


def test_the_order_takes_nothing_from_the_games_random_numbers():
    news = {"id": "news", "title": "News", "text": "t", "effects": [{"meter": "cost", "add": 1}]}
    rules = rules_of(scenario([three(), news], draws_per_turn=1))  # a random draw has used the generator
    s = new_game(rules, 5)
    before = (s.rng_pos, s.cursor().rng.getstate())
    assert s.rng_pos > 0
    for _ in range(3):
        legal_decisions(s)
        offered(s)
    assert (s.rng_pos, s.cursor().rng.getstate()) == before


def test_the_same_in_a_replay_of_the_decisions():
    rules = rules_of(scenario([three("one", 1), three("two", 2), three("three", 3)]))
    s, seen = new_game(rules, 3), []
    log = []
    while not s.over:
        legal = legal_decisions(s)
        seen.append([d.option for d in legal])
        d = legal[-1]
        log.append(d)
        s, _ = apply(s, d)
    replayed, again = new_game(rules, 3), []
    for d in log:
        again.append(order(replayed))
        replayed, _ = apply(replayed, d)
    assert again == seen


def test_cards_beyond_the_table_are_ordered_the_same_way():
    n = ORDER_TABLE + 2
    rules = rules_of(scenario([three(n=n)]))
    card = rules.cards["pick"]
    assert card.orders == ()  # worked out when drawn
    orders = {tuple(order(new_game(rules, seed))) for seed in range(40)}
    assert len(orders) > 30 and all(sorted(o) == sorted(chr(ord("a") + i) for i in range(n)) for o in orders)


def test_every_order_is_exactly_as_likely_over_the_keys():
    assert all(ORDER_SLOTS % factorial(n) == 0 for n in range(1, ORDER_TABLE + 1))
    for n in range(2, ORDER_TABLE + 1):
        counts = Counter(option_order(key, 0, n) for key in range(ORDER_SLOTS))
        assert len(counts) == factorial(n) and len(set(counts.values())) == 1


def test_the_table_holds_what_option_order_defines():
    rules = rules_of(scenario([three(n=k, cid=f"k{k}", turn=1 + k % 5) for k in range(2, ORDER_TABLE + 1)]))
    for card in rules.cards.values():
        for seed in range(60):
            view = new_game(rules, seed)
            expected = tuple(card.choices[i] for i in option_order(order_key(seed), card.salt, len(card.choices)))
            assert shown_choices(view, card) == expected


def test_an_unavailable_option_keeps_its_place_in_the_offered_order():
    cards = [decision("pick", [option("a"), option("b", when={"flag": "never"}), option("c")])]
    for seed in range(10):
        _r, s = game(cards, seed=seed)
        offers = offered(s)
        assert [o.option for o in offers if o.available] == order(s)
        assert sorted(o.option for o in offers) == OPTIONS
