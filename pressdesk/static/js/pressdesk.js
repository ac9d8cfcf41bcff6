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
  // htmx: show Turkish-friendly errors for failed requests.
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    window.alert(document.documentElement.lang === "en" ? "The request failed (" + status + ")." : "İstek başarısız oldu (" + status + ").");
  });
})();
