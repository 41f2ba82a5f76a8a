// The game's page (templates/app_index.html), beside textual-serve's textual.js.
// Keys reach the game as soon as it shows: textual.js marks the body "-first-byte" when the game's first
// frame arrives; focusing the terminal then tells the game it has the keyboard. (The game starts blurred:
// told earlier, its own start-up blur could come after and leave no widget focused.)
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
    if (body.classList.contains("-first-byte")) {
      focusTerminal();
    } else {
      var watch = new MutationObserver(function () {
        if (body.classList.contains("-first-byte")) { watch.disconnect(); focusTerminal(); }
      });
      watch.observe(body, { attributes: true, attributeFilter: ["class"] });
    }
    document.getElementById("start").addEventListener("click", restart);
    document.getElementById("restart").addEventListener("click", restart);
  });
})();
