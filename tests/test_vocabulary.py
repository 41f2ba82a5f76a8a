"""The vocabulary, once: each effect and condition kind is declared in game.model.vocabulary, and every
concern that must understand it is reached from there (game.engine.vocabulary's registry, the walkers,
the guide's tables)."""

from __future__ import annotations

import ast
import inspect
from datetime import date
from pathlib import Path
from typing import get_args

import pytest
import yaml
from pydantic import TypeAdapter

from factories import scenario_dict
from game.content import guide
from game.content import resolve
from game.content.lint import Analysis
from game.engine import compile_rules
from game.engine import vocabulary as ev
from game.engine.rules import Rules, turn_of
from game.model import content as m
from game.model import vocabulary as mv

GAME = Path(__file__).resolve().parent.parent / "game"
EFFECTS = TypeAdapter(m.Effect)
CONDITIONS = TypeAdapter(m.Condition)
ALL_KINDS = (*mv.EFFECT_KINDS, *mv.CONDITION_KINDS)


def union_members(union) -> list[type]:
    """The model classes of a tagged union, in order."""
    members = get_args(get_args(union)[0])
    return [get_args(member)[0] for member in members]


# --------------------------------------------------------------------------- the registry


def test_the_unions_are_the_declared_lists_in_order():
    assert union_members(m.Effect) == list(mv.EFFECT_KINDS)
    assert union_members(m.Condition) == list(mv.CONDITION_KINDS)
    assert list(m.EFFECT_KEYS) == [k.key for k in mv.EFFECT_KINDS]
    assert list(m.CONDITION_KEYS) == [k.key for k in mv.CONDITION_KINDS]


def test_every_kind_has_exactly_one_complete_entry():
    assert set(ev.KINDS) == set(union_members(m.Effect)) | set(union_members(m.Condition))
    for model, entry in ev.KINDS.items():
        expected = ev.EffectKind if model in mv.EFFECT_KINDS else ev.ConditionKind
        assert isinstance(entry, expected), f"{model.__name__}'s entry is not a {expected.__name__}"
        assert not inspect.isabstract(type(entry)), f"{type(entry).__name__} lacks {type(entry).__abstractmethods__}"
        assert entry.model is model


def test_an_entry_lacking_a_method_cannot_be_registered():
    class Spend(mv.Kind):
        key = "spend"
        spend: str

    class SpendRules(ev.EffectKind):  # no sketch
        def compile(self, e, c):
            return lambda w, cause: None

        def words(self, e, w):
            return None

        def summarise(self, e, s, a, ctx):
            pass

    with pytest.raises(TypeError, match="abstract"):
        ev.registers(Spend)(SpendRules)
    assert Spend not in ev.KINDS


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(TypeError, match="registered twice"):
        ev.registers(m.MeterEffect)(ev.MeterEffectKind)
    assert type(ev.KINDS[m.MeterEffect]) is ev.MeterEffectKind


def test_nothing_outside_the_two_vocabulary_modules_names_a_kind():
    """No isinstance ladders over kinds: the other modules dispatch through the registry and walkers."""
    names = {k.__name__ for k in ALL_KINDS}
    own = {GAME / "model" / "vocabulary.py", GAME / "engine" / "vocabulary.py"}
    for path in sorted(GAME.rglob("*.py")):
        if path in own:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            used = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            assert used not in names, f"{path.relative_to(GAME.parent)}:{node.lineno} names {used}"


# --------------------------------------------------------------------------- the declarations


def _holds_kinds(annotation) -> set[str]:
    """The families ("effect", "condition") of the kinds an annotation can hold."""
    found = set()
    stack = [annotation]
    while stack:
        t = stack.pop()
        if t in mv.EFFECT_KINDS:
            found.add("effect")
        elif t in mv.CONDITION_KINDS:
            found.add("condition")
        stack.extend(get_args(t))
    return found


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.__name__)
def test_nested_declarations_name_every_nesting_field(kind):
    declared = {n.key: ("effect" if n.holds == "effects" else "condition") for n in kind.nested}
    actual = {}
    for name, f in kind.model_fields.items():
        families = _holds_kinds(f.annotation)
        if families:
            (family,) = families
            actual[f.alias or name] = family
    assert declared == actual


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.__name__)
def test_each_guide_example_is_valid_and_of_its_kind(kind):
    if kind in mv.EFFECT_KINDS:
        items = yaml.safe_load(kind.guide.example)
        assert isinstance(items, list) and items
        models = [EFFECTS.validate_python(x) for x in items]
    else:
        models = [CONDITIONS.validate_python(yaml.safe_load(kind.guide.example))]
    assert all(type(x) is kind for x in models)
    # and every reference it declares is found there, with its value at its path
    refs = [r for x in models for r in mv.references(x)]
    assert {r.path for r in refs} == {r.path for r in kind.refs}
    for r in mv.references(models[0]):
        value = models[0].model_dump(by_alias=True)
        for key in r.path:
            value = value[key]
        assert r.value == value


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.__name__)
def test_each_kind_is_explained_in_the_guide(kind):
    assert mv.describe(kind) and kind.guide.name and kind.guide.keys
    assert kind.key in kind.guide.keys or kind.guide.keys.startswith(f"`{{{kind.key}:")


# --------------------------------------------------------------------------- the walkers

