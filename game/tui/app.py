"""`WargameApp`: the Textual app of Kremlin's Libya Gambit.

The app holds the session (saves folder, decks, the game in progress) and moves between screens; the
screens render engine state and send decisions through the game record (game.saves), never computing a
rule themselves. Only the title screen is imported at start; every other screen, and everything that
pulls in pydantic or YAML, is imported when first needed.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterable

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from game.tui.backend import Autosaves
from game.tui.messages import AutosaveFailed, NamedSaved, Notice, Problem, SaveLoaded
from game.tui.screens.base import too_small
from game.tui.screens.title import TitleScreen
from game.tui.themes import DEFAULT_THEME, THEMES, variable_defaults


# Served in a browser (`wargame serve`), the machine's files are the server's, not the player's: the screens
# that browse or open files by path are left out there.
SERVER_FILE_ACTIONS = ("load_deck", "open_class")


class WargameApp(App[int]):
    """Kremlin's Libya Gambit. Every argument is optional:

    scenario   scenario id or path for new games (default: the shipped default scenario)
    seed       seed for the next new game (default: a random one, shown)
    saves_dir  where saves go (default: $WARGAME_SAVES, else ./saves)
    decks      deck files stacked on the scenario, in order
    resolved   already resolved content: start at its briefing (the command line checked it)
    record     a game record to resume at once (`wargame play --from SAVE`)
    replay     a game record to open in the replay viewer (`wargame replay SAVE`)
    classroom  a class pack (game.content.ClassSetup) to start under (`wargame play --class FILE`): new
               games play its content, seed and settings, under the student's name when it asks for one;
               saves go to its folder unless `saves_dir` says otherwise
    """

    TITLE = "Kremlin's Libya Gambit"
    # The title is the default screen, whose own CSS_PATH Textual does not load: load it with the app.
    CSS_PATH = ["app.tcss", "screens/title.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+q", "request_quit", "Quit", priority=True),
        # a reflexive Ctrl+C asks, whatever is unsaved (Ctrl+Q quits at once when nothing is)
        Binding("ctrl+c", "request_quit(True)", "Quit", show=False, priority=True),
    ]
    QUIT_KEYS = frozenset({"ctrl+q", "ctrl+c"})  # the keys that still work under the small-terminal notice
    COLLECTOR_HOLD = 0.25  # seconds after a key before the garbage collector runs again (see _hold_collector)

    def __init__(self, scenario=None, seed: int | None = None, saves_dir=None, decks=(), *, resolved=None,
                 record=None, replay=None, classroom=None):
        super().__init__()
        self.scenario = scenario
        self.seed = seed
        self._saves_dir_given = saves_dir is not None  # a folder named on the command line beats a pack's
        if saves_dir is None:
            from game.paths import default_saves_dir

            saves_dir = default_saves_dir()
        self.saves_dir = Path(saves_dir)
        self._own_saves_dir = self.saves_dir
        self.classroom = None  # the class pack open (game.content.ClassSetup), if any
        self.student: str | None = None  # the name the last student gave
        if classroom is not None:
            self._use_class(classroom)
        self.decks: list[Path] = [Path(d) for d in decks]
        self.record = None  # the game in progress (a game.saves.GameRecord)
        self.autosaves = Autosaves()  # written in threads; whatever lists the saves folder waits for them
        self._collector_holds = 0
        self._autosaved = -1  # len(record.log) at the last autosave asked for
        self._start = ("briefing", resolved) if resolved is not None else ("play", record) if record is not None \
            else ("replay", replay) if replay is not None else ("class", classroom) if classroom is not None \
            else None
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

    # ------------------------------------------------------------------ for tests and tools

    @property
    def screen_name(self) -> str:
        """The class name of the screen showing (a dialog over a screen is the one showing)."""
        return type(self.screen).__name__

    @property
    def state_hash(self) -> str | None:
        """The state hash of the game in progress (None: no game)."""
        return self.record.state_hash if self.record is not None else None

    # ------------------------------------------------------------------ screens

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults(self.current_theme)

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        if self._start is not None:
            kind, value = self._start
            self._start = None
            if kind == "briefing":
                self.show_briefing(value)
            elif kind == "play":
                self.open_record(value)
            elif kind == "class":
                self.action_new_game()
            else:
                self.open_replay(value)

    def show(self, screen: Screen) -> None:
        """Make `screen` the one above the title (the title stays at the bottom of the stack)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def show_error(self, title: str, lines: list[str]) -> None:
        from game.tui.screens.errors import ErrorScreen

        self.push_screen(ErrorScreen(title, lines))

    @on(Problem)
    def _problem(self, message: Problem) -> None:
        self.show_error(message.title, message.lines)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, title=message.title, severity=message.severity, timeout=message.timeout)

    # ------------------------------------------------------------------ games

    def show_briefing(self, resolved, seed: int | None = None) -> None:
        from game.tui.screens.briefing import BriefingScreen

        self.show(BriefingScreen(resolved, seed if seed is not None else self.seed))

    def start_game(self, resolved, seed: int) -> None:
        from game.tui import backend

        if self.classroom is not None:
            record = backend.start_game(resolved, seed, player=self.student, classroom=self.classroom.entry)
        else:
            record = backend.start_game(resolved, seed)
        self.open_record(record)

    # ------------------------------------------------------------------ class packs

    def _use_class(self, setup) -> None:
        self.classroom = setup
        if not self._saves_dir_given:
            self.saves_dir = setup.saves_dir or self._own_saves_dir

    def open_class(self, setup) -> None:
        """Play under a class pack from now on (game.content.ClassSetup): its new-game screen."""
        self._use_class(setup)
        self.student = None
        self.action_new_game()

    def close_class(self) -> None:
        """Back to the shipped scenarios and the usual saves folder."""
        self.classroom = None
        self.student = None
        self.saves_dir = self._own_saves_dir
        self.go_title()

    def open_record(self, record) -> None:
        """Play on from a record: the turn screen, or the end screen when the game is over."""
        self.record = record
        self._autosaved = len(record.log) if record.path is not None else -1
        if record.state.over:
            self.show_end()
        else:
            from game.tui.screens.turn import TurnScreen

            self.show(TurnScreen(record))

    def show_end(self) -> None:
        from game.tui.screens.end import EndScreen

        self.show(EndScreen(self.record))

    def open_replay(self, record) -> None:
        from game.tui.screens.replay import ReplayScreen

        self.show(ReplayScreen(record))

    def open_save(self, path: Path | None, replay: bool = False) -> None:
        """Load a save (None: the latest autosave) in a thread, then resume or replay it."""
        self._load_save(path, replay, self.saves_dir)

    @work(thread=True, exclusive=True, group="open-save")
    def _load_save(self, path: Path | None, replay: bool, saves_dir: Path) -> None:
        from game.tui import backend

        if path is None:
            self.autosaves.wait()  # the turn just played is in the folder before we look
            path = backend.latest_autosave(saves_dir)
            if path is None:
                self.post_message(Notice("No autosave yet: start a new game.", severity="warning"))
                return
        try:
            record = backend.load_game(path)  # reads, checks the hashes, replays: the slow part
        except backend.BadInput as exc:
            self.post_message(Problem(f"Cannot open {Path(path).name}", exc.lines))
            return
        self.post_message(SaveLoaded(record, replay))

    @on(SaveLoaded)
    def _save_loaded(self, message: SaveLoaded) -> None:
        if message.replay:
            self.open_replay(message.record)
        else:
            self.open_record(message.record)

    def autosave(self) -> None:
        """Autosave the game in progress if anything was decided since the last autosave: at the end of
        every turn, and when the player leaves the game. The file is written in a thread, from a snapshot
        of the game (the player plays on meanwhile); a failure is reported, never fatal."""
        record = self.record
        if record is None or len(record.log) == self._autosaved:
            return
        from game.tui import backend

        self._autosaved = len(record.log)
        self._write_autosave(backend.snapshot(record), self.saves_dir, self.autosaves.expect())

    @work(thread=True, group="autosave")
    def _write_autosave(self, snapshot, saves_dir: Path, ticket: int) -> None:
        from game.tui import backend

        try:
            self.autosaves.write(snapshot, saves_dir, ticket)
        except backend.BadInput as exc:
            self.post_message(AutosaveFailed(snapshot.game_id, len(snapshot.log), exc.lines))

    @on(AutosaveFailed)
    def _autosave_failed(self, message: AutosaveFailed) -> None:
        self.notify("Autosave failed: " + "; ".join(message.lines), severity="error", timeout=8)
        record = self.record
        if record is not None and record.game_id == message.game_id and self._autosaved == message.decisions:
            self._autosaved = -1  # nothing newer was asked for: try again at the next chance

    def _keep_what_was_played(self) -> None:
        # Served in a browser, a game ends without Ctrl+Q (the tab closed or sat idle, the server stopped):
        # keep what was decided since the last autosave, written before the process exits.
        record = self.record
        if not self.is_web or record is None or not record.log:
            return
        self.autosaves.wait(10)
        if len(record.log) != self._autosaved:
            from game.tui import backend

            try:
                self.autosaves.write(record, self.saves_dir, self.autosaves.expect())
            except backend.BadInput:
                pass  # nowhere left to report it: the last autosave stands

    async def autosaves_written(self) -> None:
        """Wait until every autosave asked for is written (or has failed)."""
        pending = [w for w in self.workers if w.group == "autosave" and not w.is_finished]
        if pending:  # (an empty list would wait for every worker)
            await self.workers.wait_for_complete(pending)

    def save_named(self, name: str | None, then_quit: bool = False) -> None:
        """Save the game in progress under a name, in a thread, from a snapshot (the player plays on
        meanwhile); a notice says under what name, or why not. With `then_quit`, quit once it is saved."""
        from game.tui import backend

        self._write_named(backend.snapshot(self.record), self.saves_dir, name or None, then_quit)

    @work(thread=True, group="named-save")
    def _write_named(self, snapshot, saves_dir: Path, name: str | None, then_quit: bool) -> None:
        from game.tui import backend

        try:
            backend.save_game(snapshot, saves_dir, name=name)  # (it notes the file on the snapshot)
        except backend.BadInput as exc:
            self.post_message(Notice("Save failed: " + "; ".join(exc.lines), severity="error", timeout=8))
            return
        self.post_message(NamedSaved(snapshot, then_quit))

    @on(NamedSaved)
    def _named_saved(self, message: NamedSaved) -> None:
        saved, record = message.snapshot, self.record
        if record is not None and record.game_id == saved.game_id:
            record.path, record.payload_sha256, record.updated = saved.path, saved.payload_sha256, saved.updated
            # what was played since the snapshot is still unsaved
            record.unsaved_turns = len(record.turns) - len(saved.turns)
            record.dirty = len(record.log) != len(saved.log) or record.annotations != saved.annotations
        self.notify(f"Saved as “{saved.path.stem}” in the saves folder", title="Game saved")
        if message.then_quit:
            self.exit(0)

    def default_save_name(self) -> str:
        """The scenario and the turn the player is on: between turns, the turn just played ("-end-of-turn5")."""
        state = self.record.state
        screen = self.screen
        if getattr(screen, "showing_summary", False):
            return f"{state.rules.id}-end-of-turn{screen.shown_turn}"
        if state.over:
            return f"{state.rules.id}-final"
        return f"{state.rules.id}-turn{state.turn}"

    # ------------------------------------------------------------------ actions

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            # Under the small-terminal notice the game is paused: a key would act on a screen nobody sees
            # (choose an option, open a screen), so only the quit keys get through.
            if too_small(self.size) and event.key not in self.QUIT_KEYS:
                return
            self._hold_collector()
        await super().on_event(event)

    def _hold_collector(self) -> None:
        """Keep Python's cyclic garbage collector out of the way between a key and its frame: a collection
        of the older generations scans every object of the app and the content (50-250 ms on this machine:
        the whole tail of the key-to-frame times). It is switched back on a moment after the last key,
        once the frame is out and the player reads (keys in a burst keep it off until the burst ends)."""
        self._collector_holds += 1
        hold = self._collector_holds
        gc.disable()
        self.set_timer(self.COLLECTOR_HOLD, lambda: self._release_collector(hold))

    def _release_collector(self, hold: int) -> None:
        if hold == self._collector_holds:  # no key since: the frame is long out
            gc.enable()

    def on_unmount(self) -> None:
        gc.enable()  # a hold the app did not live to release
        self._keep_what_was_played()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":  # where a game is on the screen (the turn and end screens say so)
            return self.record is not None and getattr(self.screen, "saves_game", False)
        if action in SERVER_FILE_ACTIONS:
            return not self.is_web
        return True

    def get_key_display(self, binding: Binding) -> str:
        if binding.action == "pick(1)":  # "1-3": the keys of the options on the table
            count = len(getattr(self.screen, "offered_options", list)())
            return "1" if count == 1 else f"1-{count}"
        return super().get_key_display(binding)

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_new_game(self) -> None:
        from game.tui.screens.newgame import ClassGameScreen, NewGameScreen

        self.show(ClassGameScreen() if self.classroom is not None else NewGameScreen())

    def action_load_game(self) -> None:
        from game.tui.screens.load import LoadScreen

        self.show(LoadScreen(replay=False))

    def action_replay_save(self) -> None:
        from game.tui.screens.load import LoadScreen

        self.show(LoadScreen(replay=True))

    def action_open_class(self) -> None:
        if self.is_web:
            return
        from game.tui.screens.classpack import ClassPackScreen

        self.show(ClassPackScreen())

    def action_load_deck(self) -> None:
        if self.is_web:
            return
        from game.tui.screens.decks import DeckScreen

        self.show(DeckScreen())

    def action_continue_game(self) -> None:
        self.open_save(None)  # the latest autosave, found in the thread that loads it

    def action_save(self) -> None:
        if self.record is None:
            self.notify("There is no game to save.", severity="warning")
            return
        from game.tui.screens.dialogs import PromptDialog

        def done(name: str | None) -> None:
            if name is not None:
                self.save_named(name)

        self.push_screen(
            PromptDialog("Save game", "Name of the save (letters, digits, - and _):", self.default_save_name(),
                         ok="Save", max_length=60),
            done,
        )

    async def action_request_quit(self, ask: bool = False) -> None:
        """Quit (Ctrl+Q), asking first when turns are unsaved or when `ask` (Ctrl+C). Under the small-terminal
        notice no dialog could be seen: it quits at once (the game in progress is autosaved first)."""
        self.autosave()  # Continue resumes exactly here, whatever the answer below
        await self.autosaves_written()
        unsaved = self.record.unsaved_turns if self.record is not None else 0
        if too_small(self.size) or not (unsaved or ask):
            self.exit(0)
            return
        from game.tui.screens.dialogs import ConfirmDialog, QuitDialog

        if isinstance(self.screen, (QuitDialog, ConfirmDialog)):
            return
        if not unsaved:
            def confirmed(ok: bool | None) -> None:
                if ok:
                    self.exit(0)

            self.push_screen(ConfirmDialog("Quit?", "Quit Kremlin's Libya Gambit?"
                                           + ("\n\nThe game in progress is autosaved: Continue resumes it."
                                              if self.record is not None else ""), yes="Quit", no="Stay"),
                             confirmed)
            return

        def done(answer: str | None) -> None:
            if answer == "save":
                self.save_named(self.default_save_name(), then_quit=True)  # quits once saved
            elif answer == "quit":
                self.exit(0)

        self.push_screen(QuitDialog(unsaved), done)

    def action_toggle_dark(self) -> None:
        self.theme = "desert" if self.current_theme.dark else DEFAULT_THEME

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Choose a scenario and start a new game", self.action_new_game)
        yield SystemCommand("Continue", "Resume the latest autosave", self.action_continue_game)
        yield SystemCommand("Load game", "Resume a saved game", self.action_load_game)
        if self.record is not None:
            yield SystemCommand("Save game", "Save the game in progress under a name (Ctrl+S)", self.action_save)
            yield SystemCommand("Replay this game", "Open the game in progress in the replay viewer",
                                lambda: self.open_replay(self.record))
        yield SystemCommand("Replay a save", "Step through a saved game turn by turn", self.action_replay_save)
        if not self.is_web:
            yield SystemCommand("Load a custom deck", "Stack an instructor's deck on the scenario",
                                self.action_load_deck)
            yield SystemCommand("Open a class pack", "Play a class's scenario, decks and settings",
                                self.action_open_class)
        yield SystemCommand("How to play", "Rules, keys, meters and sources (F1)", self.action_help)
        yield SystemCommand("Title screen", "Back to the title screen", self.go_title)
        yield SystemCommand("Light or dark", "Switch between the desert (light) and kremlin (dark) themes",
                            self.action_toggle_dark)
        yield from super().get_system_commands(screen)
