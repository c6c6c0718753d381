// The search page: loads Pagefind's UI from this site's bundle folder (built by Pagefind after the site),
// then searches for ?q= from the address. Without an index the page says so instead.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
  var base = new URL(box.getAttribute("data-base"), window.location.href).pathname;

  function missing() {
    var note = document.querySelector(".search-missing");
    if (note) note.hidden = false;
  }
  function start() {
    if (typeof window.PagefindUI !== "function") return missing();
    box.textContent = "";
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle,
      baseUrl: base,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      autofocus: true,
      translations: { placeholder: "검색어를 입력하세요 (예: 도커를, 컨테이너)" }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.addEventListener("load", start);
  script.addEventListener("error", missing);
  document.head.appendChild(script);
})();
