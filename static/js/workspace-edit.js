// Collections: reorder by drag, by Alt+ArrowUp/Down on a focused item, or by
// its up/down buttons; the new order is saved at once (POST lyric_ids). Edit
// form: Ctrl+Enter (or Cmd+Enter) saves. Deleting and revoking ask first.
(function () {
  "use strict";

  function csrf(list) {
    var input = list.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[data-lyric-id]"));
  }

  function renumber(list) {
    items(list).forEach(function (item, index) {
      var position = item.querySelector(".position");
      if (position) position.textContent = index + 1 + ".";
    });
  }

  function announce(list, item) {
    var status = document.getElementById("reorder-status");
    var all = items(list);
    if (!status) return;
    status.textContent = list.dataset.moved
      .replace("%(position)s", all.indexOf(item) + 1)
      .replace("%(count)s", all.length);
  }

  function save(list) {
    var body = new URLSearchParams();
    body.set("lyric_ids", items(list).map(function (i) { return i.dataset.lyricId; }).join(","));
    return fetch(list.dataset.reorder, {
      method: "POST",
      headers: { "X-CSRFToken": csrf(list) },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      list.dataset.saved = response.ok ? "yes" : "no";
      if (!response.ok) throw new Error("order not saved");
    }).catch(function () {
      var status = document.getElementById("reorder-status");
      if (status) status.textContent = list.dataset.failed;
      list.dataset.saved = "no";
    });
  }

  function move(list, item, offset) {
    var all = items(list);
    var index = all.indexOf(item) + offset;
    if (index < 0 || index >= all.length) return;
    if (offset < 0) list.insertBefore(item, all[index]);
    else list.insertBefore(item, all[index].nextSibling);
    renumber(list);
    item.focus();
    announce(list, item);
    save(list);
  }

  function setUp(list) {
    var dragged = null;
    list.addEventListener("keydown", function (event) {
      var item = event.target.closest("[data-lyric-id]");
      if (!item || event.target !== item || !event.altKey) return;
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        move(list, item, event.key === "ArrowUp" ? -1 : 1);
      }
    });
    list.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-move]");
      if (!form) return;
      event.preventDefault();
      var item = form.closest("[data-lyric-id]");
      move(list, item, form.dataset.move === "up" ? -1 : 1);
    });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-lyric-id]");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.lyricId);
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("[data-lyric-id]");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      items(list).forEach(function (i) { i.classList.toggle("drop-target", i === over); });
    });
    list.addEventListener("drop", function (event) {
      var over = event.target.closest("[data-lyric-id]");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      var all = items(list);
      if (all.indexOf(dragged) < all.indexOf(over)) list.insertBefore(dragged, over.nextSibling);
      else list.insertBefore(dragged, over);
      renumber(list);
      announce(list, dragged);
      save(list);
    });
    list.addEventListener("dragend", function () {
      items(list).forEach(function (i) { i.classList.remove("drop-target", "dragging"); });
      dragged = null;
    });
  }

  // Forms that undo something ask first: <form data-confirm="question">.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-reorder]").forEach(setUp);
    var form = document.getElementById("edit-form");
    if (form) {
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
    }
  });
})();
