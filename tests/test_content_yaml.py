"""The safe YAML pipeline (game.content.yamlsafe): size cap, event scan, plain data, YAML 1.1 surprises."""

from __future__ import annotations

import codecs

import pytest

from game.content import ContentError
from game.content.documents import parse_document, read_document
from game.content.locate import lookup
from game.content.yamlsafe import parse_text, read_text
from test_content_support import DATA, pos


def refused(text: str) -> list:
    with pytest.raises(ContentError) as info:
        parse_text(text, "f.yaml")
    return info.value.problems


def soft(text: str) -> list:
    return parse_text(text, "f.yaml").problems


# --------------------------------------------------------------------------- scalars


def test_core_schema_scalars():
    data = parse_text(
        "a: 1\nb: -2.5\nc: true\nd: False\ne: null\nf: ~\ng:\nh: 2019-04-08\ni: '7'\nj: 1:20\nk: 0x1F\n"
        "l: 1e3\nm: .inf\nn: text\n",
        "f.yaml",
    ).data
    assert data == {
        "a": 1, "b": -2.5, "c": True, "d": False, "e": None, "f": None, "g": None,
        "h": "2019-04-08",  # no implicit timestamps
        "i": "7", "j": "1:20", "k": 31, "l": 1000.0, "m": ".inf", "n": "text",
    }


def test_dates_stay_strings_in_every_form():
    data = parse_text("d: [2019-04-08, 2019-04-08T10:00:00Z, 2019-04]\n", "f.yaml").data
    assert data == {"d": ["2019-04-08", "2019-04-08T10:00:00Z", "2019-04"]}


def test_keys_are_always_text():
    data = parse_text("1: a\ntrue: b\non: c\nnull: d\n", "f.yaml").data
    assert data == {"1": "a", "true": "b", "on": "c", "null": "d"}


@pytest.mark.parametrize("word,reading", [("NO", "false"), ("yes", "true"), ("On", "true"), ("off", "false"),
                                           ("y", "true"), ("N", "false")])
def test_yaml11_booleans_are_errors(word, reading):
    text = f"kind: deck\nflag: {word}\n"
    (problem,) = soft(text)
    assert (problem[1], problem[2]) == pos(text, word, 0 if word not in "kind: deck" else 1)
    assert problem[3] == f"YAML 1.1 reads `{word}` as {reading}: write true/false, or quote it if you mean text"


def test_quoted_yaml11_words_are_text():
    assert parse_text("a: 'NO'\nb: \"yes\"\n", "f.yaml").data == {"a": "NO", "b": "yes"}
    assert soft("a: 'NO'\n") == []


def test_leading_zero_numbers_are_errors():
    ((loc, line, col, message),) = soft("a: 010\n")
    assert (loc, line, col) == (("a",), 1, 4)
    assert "octal number 8" in message and "YAML 1.2 as 10" in message


def test_huge_numbers_are_refused_not_converted():
    ((_, _, _, message),) = soft("a: " + "9" * 5000 + "\n")
    assert "far too large" in message
    ((_, _, _, message),) = soft("a: 1e999\n")
    assert "far too large" in message


def test_positions_are_one_based_for_keys_and_values():
    doc = parse_document("kind: scenario\ncards:\n  - id: x\n    title:  T\n", "f.yaml")
    assert doc._where(("cards", 0, "title")) [:2] == (4, 13)
    assert doc._where(("cards", 0, "title"), key=True)[:2] == (4, 5)
    assert doc._where(("cards", 0))[:2] == (3, 5)


# --------------------------------------------------------------------------- refused documents


def test_anchors_and_aliases_are_refused():
    text = "a: &base {x: 1}\nb: *base\n"
    problems = refused(text)
    assert [(p.line, p.col, p.location, p.message) for p in problems] == [
        (1, 4, "a", "anchors (&base) are not allowed: write the content out in full"),
        (2, 4, "b", "aliases (*base) are not allowed: write the content out in full"),
    ]


