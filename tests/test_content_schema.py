"""Schema problems: pydantic's errors mapped to file:line:col, plain words, did-you-mean hints."""

from __future__ import annotations

import pytest

from game.content import ContentError, Problem, load_document
from game.content.documents import parse_document, strip_tags
from game.model.content import Scenario
from test_content_support import dump, factory_yaml, mini_text, only, pos
from factories import scenario_dict


def problems(text: str) -> list[Problem]:
    return parse_document(text, "s.yaml").problems


def test_valid_documents_have_models():
    doc = parse_document(mini_text(), "mini.yaml")
    assert doc.problems == [] and doc.kind == "scenario" and doc.model.id == "mini"
    assert parse_document(factory_yaml(), "f.yaml").model.id == "test"


def test_problem_str_format():
    p = Problem("deck.yaml", 12, 7, "cards[3](unsc-vote).options[1].effects[0].add", "expected a whole number")
    assert str(p) == "deck.yaml:12:7: cards[3](unsc-vote).options[1].effects[0].add: expected a whole number"
    assert str(Problem("d.yaml", 0, 0, "", "no such file")) == "d.yaml: no such file"
    assert str(Problem("d.yaml", 1, 2, "x", "m", "warning")) == "d.yaml:1:2: x: m"


def test_unknown_key_with_did_you_mean():
    text = mini_text().replace("    title: A vote", "    titel: A vote")
    found = problems(text)
    unknown = next(p for p in found if "unknown key" in p.message)
    assert (unknown.line, unknown.col) == pos(text, "titel")
    assert unknown.location == "cards[0](vote).titel"
    assert unknown.message == "unknown key 'titel' (did you mean 'title'?)"
    assert unknown.card == "vote"
    missing = next(p for p in found if "missing" in p.message)
    assert missing.message == "missing required key 'title'"
    assert missing.location == "cards[0](vote).title"
    assert (missing.line, missing.col) == pos(text, "id: vote")  # the card's mapping


def test_unknown_key_inside_an_effect_uses_the_effect_fields():
    text = mini_text().replace("{meter: leverage, add: 10}", "{meter: leverage, ad: 10}")
    found = problems(text)
    p = next(p for p in found if "unknown key" in p.message)
    assert p.message == "unknown key 'ad' (did you mean 'add'?)"
    assert p.location == "cards[0](vote).options[0].effects[0].ad"  # no union tag in the location
    assert (p.line, p.col) == pos(text, "ad: 10")
    assert any(q.message == "give exactly one of 'add' or 'set'" for q in found) is False  # not both


def test_unknown_effect_kind_gets_the_model_message_and_a_hint():
    text = mini_text().replace("{meter: cost, add: 3}", "{meters: cost, add: 3}")
    p = only(problems(text))
    assert p.message.startswith("not an effect: it needs one of the keys meter, set_flag")
    assert p.message.endswith("'meters' is not one (did you mean 'meter'?)")
    assert p.location == "cards[1](visit).effects[0]"
    assert (p.line, p.col) == pos(text, "{meters")


def test_unknown_condition_kind():
    text = mini_text().replace("when: {flag: vetoed}", "when: {flagg: vetoed}")
    p = only(problems(text))
    assert p.message.startswith("not a condition: it needs one of the keys all, any, not")
    assert "did you mean 'flag'" in p.message
    assert p.location == "cards[1](visit).when"


def test_wrong_types_read_plainly():
    text = mini_text().replace("{meter: leverage, add: 10}", "{meter: leverage, add: ten}")
    p = only(problems(text))
    assert p.message == "expected a whole number, got 'ten'"
    assert p.location == "cards[0](vote).options[0].effects[0].add"
    line, col = pos(text, "add: ten")
    assert (p.line, p.col) == (line, col + len("add: "))


def test_numbers_where_text_is_wanted_get_a_quote_hint():
    text = mini_text().replace("label: Veto", "label: 1.10")
    p = only(problems(text))
    assert p.message == "expected text, got the number 1.1 (quote it: unquoted 1.10 is the number 1.1)"
    assert (p.line, p.col) == pos(text, "1.10")
    text = mini_text().replace("label: Veto", "label: 2019")
    assert only(problems(text)).message == "expected text, got the number 2019 (quote it: '2019')"


def test_unquoted_year_as_date():
    text = mini_text().replace('date: "2019-04-08"', "date: 2019", 1)
    p = only(problems(text))
    assert p.location == "cards[0](vote).date"
    assert p.message == "expected text, got the number 2019 (quote it: '2019')"


def test_yaml11_boolean_is_reported_once():
    text = mini_text().replace("historical: true", "historical: yes")
    p = only(problems(text))
    assert p.message.startswith("YAML 1.1 reads `yes` as true")
    assert (p.line, p.col) == pos(text, "yes")


def test_bad_ids_suggest_a_valid_one():
    text = mini_text().replace("id: vote", "id: Vote Card")
    found = problems(text)
    p = next(p for p in found if p.location.endswith(".id"))
    assert p.message.startswith("'Vote Card' is not a valid id: ids are 1-64 lowercase letters")
    assert p.message.endswith("(did you mean 'vote-card'?)")


