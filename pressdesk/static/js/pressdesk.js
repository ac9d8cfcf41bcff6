// Small behaviours shared by every page. No external requests.
(function () {
  "use strict";
  // Ask before destructive actions: <form data-confirm="…"> or <button data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // Prevent double submission: disable the buttons once the form goes.
    if (!event.defaultPrevented && !form.hasAttribute("data-allow-resubmit")) {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });
  // <select data-autosubmit> sends its form when the choice changes (no inline handlers: the CSP forbids them).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
  // <input data-choice-filter="ID"> filters the checkboxes of #ID by their labels (lib/forms.py,
  // FilterableCheckboxSelectMultiple): every typed word must occur, folded as Turkish; a ticked box stays.
  var FOLD = { "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u" };
  function fold(text) {
    return text.toLocaleLowerCase("tr").replace(/[çğıöşüâîû]/g, function (c) { return FOLD[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function filterChoices(box) {
    var list = document.getElementById(box.dataset.choiceFilter);
    if (!list) return;
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    var options = list.querySelectorAll("input[type=checkbox]");
    var shown = 0;
    var matched = 0;
    options.forEach(function (input) {
      var row = input.closest("#" + CSS.escape(list.id) + " div") || input.parentElement;
      var label = fold((input.labels && input.labels[0] ? input.labels[0].textContent : row.textContent) || "");
      var matches = words.every(function (word) { return label.indexOf(word) !== -1; });
      row.hidden = !(matches || input.checked);
      if (!row.hidden) shown += 1;
      if (matches) matched += 1;
    });
    var status = box.parentElement.querySelector("[data-choice-filter-status]");
    if (status) {
      status.textContent = !words.length ? "" : matched ? box.dataset.statusTemplate.replace("__shown__", shown)
        .replace("__total__", options.length) : box.dataset.emptyText;
    }
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box instanceof HTMLInputElement && box.hasAttribute("data-choice-filter")) filterChoices(box);
  });
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key === "Enter" && box instanceof HTMLInputElement && box.hasAttribute("data-choice-filter")) {
      event.preventDefault(); // Enter filters; it never sends the form
    }
  });
  // htmx: show Turkish-friendly errors for failed requests.
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    window.alert(document.documentElement.lang === "en" ? "The request failed (" + status + ")." : "İstek başarısız oldu (" + status + ").");
  });
})();
