"""Cross-reference checks: unknown ids, duplicates, facts and sources, cycles, dates, endings."""

from __future__ import annotations

import pytest

from game.content import ContentError, resolve
from test_content_support import content_env, mini_text, only, pos  # noqa: F401 - fixture


def errors_for(env, text: str, name: str = "scenarios/s.yaml") -> list:
    path = env.write(name, text)
    with pytest.raises(ContentError) as info:
        resolve(path)
    return info.value.problems


def value_pos(text: str, needle: str, value: str, nth: int = 0) -> tuple[int, int]:
    """Position of `value` inside the first `needle` (which contains it)."""
    line, col = pos(text, needle, nth)
    return line, col + needle.index(value)


@pytest.mark.parametrize("old,new,value,message,location", [
    ("{meter: cost, add: 3}", "{meter: cots, add: 3}", "cots",
     "unknown meter 'cots' (did you mean 'cost'?)", "cards[1](visit).effects[0].meter"),
    ("{follow_up: aftermath, in_turns: 1}", "{follow_up: aftermat, in_turns: 1}", "aftermat",
     "unknown card 'aftermat' (did you mean 'aftermath'?)", "cards[1](visit).effects[1].follow_up"),
    ("{react: gna, text: Protest", "{react: gan, text: Protest", "gan",
     "unknown actor 'gan' (did you mean 'gna'?)", "cards[2](aftermath).effects[0].react"),
    ("holder: gna}", "holder: lnaa}", "lnaa",
     "unknown actor 'lnaa' (did you mean 'lna'?)", "places[0].holder"),
    ("facts: [mini-vote]", "facts: [mini-vot]", "mini-vot",
     "unknown fact 'mini-vot' (did you mean 'mini-vote'?)", "cards[0](vote).facts[0]"),
    ("sources: [mini-doc]", "sources: [mini-dok]", "mini-dok",
     "unknown source 'mini-dok' (did you mean 'mini-doc'?)", "sources[0]"),
    ("when: {meter: cost, gte: 13}", "when: {meter: costs, gte: 13}", "costs",
     "unknown meter 'costs' (did you mean 'cost'?)", "endings[0].when.meter"),
])
def test_unknown_ids(content_env, old, new, value, message, location):
    text = mini_text().replace(old, new)
    p = only(errors_for(content_env, text))
    assert (p.message, p.location) == (message, location)
    assert (p.line, p.col) == value_pos(text, new, value)


def test_unknown_ids_in_every_effect_and_condition(content_env):
    extra = """
  - id: probe
    title: Probe
    text: t
    place: benghazi
    actors: [lna, haftar]
    when:
      all:
        - {seen: vot}
        - {chose: {card: vote, option: vet}}
        - {holds: {place: tripoli, actor: gnaa}}
        - not: {contested: tripolii}
        - {any: [{meter: leverag, gte: 1}]}
    effects:
      - {end_game: wek}
      - {place: tripolli, holder: lna}
      - chance: 50
        then: [{meter: costt, add: 1}]
        else: [{after: 1, effects: [{if: {seen: visitt}, then: [{meter: x, add: 1}]}]}]
"""
    text = mini_text() + extra
    found = errors_for(content_env, text)
    got = {(p.location, p.message) for p in found if p.is_error}
    want = {
        ("cards[3](probe).place", "unknown place 'benghazi'"),
        ("cards[3](probe).actors[1]", "unknown actor 'haftar'"),
        ("cards[3](probe).when.all[0].seen", "unknown card 'vot' (did you mean 'vote'?)"),
        ("cards[3](probe).when.all[1].chose.option", "card 'vote' has no option 'vet' (did you mean 'veto'?)"),
        ("cards[3](probe).when.all[2].holds.actor", "unknown actor 'gnaa' (did you mean 'gna'?)"),
        ("cards[3](probe).when.all[3].not.contested", "unknown place 'tripolii' (did you mean 'tripoli'?)"),
        ("cards[3](probe).when.all[4].any[0].meter", "unknown meter 'leverag' (did you mean 'leverage'?)"),
        ("cards[3](probe).effects[0].end_game", "unknown ending 'wek' (did you mean 'weak'?)"),
        ("cards[3](probe).effects[1].place", "unknown place 'tripolli' (did you mean 'tripoli'?)"),
        ("cards[3](probe).effects[2].then[0].meter", "unknown meter 'costt' (did you mean 'cost'?)"),
        ("cards[3](probe).effects[2].else[0].effects[0].if.seen", "unknown card 'visitt' (did you mean 'visit'?)"),
        ("cards[3](probe).effects[2].else[0].effects[0].then[0].meter", "unknown meter 'x'"),
    }
    assert got == want
    assert all(p.card == "probe" for p in found if p.is_error)
    vet = next(p for p in found if "'vet'" in p.message)
    assert (vet.line, vet.col) == value_pos(text, "option: vet}", "vet")


def test_chose_an_event_card(content_env):
    text = mini_text().replace("when: {flag: vetoed}", "when: {chose: {card: aftermath, option: x}}")
    p = only(errors_for(content_env, text))
    assert p.message == "card 'aftermath' has no options (it is an event card)"


def test_score_keys_are_meters(content_env):
    text = mini_text().replace("score: {leverage: 1.0", "score: {leverge: 1.0")
    p = only(errors_for(content_env, text))
    assert p.message == "unknown meter 'leverge' (did you mean 'leverage'?)"
    assert (p.line, p.col) == pos(text, "leverge")