def test_literal_choices_with_did_you_mean():
    text = mini_text().replace("good: low", "good: lo")
    p = only(problems(text))
    assert p.message == "'lo' is not allowed: use 'high', 'low' or 'neutral' (did you mean 'low'?)"
    assert p.location == "meters[1].good"


def test_model_rules_read_plainly():
    text = mini_text().replace("{meter: cost, add: 3}", "{meter: cost, add: 3, set: 4}")
    p = only(problems(text))
    assert p.message == "give exactly one of 'add' or 'set'"
    assert p.location == "cards[1](visit).effects[0]"


def test_ranges_and_lengths():
    text = mini_text().replace("turns: 4", "turns: 0")
    assert only(problems(text)).message == "must be at least 1, not 0"
    text = mini_text().replace("title: Mini scenario", 'title: ""')
    assert only(problems(text)).message == "must not be empty"
    text = mini_text().replace("sources: [mini-doc]\n", "").replace("meters:\n", "meters: []\nold_meters:\n")
    found = problems(text)
    assert any(p.location == "meters" and p.message == "needs at least 1 item" for p in found)


def test_dict_key_errors_point_at_the_key():
    text = mini_text().replace("score: {leverage: 1.0", "score: {Leverage: 1.0")
    p = only(problems(text))
    assert (p.line, p.col) == pos(text, "Leverage: 1.0")
    assert p.location == "score.Leverage"


def test_nested_condition_locations_skip_union_tags():
    d = scenario_dict()
    d["endings"][0]["when"] = {"not": {"flag": 3}}
    text = dump(d)
    p = only(problems(text))
    assert p.location == "endings[0].when.not.flag"
    assert p.message == "expected text, got the number 3 (quote it: '3')"
    line, col = pos(text, "flag: 3")
    assert (p.line, p.col) == (line, col + len("flag: "))


def test_strip_tags_keeps_keys_that_look_like_tags():
    # a card's `place` is a real key even though `place` is also an effect tag
    path, owner, _ = strip_tags(Scenario, ("cards", 2, "place"))
    assert path == ("cards", 2, "place")
    path, owner, _ = strip_tags(Scenario, ("cards", 0, "options", 0, "effects", 0, "meter", "meter"))
    assert path == ("cards", 0, "options", 0, "effects", 0, "meter")
    path, owner, _ = strip_tags(Scenario, ("endings", 0, "when", "not", "not", "flag", "flag"))
    assert path == ("endings", 0, "when", "not", "flag")


def test_all_problems_at_once_in_file_order():
    text = (mini_text()
            .replace("    title: A vote", "    titel: A vote")
            .replace("historical: true", "historical: yes")
            .replace("{meter: leverage, add: 10}", "{meter: leverage, add: ten}")
            .replace("good: low", "good: lo")
            .replace("{meter: cost, add: 3}", "{meters: cost, add: 3}"))
    found = problems(text)
    # YAML-level problems first, then the schema's in file order
    assert found[0].message.startswith("YAML 1.1 reads `yes`")
    schema = found[1:]
    assert [(p.line, p.col) for p in schema] == sorted((p.line, p.col) for p in schema)
    assert len(found) == 6  # yes; lo; missing title; titel; ten; meters


def test_kind_is_required_and_checked():
    assert only(problems("id: x\n")).message.startswith("missing required key 'kind'")
    p = only(problems("kind: senario\nid: x\n"))
    assert p.message == "unknown kind 'senario' (did you mean 'scenario'?): kind is scenario, deck, facts or class"
    assert (p.line, p.col) == (1, 7)
    assert only(problems("- a\n- b\n")).message.startswith("expected a mapping at the top of the file")
    assert only(problems("kind: [scenario]\n")).message.startswith("unknown kind a list")


def test_load_document_raises_with_every_problem(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(mini_text().replace("good: low", "good: lo").replace("turns: 4", "turns: 0"))
    with pytest.raises(ContentError) as info:
        load_document(path)
    assert len(info.value.problems) == 2
    assert all(p.path.endswith("s.yaml") for p in info.value.problems)
    assert str(info.value).count("\n") == 1


def test_load_document_returns_each_kind(tmp_path):
    from test_content_support import DATA

    assert load_document(DATA / "scenarios" / "mini.yaml").id == "mini"
    assert load_document(DATA / "decks" / "mini-extra.yaml").extends == "mini"
    assert load_document(DATA / "seeds" / "mini-facts.yaml").facts[0].id == "mini-vote"


def test_problem_count_is_capped():
    cards = "\n".join(f"  - {{id: c{i}, title: T, text: t, weight: -1}}" for i in range(300))
    text = mini_text().split("cards:\n")[0] + "cards:\n" + cards + "\n"
    found = problems(text)
    assert len(found) == 201
    assert found[-1].message == "... and 100 more problems (fix these first)"
