// Pins comments to a point of a draft's preview: a click on the image fills the comment
// form's hidden x/y (percent of the image); saved pins are placed from their data-x/data-y.
(function () {
  "use strict";
  document.querySelectorAll(".creative-pin-area").forEach(function (area) {
    var card = area.closest(".card-body");
    var form = card ? card.querySelector(".creative-comment-form") : null;
    area.querySelectorAll(".creative-pin").forEach(function (pin) {
      pin.style.position = "absolute";
      pin.style.left = pin.dataset.x + "%";
      pin.style.top = pin.dataset.y + "%";
      pin.style.transform = "translate(-50%, -50%)";
    });
    var img = area.querySelector("img");
    if (!img || !form) {
      return;
    }
    img.style.cursor = "crosshair";
    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      var x = ((event.clientX - box.left) / box.width) * 100;
      var y = ((event.clientY - box.top) / box.height) * 100;
      form.querySelector("input[name=x]").value = x.toFixed(2);
      form.querySelector("input[name=y]").value = y.toFixed(2);
      var marker = area.querySelector(".creative-pin-new");
      if (!marker) {
        marker = document.createElement("span");
        marker.className = "creative-pin creative-pin-new badge rounded-pill text-bg-primary";
        marker.textContent = "+";
        marker.style.position = "absolute";
        marker.style.transform = "translate(-50%, -50%)";
        area.appendChild(marker);
      }
      marker.style.left = x + "%";
      marker.style.top = y + "%";
      form.querySelector("textarea").focus();
    });
  });
})();
