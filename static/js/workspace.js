// The workspace's keys and small helpers on the library and lyric pages.
// Keys: "/" search, j/k move, Enter open, x select, s star, e edit, ? help.
// Keys are ignored while typing in a field. No inline script (CSP).
(function () {
  "use strict";

  var current = -1;

  function rows() {
    var found = document.querySelectorAll("[data-row]");
    if (found.length) return found;
    return document.querySelectorAll(".sections .section");
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, current + step));
    for (var i = 0; i < list.length; i++) list[i].classList.toggle("current", i === current);
    var row = list[current];
    row.setAttribute("tabindex", "-1");
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }

  function scoped(selector) {
    var list = rows();
    var row = current >= 0 && list[current] && list[current].hasAttribute("data-row") ? list[current] : null;
    return (row && row.querySelector(selector)) || (!row && document.querySelector(selector));
  }

  function showKeys() {
    var dialog = document.getElementById("keys-dialog");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var dialog = document.getElementById("keys-dialog");
    if (dialog && dialog.open) return;
    var key = event.key, target = null;
    if (key === "/") {
      var search = document.getElementById("id_q");
      if (search) { search.focus(); search.select(); } else { window.location.href = "/"; }
    } else if (key === "j") { move(1); }
    else if (key === "k") { move(-1); }
    else if (key === "?") { showKeys(); }
    else if (key === "s") { target = scoped('[data-shortcut="s"]'); }
    else if (key === "e") { target = scoped('[data-shortcut="e"]'); }
    else if (key === "x") { target = scoped(".row-select"); }
    else if (key === "Enter" && event.target.hasAttribute && event.target.hasAttribute("data-row")) {
      target = event.target.querySelector("[data-row-link]");
    } else { return; }
    event.preventDefault();
    if (target) { target.click(); if (target.classList.contains("row-select")) updateCount(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest('[data-shortcut="?"]')) showKeys();
  });

  // Tag suggestions: the datalist of a [data-tag-suggest] input, from GET /api/v1/tags/?q=.
  var timer = null;
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.hasAttribute || !input.hasAttribute("data-tag-suggest")) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      var list = input.list;
      if (!q || !list) return;
      fetch(input.getAttribute("data-tag-suggest") + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) { return response.ok ? response.json() : []; })
        .then(function (tags) {
          list.textContent = "";
          tags.forEach(function (tag) {
            var option = document.createElement("option");
            option.value = tag.name;
            option.textContent = tag.name + " (" + tag.count + ")";
            list.appendChild(option);
          });
        }).catch(function () {});
    }, 150);
  });

  // The bulk bar: how many are selected, and a collection picker for "collect".
  function updateCount() {
    var label = document.querySelector(".bulk-count");
    if (!label) return;
    var all = document.getElementById("id_bulk_all");
    var n = document.querySelectorAll(".row-select:checked").length;
    if (all && all.checked) { label.textContent = ""; return; }
    label.textContent = n ? label.getAttribute("data-some").replace("#", n) : label.getAttribute("data-none");
  }

  function updateValue() {
    var action = document.getElementById("id_bulk_action");
    var text = document.getElementById("id_bulk_value");
    var pick = document.getElementById("id_bulk_collection");
    if (!action || !text) return;
    var collect = action.value === "collect";
    var needsTag = action.value === "tag" || action.value === "untag";
    text.hidden = !needsTag; text.disabled = !needsTag; text.required = needsTag;
    if (pick) { pick.hidden = !collect; pick.disabled = !collect; }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches(".row-select, #id_bulk_all")) updateCount();
    if (event.target.id === "id_bulk_action") updateValue();
  });

  document.addEventListener("submit", function (event) {
    if (event.target.id !== "bulk-form") return;
    var all = document.getElementById("id_bulk_all");
    if ((!all || !all.checked) && !document.querySelector(".row-select:checked")) {
      event.preventDefault();
      var label = document.querySelector(".bulk-count");
      if (label) label.textContent = label.getAttribute("data-none");
    }
  });

  updateValue();
})();
