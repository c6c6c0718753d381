// Light/dark: CSS follows the system until the reader presses the toggle; the choice is kept in localStorage.
(function () {
  "use strict";
  var KEY = "theme";
  var root = document.documentElement;
  var media = window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(choice) {
    if (choice === "light" || choice === "dark") root.setAttribute("data-theme", choice);
    else root.removeAttribute("data-theme");
    var button = document.querySelector(".theme-toggle");
    if (button) button.setAttribute("aria-pressed", String(current() === "dark"));
  }
  function current() {
    return root.getAttribute("data-theme") || (media.matches ? "dark" : "light");
  }

  apply(stored());
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: this page only */ }
    apply(next);
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) apply(event.newValue);
  });
})();
