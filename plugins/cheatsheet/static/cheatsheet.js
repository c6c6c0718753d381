// The cheat sheet's filter box: shows only the commands whose text holds every word typed.
// Without JavaScript the box stays hidden and every command is listed.
(function () {
  "use strict";
  const box = document.querySelector("[data-cheat-filter]");
  if (!box) return;
  const input = box.querySelector("input");
  const count = box.querySelector("[data-cheat-count]");
  const empty = document.querySelector("[data-cheat-empty]");
  const entries = Array.from(document.querySelectorAll("[data-cheat]"));
  const groups = Array.from(document.querySelectorAll("[data-cheat-group]"));

  function apply() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const entry of entries) {
      const text = entry.getAttribute("data-search") || "";
      const match = words.every((word) => text.includes(word));
      entry.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("[data-cheat]:not([hidden])");
    }
    count.textContent = words.length ? `${entries.length}개 중 ${shown}개` : `명령어 ${entries.length}개`;
    if (empty) empty.hidden = shown !== 0;
  }

  // ?q=... fills the box, so a filtered sheet can be linked.
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) input.value = query;
  input.addEventListener("input", apply);
  box.hidden = false;
  apply();
})();