RAW = {
    "if": {"all": [{"flag": "armed"}, {"not": {"chose": {"card": "vote", "option": "veto"}}}, "junk", {"nokey": 1}]},
    "then": [
        {"after": 2, "effects": [{"follow_up": "news", "in_turns": 0}, {"chance": 30, "then": [
            {"react": "gna", "text": "t", "effects": [{"meter": "cost", "add": 1}]}]}]},
        {"place": "tripoli", "holder": "lna"},
        {"follow_up": "arms"},
    ],
    "else": [{"set_flag": "armed"}, {"clear_flag": "armed"}, {"end_game": "weak"}, {"turn": {"from": 2}}],
}
VALID = {**RAW, "if": {"all": [{"flag": "armed"}, {"not": {"chose": {"card": "vote", "option": "veto"}}},
                               {"turn": {"from": 2}}]},
         "else": RAW["else"][:3]}


def test_references_walk_plain_data_and_models_alike():
    plain = mv.references(VALID, "effect", deep=True)
    model = mv.references(EFFECTS.validate_python(VALID), deep=True)
    assert plain == model
    assert [(r.to, r.value, r.path, r.role, r.later) for r in plain] == [
        ("flag", "armed", ("if", "all", 0, "flag"), "test", False),
        ("card", "vote", ("if", "all", 1, "not", "chose", "card"), "test", False),
        ("option", "veto", ("if", "all", 1, "not", "chose", "option"), "test", False),
        ("turn", 2, ("if", "all", 2, "turn", "from"), "start", False),
        ("card", "news", ("then", 0, "effects", 0, "follow_up"), "queue", True),
        ("actor", "gna", ("then", 0, "effects", 1, "then", 0, "react"), "name", True),
        ("meter", "cost", ("then", 0, "effects", 1, "then", 0, "effects", 0, "meter"), "change", True),
        ("place", "tripoli", ("then", 1, "place"), "change", False),
        ("actor", "lna", ("then", 1, "holder"), "give", False),
        ("card", "arms", ("then", 2, "follow_up"), "queue", False),
        ("flag", "armed", ("else", 0, "set_flag"), "set", False),
        ("flag", "armed", ("else", 1, "clear_flag"), "clear", False),
        ("ending", "weak", ("else", 2, "end_game"), "end", False),
    ]
    option = plain[2]
    assert option.card == "vote"
    assert [r.delay for r in plain if r.role == "queue"] == [0, 1]  # given, and the model's default


def test_walkers_skip_what_is_not_content_in_plain_data():
    kids = mv.children(RAW["if"], "condition")
    assert [c.path for c in kids] == [("all", 0), ("all", 1)]  # "junk" and {"nokey": 1} are the schema's
    assert mv.children(RAW["else"][3], "effect") == []  # a condition where an effect belongs
    assert mv.references({"meter": ["not", "an", "id"]}, "effect")[0].value == ["not", "an", "id"]
    assert mv.references("junk", "effect") == [] and list(mv.walk(None)) == []


def test_walk_visits_every_node_depth_first():
    model = EFFECTS.validate_python(VALID)
    seen = [(c.path, type(c.node).__name__, c.later) for c in mv.walk(model)]
    assert seen[:3] == [((), "IfEffect", False), (("if",), "AllCondition", False),
                        (("if", "all", 0), "FlagCondition", False)]
    assert (("then", 0, "effects", 1, "then", 0), "ReactEffect", True) in seen
    assert [p for p, *_ in seen] == [c.path for c in mv.walk(VALID, "effect")]


# --------------------------------------------------------------------------- the turn of a date


@pytest.mark.parametrize("iso,turn", [("2019-04-01", 1), ("2019-04-04", 1), ("2019-04-10", 1), ("2019-04-11", 2),
                                      ("2019-05", 4), ("2018", 1), ("2020", 39), ("2019-06-30", 13)])
def test_turn_of_is_one_rule(iso, turn):
    start = date(2019, 4, 4)
    assert turn_of(start, 7, iso) == turn
    rules = compile_rules(m.Scenario.model_validate(scenario_dict()))
    assert rules.start == start and rules.turn_days == 7
    assert Rules.turn_of(rules, iso) == turn


@pytest.mark.parametrize("scenario", ["tripoli-2019", "partnership-2016"])
def test_lint_and_the_engine_agree_on_card_windows(scenario):
    resolved = resolve(scenario)
    compiled = {cid: (c.first, c.last) for cid, c in resolved.rules.cards.items()}
    assert Analysis(resolved.scenario).windows == compiled
    assert any(c.date and c.turns is None and compiled[c.id][0] > 1 for c in resolved.scenario.cards)


# --------------------------------------------------------------------------- the guide


def test_the_guide_lists_the_declared_effects_and_conditions():
    text = guide.GUIDE.read_text(encoding="utf-8")
    assert guide.render(text) == text, (
        "docs/authoring.md's tables of effects and conditions differ from game/model/vocabulary.py: "
        f"regenerate them with `{guide.COMMAND}`")
    for kind in ALL_KINDS:
        assert f"| {kind.guide.name} | {kind.guide.keys} | {mv.describe(kind)} |" in text


def test_the_guide_command_checks_and_regenerates(tmp_path):
    path = tmp_path / "authoring.md"
    stale = guide.GUIDE.read_text(encoding="utf-8").replace("| reaction |", "| reacts |")
    path.write_text(stale, encoding="utf-8")
    with pytest.raises(SystemExit) as failed:
        guide.main(["--check", str(path)])
    assert str(failed.value.code).endswith("authoring.md is out of date: run python -m game.content.guide")
    assert path.read_text(encoding="utf-8") == stale
    guide.main([str(path)])
    guide.main(["--check", str(path)])
    assert path.read_text(encoding="utf-8") == guide.GUIDE.read_text(encoding="utf-8")
    assert guide.is_current(path) and not guide.regenerate(path)
    path.write_text("# no tables\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no generated effects table"):
        guide.main(["--check", str(path)])
    with pytest.raises(SystemExit, match="No such file"):
        guide.main([str(tmp_path / "missing.md")])
