"""The models of graded records, outside sources and advisers citing facts, and the display forms of
sources (game.model.citing) that screens and reports use instead of ids."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from game.model.citing import cite, cite_many, grade_label, is_outside, readable_date, source_name
from game.model.content import Card, Fact, HistoryRecord, Source


def card(history=None, marks=("a",)) -> Card:
    options = [{"id": o, "label": o.upper(), "historical": o in marks} for o in ("a", "b")]
    data = {"id": "c", "title": "C", "text": "t", "options": options}
    if history is not None:
        data["history"] = history
    return Card.model_validate(data)


@pytest.mark.parametrize("record,words", [
    ({"record": "documented", "text": "t"}, "a documented record cites the facts"),
    ({"record": "inferred", "text": "t", "facts": ["f"]}, "an inferred record says how"),
    ({"record": "inferred", "text": "t", "how": "  "}, "an inferred record says how"),
    ({"record": "documented", "text": "t", "facts": ["f"], "how": "h"}, "`how` belongs to an inferred record"),
    ({"record": "maybe", "text": "t"}, "record"),
    ({"record": "documented", "text": "", "facts": ["f"]}, "text"),
])
def test_a_record_is_graded_or_refused(record, words):
    with pytest.raises(ValidationError) as info:
        HistoryRecord.model_validate(record)
    assert words in str(info.value)


def test_the_card_reads_its_record_three_ways():
    documented = card({"record": "documented", "text": "Done.", "facts": ["f"]})
    assert documented.history == "Done." and documented.record.record == "documented"
    assert documented.moscow_option.id == "a"
    inferred = card({"record": "inferred", "text": "Likely.", "how": "From f."})
    assert inferred.moscow_option.id == "a" and inferred.record.how == "From f."
    not_recorded = card({"record": "not-recorded", "text": "Unknown."})
    assert not_recorded.moscow_option is None  # a mark there never counts as Moscow's
    plain = card("Older text.")
    assert plain.history == "Older text." and plain.record.record == "not-recorded"
    assert plain.moscow_option is None
    bare = card(None, marks=())
    assert bare.history is None and bare.record is None and bare.moscow_option is None


def test_a_history_is_a_record_or_text():
    with pytest.raises(ValidationError) as info:
        card(7)
    assert "a history is a graded record" in str(info.value)


def test_a_plain_history_is_kept_as_written():
    """Older saves embed plain text: it must dump back unchanged, or their content hash would change."""
    dumped = card("Older text.").model_dump(mode="json", by_alias=True, exclude_none=True)
    assert dumped["history"] == "Older text."
    graded = card({"record": "inferred", "text": "Likely.", "how": "From f."})
    assert graded.model_dump(mode="json", by_alias=True, exclude_none=True)["history"] == {
        "record": "inferred", "text": "Likely.", "facts": [], "how": "From f."}


def test_new_fields_leave_older_content_unchanged():
    from game.model.content import Place

    place = Place(id="p", name="P", x=1, y=1, holder="a")
    assert "facts" not in place.model_dump(exclude_none=True)
    assert "outside" not in Source(id="s", title="S").model_dump(exclude_none=True)


def test_an_outside_source_says_what_it_is_who_and_when():
    with pytest.raises(ValidationError) as info:
        Source(id="s", title="S", outside=True, publisher="UN")
    assert "add `form`, `published`" in str(info.value)
    ok = Source(id="s", title="S", outside=True, publisher="UN", published="2016-12-18", form="press release",
                url="https://example.org/x")
    assert ok.outside
    with pytest.raises(ValidationError):
        Source(id="s", title="S", url="not a url")


SOURCES = {
    "ramani": Source(id="ramani", title="Untitled analysis", author="Samuel Ramani"),
    "article": Source(id="article", title="Russia-Libya Cooperation and Counter-Terrorism"),
    "un": Source(id="un", title="A statement", publisher="UNSMIL", published="2016-12-18",
                 form="UN press release", outside=True),
}


@pytest.mark.parametrize("source,paragraph,shown", [
    ("ramani", 5, "Ramani, ¶5"),
    ("article", 16, "Russia-Libya Cooperation and Counter-Terrorism, ¶16"),
    ("article", None, "Russia-Libya Cooperation and Counter-Terrorism"),
    ("un", None, "outside the documents: UNSMIL, UN press release, 18 December 2016"),
    ("missing", 3, "a source not in this content"),
])
def test_a_fact_is_cited_as_a_reader_would(source, paragraph, shown):
    fact = Fact(id="some-fact-id", summary="s", source=source, paragraph=paragraph)
    assert cite(fact, SOURCES) == shown
    assert "some-fact-id" not in cite(fact, SOURCES)
    assert is_outside(fact, SOURCES) == (source == "un")


def test_small_forms():
    assert source_name(SOURCES["ramani"]) == "Ramani"
    assert [readable_date(d) for d in ("2016-12-18", "2019-03", "2015", None, "2019-13")] == \
        ["18 December 2016", "March 2019", "2015", "", "2019-13"]
    assert grade_label(HistoryRecord(record="not-recorded", text="t")) == "not recorded"
    assert grade_label(HistoryRecord(record="inferred", text="t", how="h")) == "inferred"
    assert grade_label(None) == "not recorded"


def test_several_facts_are_cited_together_by_source():
    facts = {
        "a": Fact(id="a", summary="s", source="ramani", paragraph=1),
        "b": Fact(id="b", summary="s", source="ramani", paragraph=8),
        "c": Fact(id="c", summary="s", source="ramani", paragraph=1),
        "d": Fact(id="d", summary="s", source="un"),
        "e": Fact(id="e", summary="s", source="article", paragraph=2),
    }
    assert cite_many(["a", "b", "c", "d", "e", "missing"], facts, SOURCES) == (
        "Ramani, ¶1, ¶8; outside the documents: UNSMIL, UN press release, 18 December 2016; "
        "Russia-Libya Cooperation and Counter-Terrorism, ¶2")
    assert cite_many([], facts, SOURCES) == ""


def test_what_moscow_did_is_one_graded_line_for_screens_and_reports():
    from game.content import resolve
    from game.model.citing import moscow_did

    r = resolve("tripoli-2019")
    cards = {c.id: c for c in r.scenario.cards}
    line = moscow_did(cards["unsc-draft"], r.facts, r.sources)
    assert line.startswith(cards["unsc-draft"].moscow_option.label + " (documented: Ramani, ¶")
    inferred = next(c for c in r.scenario.cards if c.moscow_option is not None and c.record.record == "inferred")
    assert moscow_did(inferred, r.facts, r.sources).startswith(inferred.moscow_option.label + " (inferred: ")
    unmarked = next(c for c in r.scenario.cards if c.options and c.moscow_option is None and c.history)
    assert moscow_did(unmarked, r.facts, r.sources) == " ".join(unmarked.history.split())
    assert not any("r19-" in moscow_did(c, r.facts, r.sources) for c in r.scenario.cards if c.options)
