// The game's page (templates/app_index.html), beside textual-serve's textual.js.
// Keys reach the game as soon as it is connected: textual.js marks the body "-loaded" when the websocket
// opens; focusing the terminal then tells the game it has the keyboard (the app starts blurred).
(function () {
  function focusTerminal() {
    var input = document.querySelector("#terminal .xterm-helper-textarea");
    if (input) { input.focus(); }
  }
  function restart() {
    var params = new URLSearchParams(window.location.search);
    params.delete("delay");
    var query = params.toString();
    window.location.href = window.location.pathname + (query ? "?" + query : "");
  }
  window.addEventListener("load", function () {
    var body = document.body;
    if (body.classList.contains("-loaded")) {
      focusTerminal();
    } else {
      var watch = new MutationObserver(function () {
        if (body.classList.contains("-loaded")) { watch.disconnect(); focusTerminal(); }
      });
      watch.observe(body, { attributes: true, attributeFilter: ["class"] });
    }
    document.getElementById("start").addEventListener("click", restart);
    document.getElementById("restart").addEventListener("click", restart);
  });
})();
