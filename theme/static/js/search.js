// The search page: Pagefind's UI (served from this site's /pagefind/), started with ?q= from the address.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") return;
  var base = new URL(box.getAttribute("data-base"), window.location.href).pathname;
  box.textContent = "";
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: new URL(box.getAttribute("data-bundle"), window.location.href).pathname,
    baseUrl: base,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    translations: { placeholder: "검색어를 입력하세요 (예: 도커를, 컨테이너)" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
