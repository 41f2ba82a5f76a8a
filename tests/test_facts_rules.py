"""`wargame validate` on graded records, marked options, named advisers and outside sources, with the
purpose-made files of tests/data/facts (each deck there breaks one rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS
from game.content import ContentError, clear_caches, load_embedded, resolve, validate_paths
from test_content_support import pos

DATA = Path(__file__).parent / "data" / "facts"
DECKS = DATA / "decks"


@pytest.fixture
def facts_env(monkeypatch):
    """Data folders pointing at tests/data/facts (its scenario, decks and fact base)."""
    from game import paths

    monkeypatch.setattr(paths, "scenarios_dir", lambda: DATA / "scenarios")
    monkeypatch.setattr(paths, "decks_dir", lambda: DECKS)
    monkeypatch.setattr(paths, "seeds_dir", lambda: DATA / "seeds")
    monkeypatch.setattr(paths, "user_decks_dir", lambda: DATA / "no-user-decks")
    clear_caches()
    yield DATA
    clear_caches()


def problems(path: Path) -> list:
    return validate_paths([path])


def at(path: Path, needle: str, offset: int = 0, nth: int = 0) -> tuple[int, int]:
    """(line, column) of `needle` in the file, moved `offset` columns right."""
    line, col = pos(path.read_text(encoding="utf-8"), needle, nth)
    return line, col + offset


def test_the_base_scenario_uses_every_form_and_is_clean(facts_env):
    assert problems(DATA / "scenarios" / "facts-base.yaml") == []
    resolved = resolve("facts-base")
    cards = {c.id: c for c in resolved.scenario.cards}
    assert cards["vote"].record.record == "documented" and cards["vote"].moscow_option.id == "block"
    assert cards["talks"].record.record == "inferred" and cards["talks"].moscow_option.id == "keep"
    assert cards["visit"].record.record == "not-recorded" and cards["visit"].moscow_option is None
    assert cards["legacy"].record.record == "not-recorded"  # plain text still reads
    # the record's, the advisers' and the places' facts travel with the content (a save needs them)
    assert {"doc-vote", "doc-analyst", "doc-talks", "doc-capital", "news-port"} <= set(resolved.facts)
    assert resolved.sources["news"].outside is True


@pytest.mark.parametrize("deck,needle,offset,location,words", [
    ("two-marked.yaml", "historical: true", 12, "cards[0](probe).options[1].historical",
     "options 'first' and 'second' are both marked as what Moscow did"),
    ("marked-not-recorded.yaml", "historical: true", 12, "cards[0](probe).options[0].historical",
     "but the record says it is not recorded"),
    ("marked-plain-history.yaml", "historical: true", 12, "cards[0](probe).options[0].historical",
     "`history` is plain text, which reads as not recorded"),
    ("marked-no-history.yaml", "historical: true", 12, "cards[0](probe).options[0].historical",
     "but the card has no `history`"),
    ("marked-what-if.yaml", "historical: true", 12, "cards[0](probe).options[0].historical",
     "on a what-if card (`hypothetical: true`)"),
    ("named-no-fact.yaml", "who:", 5, "cards[0](probe).options[0].advisers[0].who",
     "names Anna Petrova, a person of the fact base"),
    ("named-wrong-fact.yaml", "fact: doc-other", 6, "cards[0](probe).options[0].advisers[0].fact",
     "fact 'doc-other' does not name Anna Petrova"),
    ("documented-outside.yaml", "facts: [news-port]}", 7, "cards[0](probe).history.facts",
     "outside knowledge (a source with `outside: true`) never documents what Moscow did"),
])
def test_each_broken_deck_is_refused_where_it_breaks(facts_env, deck, needle, offset, location, words):
    path = DECKS / deck
    errors = [p for p in problems(path) if p.is_error]
    assert len(errors) == 1, "\n".join(map(str, errors))
    (p,) = errors
    assert p.location == location and words in p.message, p
    nth = 1 if deck == "two-marked.yaml" else 0  # the second of the two marks
    assert (p.line, p.col) == at(path, needle, offset, nth)
    assert p.path.endswith(deck)


def test_a_what_if_with_a_graded_record_is_also_warned(facts_env):
    found = problems(DECKS / "marked-what-if.yaml")
    (warning,) = [p for p in found if not p.is_error]
    assert warning.location == "cards[0](probe).history.record"
    assert "an inferred record of what Moscow did" in warning.message


def test_messages_say_what_to_do(facts_env):
    by_deck = {d: [p.message for p in problems(DECKS / d) if p.is_error][0] for d in (
        "marked-not-recorded.yaml", "named-no-fact.yaml", "documented-outside.yaml")}
    assert "drop `historical: true`, or grade the record documented" in by_deck["marked-not-recorded.yaml"]
    assert "cite the fact the line quotes or paraphrases (`fact: ...`" in by_deck["named-no-fact.yaml"]
    assert "or make the adviser a role" in by_deck["named-no-fact.yaml"]
    assert "grade the record `inferred` and say how" in by_deck["documented-outside.yaml"]


def test_unknown_facts_in_records_advisers_and_places(facts_env):
    path = DECKS / "unknown-facts.yaml"
    got = {(p.location, p.message, (p.line, p.col)) for p in problems(path)}
    assert got == {
        ("places[0].facts[0]", "unknown fact 'doc-capitol' (did you mean 'doc-capital'?)",
         at(path, "doc-capitol")),
        ("cards[0](probe).history.facts[0]", "unknown fact 'doc-vot' (did you mean 'doc-vote'?)",
         at(path, "doc-vot]")),
        ("cards[0](probe).options[0].advisers[0].fact", "unknown fact 'doc-talk' (did you mean 'doc-talks'?)",
         at(path, "doc-talk,")),
    }


def test_sources_out_of_the_players_sight_are_warned_and_strict_refuses(facts_env, capsys):
    path = DECKS / "record-not-on-card.yaml"
    found = problems(path)
    assert all(not p.is_error for p in found) and len(found) == 2
    assert {p.location for p in found} == {"cards[0](probe).history.facts[0]",
                                           "cards[0](probe).options[0].advisers[0].fact"}
    assert main(["validate", str(path)]) == EXIT_OK
    assert main(["validate", "--strict", str(path)]) == EXIT_PROBLEMS
    capsys.readouterr()


def test_schema_grades_records(facts_env):
    path = DECKS / "schema-records.yaml"
    got = {(p.location, p.message) for p in problems(path)}
    assert got == {
        ("cards[0](no-facts).history", "a documented record cites the facts that state the act: add "
                                       "`facts: [...]`"),
        ("cards[1](no-how).history", "an inferred record says how the documents imply it: add `how: ...`"),
        ("cards[2](stray-how).history", "`how` belongs to an inferred record, not a not-recorded one: drop it "
                                        "or grade the record `inferred`"),
        ("cards[3](bad-grade).history.record", "'probable' is not allowed: use 'documented', 'inferred' or "
                                               "'not-recorded'"),
    }


def test_the_fact_base_rules(facts_env):
    path = DATA / "bad-facts.yaml"
    got = {(p.location, p.message, (p.line, p.col)) for p in problems(path)}
    assert got == {
        ("sources[0]", "an outside source says what it is, who published it and when: add `form`, "
                       "`publisher`, `published`", at(path, "id: rumour")),
        ("facts[0].source", "fact 'memo-line' stands on the document 'memo' but gives no `paragraph`: add the "
                            "paragraph it comes from (only an outside source, `outside: true`, or a source with a `url` may "
                            "go without)",
         at(path, "source: memo", 8)),
    }


def test_the_command_prints_file_line_column(facts_env, capsys):
    path = DECKS / "two-marked.yaml"
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    line, col = at(path, "historical: true", 12, nth=1)
    assert code == EXIT_PROBLEMS
    assert f"two-marked.yaml:{line}:{col}: cards[0](probe).options[1].historical: options 'first'" in out
    assert "1 error(s)" in err


def test_resolve_refuses_the_broken_decks(facts_env):
    for deck in ("two-marked.yaml", "marked-not-recorded.yaml", "named-no-fact.yaml"):
        with pytest.raises(ContentError):
            resolve("facts-base", decks=[DECKS / deck])


def test_an_older_save_with_a_plain_history_still_opens(facts_env):
    """Content embedded in a save before records were graded: the rules come back as warnings."""
    embedded = resolve("facts-base").embedded
    old = dict(embedded, scenario=dict(embedded["scenario"]))
    cards = [dict(c) for c in old["scenario"]["cards"]]
    cards[0]["history"] = "East blocked the vote."  # a marked option on a plain history
    old["scenario"]["cards"] = cards
    resolved = load_embedded(old)
    assert resolved.scenario.cards[0].moscow_option is None  # not graded: it does not count as Moscow's
    warnings = [p for p in resolved.warnings if "plain text" in p.message]
    assert len(warnings) == 1 and warnings[0].location == "scenario.cards[0](vote).options[0].historical"
