// Draws the charts whose data the page carries in <script type="application/json"> blocks.
// The same figures are in a table next to each chart, for screen readers and for printing.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  // Colour-blind-safe palette (Okabe–Ito); the legend names each series too.
  var COLOURS = { refunded: "#56B4E9", lost: "#D55E00", won: "#009E73", pending: "#E69F00", purchased: "#444444" };

  function fatesChart(canvas, data) {
    var series = ["refunded", "lost", "won", "pending"].map(function (key) {
      return { type: "bar", label: key.charAt(0).toUpperCase() + key.slice(1), data: data[key],
               backgroundColor: COLOURS[key], stack: "spent" };
    });
    // Straight segments (tension 0): a curve overshoots and dips below zero between months.
    series.push({ type: "line", label: "Purchased", data: data.purchased, borderColor: COLOURS.purchased,
                  backgroundColor: COLOURS.purchased, tension: 0, pointRadius: 3 });
    return new Chart(canvas, {
      data: { labels: data.labels, datasets: series },
      options: { maintainAspectRatio: false, animation: false,
                 scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "connects" } } },
                 plugins: { legend: { position: "bottom" } } }
    });
  }

  function groupsChart(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [
        { label: "Applications", data: data.count, backgroundColor: "#56B4E9" },
        { label: "Hires", data: data.hires, backgroundColor: "#009E73" } ] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } },
                 scales: { y: { beginAtZero: true } } }
    });
  }

  // The what-if's net per rule: green where skipping would have paid, orange where it would not.
  function netChart(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [
        { label: "Net (dollars)", data: data.net,
          backgroundColor: data.net.map(function (v) { return v >= 0 ? COLOURS.won : COLOURS.lost; }) } ] },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: false } },
                 scales: { x: { title: { display: true, text: "dollars saved less contracts missed" } } } }
    });
  }

  var KINDS = { fates: fatesChart, groups: groupsChart, net: netChart };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-source"));
    var draw = KINDS[canvas.getAttribute("data-chart")];
    if (source && draw) { draw(canvas, JSON.parse(source.textContent)); }
  });
})();
