// The home screen's trend chart (Chart.js, served locally): news per day and tone in the
// last 30 days, stacked, with the usual daily volume as a line. The data comes from the
// json_script element "home-trend-data" (the CSP allows no inline script).
(function () {
  "use strict";
  var source = document.getElementById("home-trend-data");
  var canvas = document.getElementById("home-trend-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var datasets = data.datasets.map(function (set) {
    return { type: "bar", label: set.label, data: set.data, backgroundColor: set.color, stack: "tone" };
  });
  datasets.push({
    type: "line",
    label: data.usualLabel,
    data: data.labels.map(function () { return data.usual; }),
    borderColor: "#0b3d6b",
    borderDash: [4, 4],
    pointRadius: 0,
    borderWidth: 1.5
  });
  new Chart(canvas, {
    data: { labels: data.labels, datasets: datasets },
    options: {
      animation: reduced ? false : undefined,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
      }
    }
  });
})();
