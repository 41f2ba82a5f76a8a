"""Rules of the house that a test can hold: the engine stays pure, the start stays light, no unsafe YAML."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"


def imported_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_engine_imports_neither_textual_nor_rich():
    mods = imported_after("import game.engine, game.engine.play, game.engine.explain, game.engine.policies")
    bad = sorted(m for m in mods if m.split(".")[0] in {"textual", "rich", "yaml", "sqlite3"})
    assert bad == []


def test_engine_source_does_no_io():
    forbidden_modules = {"os", "io", "pathlib", "shutil", "subprocess", "socket", "tempfile", "textual", "rich",
                         "yaml", "json", "time"}
    for path in (GAME / "engine").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]}
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"}:
                raise AssertionError(f"{path.name}:{node.lineno}: {node.func.id}() in the engine")
            else:
                continue
            assert not names & forbidden_modules, f"{path.name}:{node.lineno} imports {names & forbidden_modules}"


def test_engine_uses_no_module_level_random():
    for path in (GAME / "engine").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "random":
                assert node.attr == "Random", f"{path.name}:{node.lineno}: random.{node.attr} (use the engine's RNG)"


def test_no_unsafe_yaml_or_eval_anywhere():
    for path in GAME.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("yaml.load(", "yaml.unsafe_load", "yaml.full_load", "UnsafeLoader", "eval(", "exec("):
            assert needle not in text, f"{path.relative_to(GAME.parent)} contains {needle}"


def test_cli_help_does_not_import_heavy_modules():
    mods = imported_after("import game.cli; game.cli.build_parser()")
    heavy = sorted(m for m in mods if m.split(".")[0] in {"textual", "pydantic", "yaml", "rich"})
    assert heavy == []


def test_only_the_command_line_prints():
    """Library code returns results and raises errors; game/cli prints them (the TUI draws)."""
    for path in GAME.rglob("*.py"):
        if path.parent.name == "cli" and path.parent.parent == GAME:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(GAME.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"print", "exit", "quit"}, f"{where}: {node.func.id}() outside game/cli"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys":
                assert node.attr not in {"stdout", "stderr", "exit"}, f"{where}: sys.{node.attr} outside game/cli"
