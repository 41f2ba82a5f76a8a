"""The debrief as plain data: one save gives a `GameReport` (timeline, meters, ending, notes); several saves
of a scenario a `ClassReport` (endings, choices beside Moscow's, meter trajectories, outliers). The builders
(game.debrief.build) fill them in from game records; the renderers (text, Markdown, HTML, JSON) only lay
them out. `Report.to_json()` is the JSON report.

With `--what-if`, a game also carries `what_if` (every decision's options, valued by simulated
continuations: game.debrief.whatif) and its `turning_points`; a class carries `what_if` (each card's options
valued over the positions the students met it in, and each student's turning points).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.model.report import JsonReport

REPORT_FORMAT = "kremlins-libya-gambit-debrief"
REPORT_VERSION = 1


# --------------------------------------------------------------------------- one game


@dataclass
class FactRef:
    id: str  # for machines (JSON); people are shown `cite`
    date: str | None
    summary: str
    source_id: str | None = None
    source_title: str | None = None
    paragraph: int | None = None
    cite: str = ""  # "Ramani, ¶5"; "outside the documents: UNSMIL, UN press release, 18 December 2016"
    outside: bool = False

    @property
    def shown(self) -> str:
        """How a reader sees the citation: never the internal id."""
        return self.cite or self.source_title or "(a fact not in this save's fact base)"


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
    moscow_id: str | None  # the option marked as what Moscow did (documented or inferred records only)
    moscow_label: str | None
    history: str | None  # the card's own note on what Moscow did
    matches: bool | None  # None when the documents record no choice of Moscow's on this card
    hypothetical: bool = False
    moscow_grade: str | None = None  # "documented" or "inferred" when an option is marked
    moscow_text: str = "not recorded in the sources"  # game.model.citing.moscow_did: graded, with sources
    # where the decision stands in the game's decision log (record.log[index]): what an analysis of the
    # decision (a what-if from the game as it stood) starts from, and keys its result by
    index: int = -1


@dataclass
class Agreement:
    """How far a game's decisions matched what Moscow did, over the decisions whose card marks an option."""

    matched: int = 0  # decisions that took the marked option
    marked: int = 0  # decisions on cards with a marked option
    documented: int = 0  # of `marked`, records a fact states
    inferred: int = 0  # of `marked`, records the documents imply
    not_recorded: int = 0  # decisions on cards where the documents record no choice

    def sentence(self) -> str:
        """'3 of 7 decisions matched what Moscow did (5 documented, 2 inferred); 9 not recorded'."""
        if not self.marked and not self.not_recorded:
            return ""
        grades = ", ".join(f"{n} {w}" for n, w in ((self.documented, "documented"), (self.inferred, "inferred")) if n)
        head = (f"{self.matched} of {self.marked} decisions matched what Moscow did ({grades})" if self.marked
                else "no decision met a record of what Moscow did")
        if self.not_recorded:
            verb = "was" if self.not_recorded == 1 else "were"
            head += (f"; {self.not_recorded} other decision{'s' if self.not_recorded != 1 else ''} {verb} on cards where "
                     "the documents do not record Moscow's choice")
        return head

    def short(self) -> str:
        """'3/7' for tables, '—' when nothing is marked."""
        return f"{self.matched}/{self.marked}" if self.marked else "—"


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
class ClassroomInfo:
    """The class pack a game was played under."""

    id: str
    title: str
    settings: list[str]  # in words (game.model.classroom.ClassSettings.describe)


# --------------------------------------------------------------------------- what-if (game.debrief.whatif)


@dataclass
class OptionValue:
    """One option of a decision, valued by `rollouts` continuations from the position the decision was taken
    in: the option applied with fresh chance, the rest of the game played by the continuation policy."""

    id: str | None
    label: str
    mean_score: float  # mean final score (ending bonus included)
    se: float  # standard error of that mean
    best_ending_share: float  # share of continuations reaching a best ending (the highest bonus)
    ending_shares: dict[str, float]  # ending id -> share of continuations ("(none)": cut off, a card loop)
    chosen: bool = False
    best: bool = False  # the highest mean score of the decision's options


