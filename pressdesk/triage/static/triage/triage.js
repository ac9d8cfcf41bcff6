// Keyboard triage on the live monitoring screen. Every action is a button of a
// plain form, so the page also works without this script.
(function () {
  "use strict";
  var selectedId = null;
  // The id of the field a letter key (m, a) opened: until it is sent or left with Escape,
  // keys go to that field, even while htmx replaces the card it is on, never to the shortcuts.
  var typingInto = null;
  var typed = null; // what was typed into it, carried over when a swap replaces the field

  function typingField() {
    var field = typingInto ? document.getElementById(typingInto) : null;
    if (typingInto && !field) { typingInto = null; }
    return field;
  }

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll("#story-list .story-card"));
  }

  function select(card) {
    cards().forEach(function (c) { c.classList.remove("border-primary", "border-2", "shadow-sm"); });
    if (!card) { selectedId = null; return; }
    selectedId = card.id;
    card.classList.add("border-primary", "border-2", "shadow-sm");
    card.setAttribute("aria-current", "true");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function current() {
    var card = selectedId ? document.getElementById(selectedId) : null;
    return card && card.closest("#story-list") ? card : null;
  }

  function move(step) {
    var list = cards();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[next]);
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var held = typingField();
    if (held && !typing(target)) {
      // The field lost the focus to a swap: give it back, and the key lands in it.
      if (event.key === "Escape") { typingInto = null; return; }
      held.focus();
      if (document.activeElement !== held) { event.preventDefault(); }
      return;
    }
    if (typing(target)) {
      if (event.key === "Escape") {
        typingInto = null;
        target.blur();
        var c = current();
        if (c) { c.focus({ preventScroll: true }); }
      }
      if (event.key === "Enter" && target.tagName === "SELECT" && target.form) {
        event.preventDefault();
        target.form.requestSubmit();
      }
      return;
    }
    var key = event.key;
    if (key === "?") {
      var help = document.getElementById("shortcuts");
      if (help && window.bootstrap) { window.bootstrap.Collapse.getOrCreateInstance(help).toggle(); }
      event.preventDefault();
      return;
    }
    if (key === "j") { move(1); event.preventDefault(); return; }
    if (key === "k") { move(-1); event.preventDefault(); return; }
    var card = current();
    if (!card) { return; }
    if (key === "o") {
      var link = card.querySelector(".story-link");
      if (link) { link.click(); }
      event.preventDefault();
      return;
    }
    var button = card.querySelector('button[data-key="' + key + '"]');
    if (button) { button.click(); event.preventDefault(); return; }
    var field = card.querySelector('[data-key-focus="' + key + '"]');
    if (field) {
      if (field.id) { typingInto = field.id; typed = null; }
      field.focus();
      event.preventDefault();
    }
  });

  // A field that sent its form leaves focus with the card, so the shortcuts work again at once
  // (htmx would otherwise put the focus back into the same field of the new card).
  // Leaving the field on purpose (Tab, a click elsewhere) ends it; a swap that removes it does not.
  document.addEventListener("focusout", function (event) {
    if (event.target.id === typingInto && event.relatedTarget) { typingInto = null; }
  });
  document.addEventListener("mousedown", function (event) {
    var held = typingField();
    if (held && !held.contains(event.target)) { typingInto = null; }
  });

  // What was typed into a field that a swap replaces is carried over to its new copy.
  document.addEventListener("input", function (event) {
    if (typingInto && event.target.id === typingInto) { typed = { id: typingInto, value: event.target.value }; }
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    var held = typingField();
    if (held && typed && typed.id === held.id && !held.value) {
      held.value = typed.value;
      held.focus({ preventScroll: true });
      if (held.setSelectionRange) { held.setSelectionRange(held.value.length, held.value.length); }
    }
  });

  // Only the form that sent lets go of the focus: a live update of the list leaves a field being typed in alone.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (active && sender && sender.contains(active) && event.detail.target && event.detail.target.contains(active)) {
      if (active.id === typingInto) { typingInto = null; }
      active.blur();
    }
  });

  // After htmx replaces a card, keep it selected; drop older copies of a story that came back updated.
  document.body.addEventListener("htmx:afterSettle", function () {
    // A copy that holds the focus (someone is choosing an assignee or typing a note) stays;
    // otherwise the newest copy (first in the list) stays.
    var seen = {};
    var active = document.activeElement;
    cards().forEach(function (card) {
      var kept = seen[card.id];
      if (!kept) { seen[card.id] = card; return; }
      if (active && card.contains(active)) { kept.remove(); seen[card.id] = card; } else { card.remove(); }
    });
    if (cards().length) {
      var empty = document.getElementById("no-stories");
      if (empty) { empty.remove(); }
    }
    var card = current();
    var held = typingField();
    if (held) {
      held.focus({ preventScroll: true });
    } else if (card) {
      select(card);
    }
  });

  // Open a story from a link to it (#story-12), else start on the first.
  var fromHash = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (fromHash && fromHash.classList.contains("story-card")) { select(fromHash); }
})();