def test_merge_keys_are_refused_with_their_alias():
    problems = refused("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert any("aliases (*b)" in p.message and (p.line, p.col) == (3, 7) for p in problems)


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!str", "!foo", "!!binary", "!"])
def test_every_tag_is_refused(tag):
    text = f"a: {tag} x\n"
    (problem,) = refused(text)
    assert (problem.line, problem.col) == (1, 4)
    assert "tags" in problem.message and "not allowed" in problem.message


def test_tags_on_collections_are_refused():
    (problem,) = refused("a: !!python/object/apply:os.system [ls]\n")
    assert "!!python/object/apply:os.system" in problem.message


def test_alias_bomb_is_refused_without_expanding():
    doc = read_document(DATA / "alias-bomb.yaml")
    assert doc.model is None and doc.raw is None
    messages = [p.message for p in doc.problems]
    # one problem per anchor and one per alias name: the nine-level bomb is never expanded
    assert len(messages) == 17
    assert messages[2] == "aliases (*a) are not allowed: write the content out in full (used 9 times; the first is here)"


def test_several_documents_are_refused():
    (problem,) = refused("a: 1\n---\nb: 2\n")
    assert (problem.line, problem.col) == (2, 1)
    assert "a second YAML document" in problem.message


def test_a_leading_document_marker_is_fine():
    assert parse_text("---\na: 1\n", "f.yaml").data == {"a": 1}


def test_excessive_nesting_is_refused():
    text = "a: " + "[" * 70 + "]" * 70 + "\n"
    (problem,) = refused(text)
    assert problem.message == "nested more than 64 levels deep"
    assert (problem.line, problem.col) == (1, 4 + 63)


def test_duplicate_keys_name_both_positions():
    text = "kind: deck\nid: a\ntitle: T\nid: b\n"
    (problem,) = soft(text)
    loc, line, col, message = problem
    assert (line, col) == (4, 1)
    assert message == "duplicate key 'id' (first at line 2, column 1)"
    assert parse_text(text, "f.yaml").data["id"] == "a"


def test_duplicate_keys_with_collection_values():
    text = "a:\n  x: 1\na:\n  - 2\nb: 3\n"
    parsed = parse_text(text, "f.yaml")
    assert parsed.data == {"a": {"x": 1}, "b": 3}
    assert [p[1:3] for p in parsed.problems] == [(3, 1)]


@pytest.mark.parametrize("text", [
    "kind: deck\nid: a\ntitle: T\nid: b\n",                     # a duplicate key (needs the first's position)
    "a:\n  x: 1\na:\n  - 2\nb: 3\n",                          # a duplicate whose value is a collection
    "a: yes\nb: [010, 1.10]\nc: {d: NO}\n",                    # YAML 1.1 readings: soft problems
    "a: &x [1]\nb: *x\nc: !!str 3\n",                          # anchors, aliases, tags: refused
    "a: [1, 2\nb: 3\n",                                        # a syntax error
    "cards:\n  - id: one\n    n: 3\n  - id: two\n    n: 4.5\n",  # nothing to report
])
def test_one_builder_with_or_without_positions(text):
    """The same data and problems whether positions are kept or not (only the marks differ)."""
    def outcome(positions: bool):
        try:
            parsed = parse_text(text, "f.yaml", positions=positions)
        except ContentError as exc:
            return "refused", exc.problems
        return parsed.data, parsed.problems, parsed.root

    assert outcome(False) == outcome(True)


def test_positions_are_kept_only_when_asked_for():
    text = "cards:\n  - id: one\n    n: 3\n"
    assert parse_text(text, "f.yaml", positions=False).marks == {}
    parsed = parse_text(text, "f.yaml", positions=True)
    assert lookup(parsed.marks, parsed.data, parsed.root, ("cards", 0, "n")) == (3, 8, "3")


def test_syntax_errors_have_positions():
    (problem,) = refused("a: [1, 2\nb: 3\n")
    assert problem.message.startswith("YAML syntax:")
    assert problem.line >= 1


def test_tabs_get_a_plain_explanation():
    (problem,) = refused("a:\n\tb: 1\n")
    assert (problem.line, problem.col) == (2, 1)
    assert problem.message == "YAML syntax: a tab character: YAML indents with spaces only"


def test_control_characters_are_refused():
    (problem,) = refused("a: b\nc: d\x07e\n")
    assert (problem.line, problem.col) == (2, 5)
    assert "U+0007" in problem.message


def test_empty_files_are_refused():
    assert refused("")[0].message == "the file is empty"
    assert refused("# only a comment\n")[0].message == "the file is empty"


def test_complex_keys_are_refused():
    (problem,) = refused("? [a, b]\n: 1\n")
    assert problem.message == "a mapping or list cannot be used as a key"


# --------------------------------------------------------------------------- reading files


def test_size_cap_is_checked_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: [" + b"1," * (3 * 1024 * 1024) + b"1]\n")  # 6 MB
    with pytest.raises(ContentError) as info:
        read_text(big)
    (problem,) = info.value.problems
    assert "over the 5 MB (5,242,880 bytes) limit" in problem.message
    small = tmp_path / "small.yaml"
    small.write_text("a: 12345\n")
    with pytest.raises(ContentError, match="limit"):
        read_text(small, max_bytes=4)


def test_folders_and_missing_files_are_refused(tmp_path):
    for target, message in ((tmp_path, "this is a folder, not a YAML file"), (tmp_path / "nope.yaml", "no such file")):
        doc = read_document(target)
        assert [p.message for p in doc.problems] == [message]


def test_unreadable_files_are_refused(tmp_path, monkeypatch):
    import game.content.yamlsafe as yamlsafe

    path = tmp_path / "locked.yaml"
    path.write_text("a: 1\n")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(yamlsafe, "open", denied, raising=False)  # root could read a chmod 0 file
    (problem,) = read_document(path).problems
    assert problem.message == "cannot read it: Permission denied"


def test_invalid_utf8_gives_line_and_column(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("kind: deck\ntitle: Caf\xe9\n".encode("latin-1"))
    (problem,) = read_document(path).problems
    assert (problem.line, problem.col) == (2, 11)
    assert problem.message == "not valid UTF-8 (byte 0xe9): save the file as UTF-8"


@pytest.mark.parametrize("bom,name", [(codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
                                      (codecs.BOM_UTF32_LE, "UTF-32")])
def test_utf16_and_utf32_are_refused(tmp_path, bom, name):
    path = tmp_path / "wide.yaml"
    path.write_bytes(bom + "a: 1\n".encode("utf-16-le"))
    (problem,) = read_document(path).problems
    assert problem.message == f"the file is saved as {name}: save it as UTF-8"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + "a: 1\n".encode())
    assert read_text(path) == "a: 1\n"


def test_non_ascii_columns_count_characters():
    text = "kind: deck\ntitle: «Ливия»\nid: Bad Id\n"
    doc = parse_document(text, "f.yaml")
    problem = next(p for p in doc.problems if p.location == "id")
    assert (problem.line, problem.col) == pos(text, "Bad Id")
