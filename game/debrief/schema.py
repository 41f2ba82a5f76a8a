"""The debrief as plain data: one save gives a `GameReport` (timeline, meters, ending, notes); several saves
of a scenario a `ClassReport` (endings, choices beside Moscow's, meter trajectories, outliers). The builders
(game.debrief.build) fill them in from game records; the renderers (text, Markdown, HTML, JSON) only lay
them out. `Report.to_json()` is the JSON report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.model.report import JsonReport

REPORT_FORMAT = "kremlins-libya-gambit-debrief"
REPORT_VERSION = 1


# --------------------------------------------------------------------------- one game


@dataclass
class FactRef:
    id: str
    date: str | None
    summary: str
    source_id: str | None = None
    source_title: str | None = None
    paragraph: int | None = None


@dataclass
class CardReport:
    id: str
    title: str
    how: str  # fixed, random, follow_up
    date: str | None
    text: str
    hypothetical: bool
    facts: list[FactRef]


@dataclass
class DecisionReport:
    card_id: str
    card_title: str
    chosen_id: str | None
    chosen_label: str | None
    moscow_id: str | None  # the option marked historical
    moscow_label: str | None
    history: str | None  # the card's own note on what Moscow did
    matches: bool | None  # None when the sources record no historical option
    hypothetical: bool = False


@dataclass
class Note:
    text: str
    at: str


@dataclass
class TurnReport:
    turn: int
    date: str
    in_progress: bool
    cards: list[CardReport]
    decisions: list[DecisionReport]
    consequences: list[str]
    meters_before: dict[str, int]
    meters_after: dict[str, int]
    notes: list[Note] = field(default_factory=list)


@dataclass
class MeterInfo:
    id: str
    name: str
    min: int
    max: int
    good: str  # high, low, neutral
    start: int
    end: int


@dataclass
class EndingReport:
    id: str
    title: str
    text: str
    tone: str
    score: float
    breakdown: list[tuple[str, float]]  # (label, points)


@dataclass
class GameReport:
    label: str
    file: str | None
    player: str | None
    game_id: str
    scenario_id: str
    scenario_title: str
    deck_ids: list[str]
    seed: int
    created: str
    updated: str
    over: bool
    turn: int  # current (or last) turn
    turns_completed: int
    meters: list[MeterInfo]
    series: dict[str, list[int]]  # meter -> [start, end of turn 1, end of turn 2, ...]
    timeline: list[TurnReport]
    ending: EndingReport | None
    agreement: tuple[int, int]  # (decisions matching Moscow's, decisions where Moscow's is recorded)
    fork_of: dict | None = None
    verified: bool = True  # False: told from the file's recorded log, which no longer replays
    verify_note: str = ""


# --------------------------------------------------------------------------- a class


@dataclass
class SaveSummary:
    label: str
    file: str | None
    player: str | None
    game_id: str
    turns_completed: int
    over: bool
    ending_id: str | None
    ending_title: str | None
    score: float | None
    agreement: tuple[int, int]
    final_meters: dict[str, int]
    verified: bool = True
    verify_note: str = ""


@dataclass
class EndingCount:
    id: str | None
    title: str
    tone: str
    count: int
    share: float


@dataclass
class OptionCount:
    id: str | None
    label: str
    historical: bool
    count: int
    who: list[str]


@dataclass
class CardComparison:
    card_id: str
    title: str
    first_turn: int
    answered: int  # how many saves answered it
    options: list[OptionCount]
    moscow_label: str | None
    history: str | None
    hypothetical: bool = False


@dataclass
class MeterTrajectory:
    id: str
    name: str
    min: int
    max: int
    good: str
    mean: list[float | None]  # per turn index (0 = start)
    lo: list[int | None]
    hi: list[int | None]
    per_save: dict[str, list[int]]


@dataclass
class Outlier:
    label: str
    reason: str


@dataclass
class ScoreStats:
    n: int
    mean: float | None
    sd: float | None
    min: float | None
    max: float | None


@dataclass
class ClassReport:
    scenario_id: str
    scenario_title: str
    saves: list[SaveSummary]
    endings: list[EndingCount]
    scores: ScoreStats
    cards: list[CardComparison]
    meters: list[MeterTrajectory]
    outliers: list[Outlier]


@dataclass
class Skipped:
    file: str
    message: str


@dataclass
class Report(JsonReport):
    kind: str  # "game" (one save), "class" (several of one scenario), "classes" (several scenarios)
    title: str
    generated: str
    games: list[GameReport] = field(default_factory=list)
    classes: list[ClassReport] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def to_json(self) -> dict:
        """The report as JSON data, headed by its format (`wargame debrief --format json`)."""
        return {"format": REPORT_FORMAT, "format_version": REPORT_VERSION, **super().to_json()}
