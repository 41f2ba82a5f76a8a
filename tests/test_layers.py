"""The floors hold: the import-linter `layers` contract in pyproject.toml passes on the code as it is, and
it would catch an import that runs back up a floor (so `pytest` alone catches one, not only .ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    beside = Path(sys.executable).with_name("lint-imports")  # this environment's, before any on PATH
    exe = str(beside) if beside.exists() else shutil.which("lint-imports") or "lint-imports"
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([exe, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_layers_contract_is_kept():
    out = lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 kept, 0 broken" in out.stdout


def test_an_import_back_up_a_floor_breaks_the_contract(tmp_path):
    """A copy of the package in which the engine imports the content loader: the same contract fails and
    names the import."""
    shutil.copytree(ROOT / "game", tmp_path / "game", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    policies = tmp_path / "game" / "engine" / "policies.py"
    policies.write_text(policies.read_text(encoding="utf-8") + "\nfrom game.content import resolve  # noqa\n",
                        encoding="utf-8")
    out = lint_imports(tmp_path, pythonpath=tmp_path)
    assert out.returncode != 0
    assert "game.engine is not allowed to import game.content" in out.stdout
    assert "game.engine.policies -> game.content" in out.stdout