@dataclass
class DecisionValue:
    """The what-if analysis of one decision with two or more legal options."""

    index: int  # its place in the game's decision log (DecisionReport.index)
    turn: int
    card_id: str
    card_title: str
    chosen_id: str | None
    chosen_label: str | None
    best_id: str | None
    best_label: str | None
    options: list[OptionValue]
    spread: float  # best option's mean score minus the worst's: how far this choice could move the outcome
    noise: float  # two standard errors of the paired difference best - worst: a spread below it is noise
    regret: float  # best option's mean score minus the chosen one's (0 when the chosen one is best)
    regret_noise: float  # two standard errors of the paired difference best - chosen
    significant: bool  # spread > noise: the choice demonstrably moved the outcome
    turning_point: bool = False  # among the game's largest significant spreads (whatif.TURNING_POINTS)
    moscow_id: str | None = None  # the option marked as what Moscow did (None: unmarked, or not shown yet)
    moscow_text: str | None = None  # game.model.citing.moscow_did; None while the class pack hides it

    @property
    def chose_best(self) -> bool:
        """The chosen option is the best, or within the noise of it."""
        return self.regret <= self.regret_noise


@dataclass
class GameWhatIf:
    """Every decision of one game valued by simulated continuations (not what would have happened)."""

    policy: str  # the continuation policy: "search" (the search player's rollout policy) or "random"
    rollouts: int  # continuations per option
    seed: int  # the analysis's seed (the game's own by default; never the game's stream of chance)
    best_endings: list[str]
    ending_titles: dict[str, str]  # every ending of the scenario, in its order
    decisions: list[DecisionValue]
    note: str = ""  # why the game was not analysed


@dataclass
class GameReport:
    label: str
    file: str | None
    player: str | None  # the student, when `classroom` is set
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
    agreement: Agreement
    fork_of: dict | None = None
    verified: bool = True  # False: told from the file's recorded log, which no longer replays
    verify_note: str = ""
    classroom: ClassroomInfo | None = None
    what_if: GameWhatIf | None = None  # with --what-if
    turning_points: list[DecisionValue] | None = None  # with --what-if: the marked decisions, largest first

    @property
    def who(self) -> str:
        """What the report calls the one who played: 'Student' in a class, else 'Player'."""
        return "Student" if self.classroom is not None else "Player"


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
    agreement: Agreement
    final_meters: dict[str, int]
    verified: bool = True
    verify_note: str = ""
    fork_of: dict | None = None  # a what-if game forked from another


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
    moscow_grade: str | None = None


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
class OptionSummary:
    """One option of a card over the positions the class met the card in (each analysed from its own
    student's game)."""

    id: str | None
    label: str
    historical: bool  # what Moscow did
    chosen: int  # decisions (among the analysed ones) that took it
    positions: int  # analysed positions where it was legal
    mean_score: float | None  # mean over those positions of its estimated mean score
    behind_best: float | None  # mean over those positions of (best option's estimate - its estimate)
    best_at: int  # positions where it was the best option
    best_ending_share: float | None  # mean over those positions


@dataclass
class CardValues:
    card_id: str
    title: str
    positions: int  # analysed decisions on the card (a what-if game counts from its fork)
    spread: float  # mean over the positions of the decision's spread
    options: list[OptionSummary]


@dataclass
class StudentTurningPoints:
    label: str
    player: str | None
    turning_points: list[DecisionValue]
    note: str = ""


@dataclass
class ClassWhatIf:
    policy: str
    rollouts: int
    cards: list[CardValues]
    turning_points: list[StudentTurningPoints]


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
    classroom: ClassroomInfo | None = None  # the class pack every game was played under, if they share one
    what_if: ClassWhatIf | None = None  # with --what-if

    @property
    def who(self) -> str:
        return "Student" if self.classroom is not None else "Player"


@dataclass
class Skipped:
    file: str
    message: str


@dataclass
class Superseded:
    """A save left out because a later save of the same game stands for it."""

    file: str
    kept: str


@dataclass
class Report(JsonReport):
    kind: str  # "game" (one save), "class" (several of one scenario), "classes" (several scenarios)
    title: str
    generated: str
    games: list[GameReport] = field(default_factory=list)
    classes: list[ClassReport] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)

    def to_json(self) -> dict:
        """The report as JSON data, headed by its format (`wargame debrief --format json`)."""
        return {"format": REPORT_FORMAT, "format_version": REPORT_VERSION, **super().to_json()}
