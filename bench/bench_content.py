"""Content loading benchmarks (not a test): prints `name: value unit` lines.

    python bench/bench_content.py

content_load_shipped: every shipped scenario resolved cold (YAML, schema, cross-references, hash).
content_load_10k_cards: the default scenario with a generated 10,000-card deck, resolved cold.
Targets (brief): under 0.2 s and under 3 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game import paths  # noqa: E402
from game.content import DEFAULT_SCENARIO, clear_caches, resolve  # noqa: E402


def big_deck(n: int, scenario) -> str:
    """A deck of n decision cards shaped like the shipped ones, only shorter (10,000 of them must fit the
    5 MB cap: about 500 bytes and 75 YAML events a card; a shipped card is 1.8 KB and 150 events). No option
    is marked as what Moscow did: a marker needs a graded history record, which would not fit the cap."""
    meters = [m.id for m in scenario.meters]
    m1, m2 = meters[0], meters[1 % len(meters)]
    cited = next((c.facts[0] for c in scenario.cards if c.facts), None)
    facts = f"\n    facts: [{cited}]" if cited else ""
    out = ["kind: deck", "id: bench-10k", "title: Generated benchmark deck", f"extends: {scenario.id}", "cards:"]
    for i in range(n):
        out.append(
            f"""  - id: gen-{i}
    title: Card {i}{facts}
    text: Card {i}. Moscow must answer the news from Libya; each answer costs.
    options:
      - id: act
        label: Act now
        effects:
          - {{meter: {m1}, add: 3}}
          - chance: 40
            then: [{{set_flag: flag-{i % 50}}}]
            else: [{{meter: {m2}, add: -2}}]
      - id: wait
        label: Wait
        effects:
          - {{after: 2, effects: [{{meter: {m2}, add: 1}}]}}"""
        )
    return "\n".join(out) + "\n"


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): CPU time stays honest when other work shares the cores."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    scenarios = sorted(paths.scenarios_dir().glob("*.yaml"))
    clear_caches()
    wall, cpu = timed(lambda: [resolve(p) for p in scenarios])
    print(f"content_load_shipped: {wall:.3f} s  ({len(scenarios)} scenarios, cold)")
    print(f"content_load_shipped_cpu: {cpu:.3f} s")

    clear_caches()
    base = resolve(DEFAULT_SCENARIO).scenario
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "bench-10k.yaml"
        deck.write_text(big_deck(10_000, base), encoding="utf-8")
        size = deck.stat().st_size
        clear_caches()
        holder = []
        wall, cpu = timed(lambda: holder.append(resolve(DEFAULT_SCENARIO, decks=[deck])))
        resolved = holder[0]
        hash_wall, _ = timed(lambda: resolved.content_hash)
        rules_wall, _ = timed(lambda: resolved.rules)
    print(f"content_load_10k_cards: {wall:.3f} s  ({size / 1e6:.2f} MB, {len(resolved.scenario.cards)} cards)")
    print(f"content_load_10k_cards_cpu: {cpu:.3f} s")
    print(f"content_hash_10k_cards: {hash_wall:.3f} s  (embedded dump and SHA-256, done on first use)")
    print(f"content_compile_rules_10k_cards: {rules_wall:.3f} s")


if __name__ == "__main__":
    main()
