// Charts of the statistics page (Chart.js, served locally). The data comes from
// the json_script element "chart-data"; every chart has a table under it.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var locale = document.documentElement.lang || "tr";
  var number = new Intl.NumberFormat(locale);
  var blue = "#0b3d6b";
  var light = "#6ea8dc";
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.animation = reduced ? false : Chart.defaults.animation;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.tooltip.callbacks.label = function (ctx) {
    var value = ctx.parsed && typeof ctx.parsed === "object" ? (ctx.chart.options.indexAxis === "y" ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
    return (ctx.dataset.label ? ctx.dataset.label + ": " : (ctx.label ? ctx.label + ": " : "")) + number.format(value);
  };

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }

  make("chart-volume", {
    type: "bar",
    data: {
      labels: data.volume.labels,
      datasets: [
        { type: "bar", label: data.volume.itemsLabel, data: data.volume.items, backgroundColor: blue, yAxisID: "y" },
        { type: "line", label: data.volume.reachLabel, data: data.volume.reach, borderColor: "#9a6700", backgroundColor: "#9a6700", yAxisID: "reach", tension: 0.2 }
      ]
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, reach: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } }
  });
  make("chart-sentiment", {
    type: "doughnut",
    data: { labels: data.sentiment.labels, datasets: [{ data: data.sentiment.values, backgroundColor: data.sentiment.colors }] },
    options: { plugins: { legend: { position: "bottom" } } }
  });
  make("chart-institutions", {
    type: "bar",
    data: {
      labels: data.institutions.labels,
      datasets: [
        { label: data.institutions.negativeLabel, data: data.institutions.negative, backgroundColor: "#b02a37" },
        { label: data.institutions.positiveLabel, data: data.institutions.positive, backgroundColor: "#146c43" },
        { label: data.institutions.otherLabel, data: data.institutions.other, backgroundColor: "#8c959f" }
      ]
    },
    options: { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } }
  });
  make("chart-outlets", {
    type: "bar",
    data: { labels: data.outlets.labels, datasets: [{ label: data.outlets.label, data: data.outlets.values, backgroundColor: blue, maxBarThickness: 40 }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  make("chart-kinds", {
    type: "bar",
    data: {
      labels: data.outletKinds.labels,
      datasets: [
        { label: data.outletKinds.itemsLabel, data: data.outletKinds.items, backgroundColor: blue, xAxisID: "x" },
        { label: data.outletKinds.reachLabel, data: data.outletKinds.reach, backgroundColor: light, xAxisID: "reach" }
      ]
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, position: "bottom", ticks: { precision: 0 } }, reach: { beginAtZero: true, position: "top", grid: { drawOnChartArea: false } } } }
  });
  make("chart-negative", {
    type: "bar",
    data: { labels: data.negativeOutlets.labels, datasets: [{ label: data.negativeOutlets.label, data: data.negativeOutlets.values, backgroundColor: "#b02a37", maxBarThickness: 56 }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
