"""Decks stacked on a scenario: add, replace, remove, conflicts, several decks, `extends`."""

from __future__ import annotations

import pytest

from game.content import ContentError, find_deck, resolve
from test_content_support import content_env, only, pos  # noqa: F401 - fixture

HEAD = "kind: deck\nid: {id}\ntitle: A deck\n"


def deck(env, name: str, body: str, ident: str | None = None, extends: str | None = "mini"):
    text = HEAD.format(id=ident or name) + (f"extends: {extends}\n" if extends else "") + body
    return env.write(f"decks-in-test/{name}.yaml", text), text


def failing(*args, **kwargs) -> list:
    with pytest.raises(ContentError) as info:
        resolve(*args, **kwargs)
    return info.value.problems


def test_the_shipped_style_deck_adds_replaces_and_removes(content_env):
    resolved = resolve("mini", decks=["mini-extra"])
    assert [c.id for c in resolved.scenario.cards] == ["vote", "visit", "talks"]  # replaced in place
    assert resolved.scenario.cards[1].title == "A different visit"
    assert [m.id for m in resolved.scenario.meters] == ["leverage", "cost", "trust"]
    # an added ending goes before the scenario's fallback, which stays last
    assert [e.id for e in resolved.scenario.endings] == ["broke", "strong", "trusted", "weak"]
    assert resolved.deck_ids == ["mini-extra"]
    assert resolved.embedded["decks"] == [{"id": "mini-extra", "title": "Extra cards", "extends": "mini"}]
    assert resolve("mini").content_hash != resolved.content_hash


def test_decks_by_path_or_id(content_env):
    path = content_env.decks / "mini-extra.yaml"
    assert find_deck("mini-extra") == path
    assert resolve("mini", decks=[path]).content_hash == resolve("mini", decks=["mini-extra"]).content_hash
    user = content_env.user / "mine.yaml"
    user.write_text(HEAD.format(id="mine") + "cards:\n  - {id: extra, title: Extra, text: t}\n")
    assert resolve("mini", decks=["mine"]).deck_ids == ["mine"]
    with pytest.raises(ContentError) as info:
        resolve("mini", decks=["mini-extr"])
    assert "no deck with id 'mini-extr'" in str(info.value) and "did you mean 'mini-extra'" in str(info.value)


def test_adding_a_card_that_exists(content_env):
    path, text = deck(content_env, "d1", "cards:\n  - {id: vote, title: V, text: t}\n")
    p = only(failing("mini", decks=[path]))
    assert p.message.startswith("card 'vote' already exists in scenario 'mini' (")
    assert p.message.endswith("); put it under replace: to change it")
    assert (p.line, p.col) == (pos(text, "vote")[0], pos(text, "vote")[1])
    assert p.path.endswith("d1.yaml") and p.location == "cards[0](vote).id"


def test_replacing_or_removing_a_missing_card(content_env):
    path, text = deck(content_env, "d1", "replace:\n  - {id: vot, title: V, text: t}\nremove: [visti]\n")
    found = failing("mini", decks=[path])
    assert [p.message for p in found] == [
        "no card 'vot' to replace in mini (did you mean 'vote'?)",
        "no card 'visti' to remove in mini (did you mean 'visit'?)",
    ]
    assert (found[1].line, found[1].col) == pos(text, "visti")
    assert found[1].location == "remove[0]"


def test_removed_cards_still_referenced(content_env):
    path, text = deck(content_env, "d2", "remove: [aftermath]\n")  # visit still queues it
    p = only(failing("mini", decks=[path]))
    assert p.message.startswith("card 'aftermath' was removed by ")
    assert p.message.endswith("but is still used here")
    assert p.location == "cards[1](visit).effects[1].follow_up"
    assert p.path.endswith("mini.yaml")


def test_removing_the_card_and_its_referrer(content_env):
    path, _ = deck(content_env, "d1", "remove: [visit, aftermath]\n")
    resolved = resolve("mini", decks=[path])
    assert [c.id for c in resolved.scenario.cards] == ["vote"]
    # removing only the referrer leaves a follow-up card nobody queues: a warning, not an error
    path, _ = deck(content_env, "d3", "remove: [visit]\n")
    warning = only(resolve("mini", decks=[path]).warnings, "warning")
    assert warning.message == "card 'aftermath' is drawn only as a follow-up, but no card queues it"


