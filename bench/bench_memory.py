"""Peak memory of one complete game (content loaded, played through GameRecord as the UI plays, saved),
measured as the peak resident set size of a fresh process. Prints `name: value unit` lines."""

from __future__ import annotations

import subprocess
import sys
import tempfile

GAME = """
import resource, sys, tempfile
from pathlib import Path
from game.content import resolve
from game.saves import GameRecord, save_game
from game.engine import legal_decisions
record = GameRecord.start(resolve("tripoli-2019"), 7)
while not record.state.over:
    record.apply(legal_decisions(record.state)[-1])
save_game(record, Path(sys.argv[1]), name="bench")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run([sys.executable, "-c", GAME, folder], capture_output=True, text=True, check=True)
    peak_kib = int(out.stdout.split()[-1])
    print(f"memory_peak_full_game: {peak_kib / 1024:.1f} MB (tripoli-2019, played and saved; target < 150 MB)")
    base = subprocess.run([sys.executable, "-c", "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
                          capture_output=True, text=True, check=True)
    print(f"memory_bare_python: {int(base.stdout) / 1024:.1f} MB")


if __name__ == "__main__":
    main()
