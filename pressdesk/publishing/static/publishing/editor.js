// News story editor: a small rich-text toolbar over a contenteditable area
// (the textarea stays the form field and works without JavaScript), and live
// per-channel length counters. No external requests.
(function () {
  "use strict";
  var textarea = document.querySelector("textarea[data-rich-editor]");
  var surface = document.querySelector("[data-editor-surface]");
  var toolbar = document.querySelector("[data-editor-toolbar]");
  if (textarea && surface && toolbar) {
    // Enter makes a paragraph, not a <div> (which the server turns into one anyway).
    document.execCommand("defaultParagraphSeparator", false, "p");
    surface.innerHTML = textarea.value;
    surface.hidden = false;
    toolbar.hidden = false;
    textarea.hidden = true;
    var sync = function () { textarea.value = surface.innerHTML; };
    surface.addEventListener("input", sync);
    textarea.form.addEventListener("submit", sync);
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-cmd]");
      if (!button) { return; }
      var arg = button.dataset.arg || null;
      if (button.dataset.cmd === "createLink") {
        arg = window.prompt(button.dataset.prompt, "https://");
        if (!arg || !/^(https?:|mailto:)/i.test(arg)) { return; }
      }
      surface.focus();
      document.execCommand(button.dataset.cmd, false, arg);
      sync();
    });
  }

  var limitsNode = document.getElementById("channel-limits");
  var list = document.querySelector("[data-counters]");
  if (!limitsNode || !list) { return; }
  var limits = JSON.parse(limitsNode.textContent);
  var texts = document.getElementById("counter-texts");
  var overText = texts ? texts.dataset.overText : "";
  var link = texts ? texts.dataset.linkSample : "";
  var photoText = texts ? texts.dataset.photoRequired : "";
  var field = function (name) { return document.querySelector("[name=" + name + "]"); };
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("tr", { granularity: "grapheme" }) : null;

  function count(text, rule) {
    if (rule.urlLength) {
      text = text.replace(/https?:\/\/\S+/gi, new Array(rule.urlLength + 1).join("x"));
    }
    if (rule.graphemes && segmenter) {
      return Array.from(segmenter.segment(text)).length;
    }
    return Array.from(text).length;
  }

  function render() {
    var social = field("social_text") ? field("social_text").value.trim() : "";
    var title = field("title") ? field("title").value.trim() : "";
    var spot = field("spot") ? field("spot").value.trim() : "";
    var base = social || (title + "\n\n" + spot).trim();
    list.innerHTML = "";
    Object.keys(limits).forEach(function (kind) {
      var rule = limits[kind];
      var text = rule.appendsLink && link ? base + "\n\n" + link : base;
      var n = count(text, rule);
      var item = document.createElement("li");
      item.className = "d-flex justify-content-between border-bottom py-1" + (n > rule.max ? " text-danger fw-semibold" : "");
      item.dataset.kind = kind;
      item.dataset.testid = "counter-" + kind;
      var label = document.createElement("span");
      label.textContent = rule.label + (rule.requiresImage && photoText ? " (" + photoText + ")" : "");
      var value = document.createElement("span");
      value.textContent = n + " / " + rule.max + (n > rule.max ? " — " + overText : "");
      item.appendChild(label);
      item.appendChild(value);
      list.appendChild(item);
    });
  }
  ["social_text", "title", "spot"].forEach(function (name) {
    var input = field(name);
    if (input) { input.addEventListener("input", render); }
  });
  render();
})();
