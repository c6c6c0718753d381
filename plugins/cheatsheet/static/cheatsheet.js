// The cheat sheet page: the filter box and a copy button per entry. Without JavaScript the box
// stays hidden, every command is listed and the buttons do nothing.
// The filter matches whole words and "quoted phrases" (a Hangul word also matches its start, so
// 로그 finds 로그를), or the start of a command (docker rm finds `docker rm -f`, not `--format`).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".cheatsheet-copy");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy") || "").then(function () {
      button.setAttribute("data-copied", "");
      button.textContent = "복사됨";
      setTimeout(function () { button.removeAttribute("data-copied"); button.textContent = "복사"; }, 1500);
    });
  });

  const box = document.querySelector("[data-cheat-filter]");
  if (!box) return;
  const input = box.querySelector("input");
  const count = box.querySelector("[data-cheat-count]");
  const empty = document.querySelector("[data-cheat-empty]");
  const entries = Array.from(document.querySelectorAll("[data-cheat]"));
  const groups = Array.from(document.querySelectorAll("[data-cheat-group]"));
  const glue = Array.from(document.querySelectorAll("[data-cheat-glue]"));
  const hangul = /[\uac00-\ud7a3]/;
  const words = entries.map(function (entry) {
    return (entry.getAttribute("data-search") || "").split(" ");
  });

  function terms(query) {
    const found = [];
    query.toLowerCase().replace(/"([^"]+)"|(\S+)/g, function (_, phrase, word) {
      found.push((phrase || word).split(/\s+/).filter(Boolean));
    });
    return found.filter(function (t) { return t.length; });
  }

  function wordMatches(term, word) {
    return word === term || (hangul.test(term) && word.startsWith(term));
  }

  function hasPhrase(haystack, phrase) {
    for (let i = 0; i + phrase.length <= haystack.length; i += 1) {
      if (phrase.every(function (w, j) { return wordMatches(w, haystack[i + j]); })) return true;
    }
    return false;
  }

  function apply() {
    const query = input.value.trim().toLowerCase().replace(/\s+/g, " ");
    const wanted = terms(query);
    let shown = 0;
    entries.forEach(function (entry, index) {
      const start = entry.getAttribute("data-start") || "";
      const match = !wanted.length || (start + " ").startsWith(query + " ") ||
        wanted.every(function (phrase) { return hasPhrase(words[index], phrase); });
      entry.hidden = !match;
      if (match) shown += 1;
    });
    for (const group of groups) {
      group.hidden = !group.querySelector("[data-cheat]:not([hidden])");
    }
    for (const details of glue) {
      if (wanted.length) details.open = Boolean(details.querySelector("[data-cheat]:not([hidden])"));
    }
    count.textContent = wanted.length ? `${entries.length}개 중 ${shown}개` : `명령어 ${entries.length}개`;
    if (empty) empty.hidden = shown !== 0;
  }

  // ?q=... fills the box, so a filtered sheet can be linked.
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) input.value = query;
  input.addEventListener("input", apply);
  box.hidden = false;
  apply();
})();