def test_extends_another_scenario(content_env):
    other = content_env.scenarios / "other.yaml"
    other.write_text((content_env.scenarios / "mini.yaml").read_text().replace("id: mini\n", "id: other\n"))
    path, text = deck(content_env, "d1", "cards:\n  - {id: extra, title: E, text: t}\n")
    p = only(failing("other", decks=[path]))
    assert p.message == "deck 'd1' extends 'mini' but is being played on 'other'"
    assert (p.line, p.col) == pos(text, "mini")


def test_a_deck_without_extends_goes_on_any_scenario(content_env):
    path, _ = deck(content_env, "free", "cards:\n  - {id: extra, title: E, text: t}\n", extends=None)
    assert resolve("mini", decks=[path]).scenario.cards[-1].id == "extra"


def test_two_decks_conflicting_name_both_files(content_env):
    a, _ = deck(content_env, "deck-a", "cards:\n  - {id: extra, title: A, text: t}\n"
                                        "meters:\n  - {id: trust, name: T, description: d, start: 1}\n")
    b, text_b = deck(content_env, "deck-b", "cards:\n  - {id: extra, title: B, text: t}\n"
                                            "meters:\n  - {id: trust, name: T, description: d, start: 1}\n")
    found = failing("mini", decks=[a, b])
    assert len(found) == 2
    for p in found:
        assert p.path.endswith("deck-b.yaml")
        assert "deck 'deck-a' (" in p.message and "deck-a.yaml:" in p.message
    assert found[0].message.startswith("meter 'trust' already exists in deck 'deck-a'")
    assert found[1].message.startswith("card 'extra' already exists in deck 'deck-a'")


def test_decks_apply_in_order(content_env):
    a, _ = deck(content_env, "deck-a", "cards:\n  - {id: extra, title: A, text: t}\n")
    b, _ = deck(content_env, "deck-b", "replace:\n  - {id: extra, title: B, text: t}\n")
    resolved = resolve("mini", decks=[a, b])
    assert resolved.scenario.cards[-1].title == "B"
    warning = only(resolved.warnings, "warning")
    assert "comes from deck 'deck-a'" in warning.message and warning.path.endswith("deck-b.yaml")
    assert resolved.deck_ids == ["deck-a", "deck-b"]
    failing("mini", decks=[b, a])  # b first: nothing to replace yet


def test_deck_problems_point_into_the_deck(content_env):
    body = "cards:\n  - id: extra\n    title: E\n    text: t\n    effects: [{meter: trsut, add: 1}]\n"
    path, text = deck(content_env, "d1", body)
    p = only(failing("mini", decks=[path]))
    assert p.message == "unknown meter 'trsut'"
    assert p.path.endswith("d1.yaml") and (p.line, p.col) == pos(text, "trsut")
    assert p.card == "extra"


def test_deck_sources_and_facts(content_env):
    body = ("sources:\n  - {id: deck-doc, title: A document}\n"
            "facts:\n  - {id: deck-fact, summary: s, source: deck-doc, paragraph: 3}\n"
            "cards:\n  - {id: extra, title: E, text: t, facts: [deck-fact, mini-vote]}\n")
    path, _ = deck(content_env, "d1", body)
    resolved = resolve("mini", decks=[path])
    assert set(resolved.facts) == {"mini-vote", "mini-visit", "deck-fact"}
    assert set(resolved.sources) == {"mini-doc", "deck-doc"}
    clash, _ = deck(content_env, "d2", "sources:\n  - {id: mini-doc, title: Again}\n")
    p = only(failing("mini", decks=[clash]))
    assert p.message.startswith("source 'mini-doc' already exists in the fact base")


def test_files_of_the_wrong_kind(content_env):
    p = only(failing(content_env.decks / "mini-extra.yaml"))
    assert p.message == "expected a scenario here, not a deck file"
    found = failing("mini", decks=[content_env.scenarios / "mini.yaml"])
    assert any(p.message == "expected a deck here, not a scenario file" for p in found)


def test_unknown_scenario_id(content_env):
    with pytest.raises(ContentError) as info:
        resolve("minni")
    (p,) = info.value.problems
    assert "no scenario with id 'minni'" in p.message and "did you mean 'mini'" in p.message


def test_the_same_deck_twice(content_env):
    found = failing("mini", decks=["mini-extra", content_env.decks / "mini-extra.yaml"])
    assert [p.message for p in found] == ["this deck is given twice"]
