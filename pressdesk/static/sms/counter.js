// SMS length counter for the compose form: mirrors pressdesk/sms/encoding.py.
// <textarea data-sms-counter="#target"> writes the encoding, the characters left
// and the number of parts into the element #target while the writer types.
(function () {
  "use strict";
  var DEFAULT_ALPHABET = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[]~|€";
  var TURKISH_SHIFT = "ŞşĞğçıİ";
  var LIMITS = { gsm7: [160, 153], gsm7_tr: [155, 149], ucs2: [70, 67] };
  var LABELS = { gsm7: "GSM-7", gsm7_tr: "GSM-7 + Türkçe", ucs2: "UCS-2 (Unicode)" };

  function chars(text) {
    return Array.from(text); // code points, like Python's str
  }

  function encodingOf(text) {
    var turkish = false;
    var list = chars(text);
    for (var i = 0; i < list.length; i++) {
      var ch = list[i];
      if (DEFAULT_ALPHABET.indexOf(ch) >= 0 || EXTENSION.indexOf(ch) >= 0) continue;
      if (TURKISH_SHIFT.indexOf(ch) >= 0) { turkish = true; continue; }
      return "ucs2";
    }
    return turkish ? "gsm7_tr" : "gsm7";
  }

  function sizes(text, encoding) {
    return chars(text).map(function (ch) {
      if (encoding === "ucs2") return ch.length; // UTF-16 code units
      if (EXTENSION.indexOf(ch) >= 0) return 2;
      if (encoding === "gsm7_tr" && TURKISH_SHIFT.indexOf(ch) >= 0) return 2;
      return 1;
    });
  }

  function count(text) {
    var encoding = encodingOf(text);
    var list = sizes(text, encoding);
    var units = list.reduce(function (a, b) { return a + b; }, 0);
    var single = LIMITS[encoding][0], multi = LIMITS[encoding][1];
    if (units <= single) {
      return { encoding: encoding, units: units, parts: units ? 1 : 0, remaining: single - units };
    }
    var parts = [0];
    list.forEach(function (size) {
      if (parts[parts.length - 1] + size > multi) parts.push(0);
      parts[parts.length - 1] += size;
    });
    return { encoding: encoding, units: units, parts: parts.length, remaining: multi - parts[parts.length - 1] };
  }

  window.pressdeskSmsCount = count;

  function update(area) {
    var target = document.querySelector(area.getAttribute("data-sms-counter"));
    if (!target) return;
    var result = count(area.value);
    target.querySelector("[data-sms-encoding]").textContent = LABELS[result.encoding];
    target.querySelector("[data-sms-left]").textContent = String(result.remaining);
    target.querySelector("[data-sms-parts]").textContent = String(result.parts);
  }

  function init() {
    document.querySelectorAll("textarea[data-sms-counter]").forEach(function (area) {
      area.addEventListener("input", function () { update(area); });
      update(area);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