@pytest.mark.parametrize("kind,ident,old,new", [
    ("card", "vote", "  - id: visit\n", "  - id: vote\n"),
    ("meter", "leverage", "{id: cost, name: Cost", "{id: leverage, name: Cost"),
    ("actor", "lna", "{id: gna, name: GNA}", "{id: lna, name: GNA}"),
    ("ending", "broke", "{id: strong, title: Strong", "{id: broke, title: Strong"),
])
def test_duplicate_ids_name_the_first(content_env, kind, ident, old, new):
    text = mini_text().replace(old, new)
    p = next(p for p in errors_for(content_env, text) if "duplicate" in p.message)
    first = value_pos(text, f"id: {ident}", ident, 0)
    assert p.message == f"duplicate {kind} id '{ident}' (first at line {first[0]}, column {first[1]})"
    assert (p.line, p.col) == value_pos(text, f"id: {ident}", ident, 1)


def test_duplicate_fact_ids_with_the_fact_base(content_env):
    text = mini_text() + ("facts:\n  - {id: mini-vote, summary: again, source: mini-doc, paragraph: 1}\n")
    p = only(errors_for(content_env, text))
    assert p.message.startswith("fact 'mini-vote' already exists in the fact base (")
    assert "mini-facts.yaml:7:" in p.message


def test_own_facts_can_be_cited_and_need_a_source(content_env):
    text = mini_text().replace("facts: [mini-vote]", "facts: [own-fact]") + (
        "facts:\n  - {id: own-fact, summary: s, source: nowhere, paragraph: 1}\n")
    p = only(errors_for(content_env, text))
    assert p.message == "unknown source 'nowhere'"
    assert p.location == "facts[0].source"
    ok = content_env.write("scenarios/ok.yaml", text.replace("source: nowhere", "source: mini-doc"))
    resolved = resolve(ok)
    assert "own-fact" in resolved.facts and resolved.scenario.facts == []


def test_follow_up_cycle_is_named(content_env):
    text = (mini_text()
            .replace("{follow_up: aftermath, in_turns: 1}", "{follow_up: aftermath, in_turns: 0}")
            .replace("{react: gna, text: Protest", "{follow_up: visit, in_turns: 0}\n      - {react: gna, text: Protest"))
    p = only(errors_for(content_env, text))
    assert p.message.startswith("follow-up cycle: visit -> aftermath -> visit")
    assert p.location == "cards[1](visit).effects[1].follow_up"
    assert (p.line, p.col) == value_pos(text, "{follow_up: aftermath, in_turns: 0}", "aftermath")


def test_follow_up_chains_that_wait_are_fine(content_env):
    text = mini_text().replace("{react: gna, text: Protest", "{follow_up: visit}\n      - {react: gna, text: Protest")
    assert resolve(content_env.write("scenarios/s.yaml", text)).scenario.id == "mini"
    delayed = mini_text().replace(
        "{react: gna, text: Protest",
        "{after: 1, effects: [{follow_up: aftermath, in_turns: 0}]}\n      - {react: gna, text: Protest")
    assert resolve(content_env.write("scenarios/d.yaml", delayed)).scenario.id == "mini"


def test_card_dates_outside_the_span(content_env):
    # span: 2019-04-04 .. 2019-04-04 + 4 * 7 - 1 days = 2019-05-01
    text = mini_text().replace('date: "2019-04-11"', 'date: "2019-05-02"')
    p = only(errors_for(content_env, text))
    assert p.message == ("dated 2019-05-02, after the scenario ends (2019-05-01): change the date or mark the "
                         "card `background: true`")
    text = mini_text().replace('date: "2019-04-08"', 'date: "2019-03"')
    p = only(errors_for(content_env, text))
    assert p.message.startswith("dated 2019-03, before the scenario starts (2019-04-04)")
    background = text.replace("    draw: fixed\n", "    draw: fixed\n    background: true\n")
    assert resolve(content_env.write("scenarios/b.yaml", background))
    month = mini_text().replace('date: "2019-04-08"', 'date: "2019-05"')  # overlaps the span's last day
    assert resolve(content_env.write("scenarios/m.yaml", month))


def test_a_fallback_ending_is_required(content_env):
    text = mini_text().replace("{id: weak, title: Weak, text: t}", "{id: weak, title: Weak, text: t, sudden: true}")
    p = only(errors_for(content_env, text))
    assert p.message.startswith("no fallback ending")
    assert (p.line, p.col) == pos(text, "endings:")


def test_the_fallback_ending_should_be_last(content_env):
    text = mini_text().replace(
        "  - {id: strong, title: Strong, text: t, when: {meter: leverage, gte: 60}}\n"
        "  - {id: weak, title: Weak, text: t}\n",
        "  - {id: weak, title: Weak, text: t}\n"
        "  - {id: strong, title: Strong, text: t, when: {meter: leverage, gte: 60}}\n")
    resolved = resolve(content_env.write("scenarios/s.yaml", text))
    w = only(resolved.warnings, "warning")
    assert w.message.startswith("ending 'strong' is never reached: the fallback ending 'weak'")


def test_warnings_do_not_stop_loading(content_env):
    text = mini_text().replace("when: {flag: vetoed}", "when: {flag: vetod}")
    resolved = resolve(content_env.write("scenarios/s.yaml", text))
    w = only(resolved.warnings, "warning")
    assert w.message == "flag 'vetod' is never set by any card, so this never holds (did you mean 'vetoed'?)"
    assert str(w).endswith(": cards[1](visit).when.flag: " + w.message)


def test_cross_reference_problems_come_with_schema_problems(content_env):
    text = mini_text().replace("good: low", "good: lo").replace("{meter: cost, add: 3}", "{meter: cots, add: 3}")
    found = errors_for(content_env, text)
    assert [p.message.split(" ")[0] for p in found] == ["'lo'", "unknown"]
