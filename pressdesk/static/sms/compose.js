// Compose page of an SMS campaign: choosing a template fills the message, the type and an empty title.
(function () {
  "use strict";
  function init() {
    var data = document.getElementById("sms-templates");
    var select = document.getElementById("id_template");
    if (!data || !select) return;
    var templates = JSON.parse(data.textContent);
    select.addEventListener("change", function () {
      var chosen = templates[select.value];
      if (!chosen) return;
      var text = document.getElementById("id_text");
      var kind = document.getElementById("id_kind");
      var title = document.getElementById("id_title");
      text.value = chosen.text;
      if (kind) kind.value = chosen.kind;
      if (title && !title.value) title.value = chosen.title;
      text.dispatchEvent(new Event("input", { bubbles: true }));
      text.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
