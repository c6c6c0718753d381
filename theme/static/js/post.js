// Post pages: copy buttons of code blocks, the table of contents, image zoom, and sharing.
(function () {
  "use strict";

  // --- copy: exactly the button's data-copy (commands only, no prompts or output) ---
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  var status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function flash(button, ok) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = ok ? "복사됨 ✓" : "복사 실패";
    button.classList.toggle("is-copied", ok);
    button.classList.toggle("is-failed", !ok);
    status.textContent = ok ? "클립보드에 복사했습니다." : "복사하지 못했습니다. 직접 선택해 복사하세요.";
    clearTimeout(button._copyTimer);
    button._copyTimer = setTimeout(function () {
      button.textContent = label;
      button.classList.remove("is-copied", "is-failed");
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".snippet-copy");
    if (!button) return;
    copyText(button.getAttribute("data-copy") || "").then(
      function () { flash(button, true); },
      function () { flash(button, false); }
    );
  });

  // --- table of contents: open beside the post on wide screens, mark the section being read ---
  var toc = document.getElementById("toc");
  if (toc) {
    var wide = window.matchMedia("(min-width: 75rem)");
    var sync = function () { toc.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    toc.addEventListener("click", function (event) {
      if (event.target.closest("a") && !wide.matches) toc.open = false;
    });
    var links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (a) {
      links[decodeURIComponent(a.getAttribute("href").slice(1))] = a;
    });
    var headings = Object.keys(links).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    if ("IntersectionObserver" in window && headings.length) {
      var active = null;
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          if (active) active.classList.remove("is-active");
          active = links[entry.target.id];
          if (active) active.classList.add("is-active");
        });
      }, { rootMargin: "0px 0px -70% 0px" });
      headings.forEach(function (h) { observer.observe(h); });
    }
  }

  // --- images: a figure's image opens full size in a dialog (Chirpy's click-to-zoom); Esc or a click closes it ---
  if (typeof HTMLDialogElement === "function") {
    var dialog = null;
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.media-zoom");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      if (!dialog) {
        dialog = document.createElement("dialog");
        dialog.className = "media-dialog";
        dialog.setAttribute("aria-label", "이미지 크게 보기");
        dialog.appendChild(document.createElement("img"));
        dialog.addEventListener("click", function () { dialog.close(); });
        document.body.appendChild(dialog);
      }
      var small = link.querySelector("img");
      var big = dialog.querySelector("img");
      big.src = link.href;
      big.alt = small ? small.alt : "";
      dialog.showModal();
    });
  }

  // --- share: the phone's share sheet where there is one, else copy the address ---
  var share = document.querySelector(".share-button");
  if (share) {
    var shareStatus = document.querySelector(".share-status");
    share.addEventListener("click", function () {
      var url = new URL(share.getAttribute("data-url"), window.location.href).href;
      var title = share.getAttribute("data-title");
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () { /* the reader closed the sheet */ });
        return;
      }
      copyText(url).then(
        function () { shareStatus.textContent = "글 주소를 복사했습니다."; },
        function () { shareStatus.textContent = url; }
      );
    });
  }
})();
