"""The Footer, recomposed only when the keys it shows change.

Textual's Footer rebuilds all its key widgets whenever the bindings may have changed, which includes every
focus move and every refresh of the bindings. Here it compares what it would show first (each key as the
app displays it, its description and whether it is enabled); the screens hide, through `check_action`,
every key that does nothing where they are, so the footer shows only keys that work.
"""

from __future__ import annotations

from textual.widgets import Footer


class GameFooter(Footer):
    _shown: tuple | None = None  # the keys it last drew

    def bindings_changed(self, screen) -> None:
        app = screen.app
        shown = tuple(
            (binding.key, app.get_key_display(binding), binding.description, enabled)
            for (_node, binding, enabled, _tip) in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        if app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # the Footer redraws now (it waits while the app has no focus)
        super().bindings_changed(screen)
