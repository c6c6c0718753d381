// Light/dark and the web font. Loaded with defer from <head>; no inline script (the CSP forbids them).
(function () {
  "use strict";
  var root = document.documentElement;
  var script = document.currentScript;

  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }

  // --- light/dark: CSS follows the system until the reader presses the toggle; the choice is remembered ---
  var THEME = "theme";
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  function current() {
    return root.getAttribute("data-theme") || (media.matches ? "dark" : "light");
  }
  function apply(choice) {
    if (choice === "light" || choice === "dark") root.setAttribute("data-theme", choice);
    else root.removeAttribute("data-theme");
    var button = document.querySelector(".theme-toggle");
    if (button) button.setAttribute("aria-pressed", String(current() === "dark"));
  }
  apply(read(THEME));
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      write(THEME, next);
      apply(next);
    });
  }
  window.addEventListener("storage", function (event) {
    if (event.key === THEME) apply(event.newValue);
  });

  // --- Pretendard: used from the first paint once cached; on a first visit fetched once the page has
  // loaded and the reader scrolls (or after 5 s), for the characters on it: never delays or shifts the text ---
  var FONT = "webfont";
  var fontCss = script && script.getAttribute("data-fonts");
  if (!fontCss || !document.fonts) return;
  function addFontCss(onload) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = fontCss;
    if (onload) link.addEventListener("load", onload);
    document.head.appendChild(link);
  }
  if (read(FONT)) {
    addFontCss();
    root.classList.add("webfont");
    return;
  }
  // Not during page load: decoding the fonts would hold up the main thread while the reader waits for the page.
  var started = false;
  function warmUp() {
    if (started) return;
    started = true;
    var later = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
    later(function () {
      addFontCss(function () {
        var text = (document.body.textContent || "").replace(/\s+/g, "").slice(0, 20000);
        Promise.all([
          document.fonts.load('400 1em "Pretendard Variable"', text),
          document.fonts.load('700 1em "Pretendard Variable"', text)
        ]).then(function () { write(FONT, "1"); }, function () { /* offline: try again next time */ });
      });
    });
  }
  window.addEventListener("load", function () {
    ["scroll", "pointerdown", "keydown"].forEach(function (name) {
      window.addEventListener(name, warmUp, { once: true, passive: true });
    });
    setTimeout(warmUp, 5000);
  });
})();
