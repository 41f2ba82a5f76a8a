"""Small scenarios built in Python for engine tests (the YAML path is tested on its own)."""

from __future__ import annotations

from pathlib import Path

import yaml

from game.engine import compile_rules
from game.model.content import Scenario


def scenario_dict(**overrides) -> dict:
    base = {
        "kind": "scenario",
        "id": "test",
        "title": "Test scenario",
        "summary": "A tiny scenario for tests.",
        "start": "2019-04-04",
        "turn_days": 7,
        "turns": 6,
        "draws_per_turn": 1,
        "briefing": "Brief.",
        "meters": [
            {"id": "leverage", "name": "Leverage", "description": "d", "start": 50},
            {"id": "cost", "name": "Cost", "description": "d", "start": 10, "good": "low"},
        ],
        "actors": [
            {"id": "lna", "name": "LNA"},
            {"id": "gna", "name": "GNA"},
        ],
        "places": [
            {"id": "tripoli", "name": "Tripoli", "x": 10, "y": 2, "holder": "gna"},
            {"id": "benghazi", "name": "Benghazi", "x": 40, "y": 3, "holder": "lna"},
        ],
        "endings": [
            {"id": "broke", "title": "Broke", "text": "t", "sudden": True, "when": {"meter": "cost", "gte": 90}},
            {"id": "strong", "title": "Strong", "text": "t", "when": {"meter": "leverage", "gte": 60}},
            {"id": "weak", "title": "Weak", "text": "t"},
        ],
        "score": {"leverage": 1.0, "cost": -0.5},
        "cards": [
            {
                "id": "vote",
                "title": "A vote",
                "date": "2019-04-08",
                "draw": "fixed",
                "text": "t",
                # a marked option needs a documented or inferred record (game.content.facts_rules)
                "history": {"record": "inferred", "text": "t", "how": "test"},
                "options": [
                    {"id": "veto", "label": "Veto", "historical": True, "effects": [
                        {"meter": "leverage", "add": 10},
                        {"after": 2, "label": "pressure", "effects": [{"meter": "cost", "add": 5}]},
                    ]},
                    {"id": "abstain", "label": "Abstain", "effects": [
                        {"chance": 50, "label": "coin", "then": [{"set_flag": "lucky"}],
                         "else": [{"meter": "leverage", "add": -5}]},
                    ]},
                ],
            },
            {"id": "news", "title": "News", "text": "t", "effects": [{"meter": "cost", "add": 3}]},
            {"id": "arms", "title": "Arms", "text": "t", "options": [
                {"id": "send", "label": "Send", "effects": [
                    {"meter": "cost", "add": 20},
                    {"place": "tripoli", "contested": True},
                    {"follow_up": "exposed", "in_turns": 1},
                ]},
                {"id": "hold", "label": "Hold", "effects": []},
            ]},
            {"id": "exposed", "title": "Exposed", "text": "t", "draw": "follow_up",
             "effects": [{"react": "gna", "text": "Protest", "effects": [{"meter": "leverage", "add": -3}]}]},
        ],
    }
    base.update(overrides)
    return base


def rules(**overrides):
    return compile_rules(Scenario.model_validate(scenario_dict(**overrides)), content_hash="test")


MECHANICS = Path(__file__).parent / "data" / "content" / "scenarios" / "mechanics.yaml"


def mechanics_scenario(**overrides) -> Scenario:
    """The scenario that uses every mechanic of strategic depth (tests/data/content/scenarios/mechanics.yaml),
    as a model (the engine's tests need no fact base)."""
    data = yaml.safe_load(MECHANICS.read_text(encoding="utf-8"))
    data.update(overrides)
    return Scenario.model_validate(data)


def mechanics_rules(**overrides):
    return compile_rules(mechanics_scenario(**overrides), content_hash="mechanics")
