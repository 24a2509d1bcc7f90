// Draws the charts whose data the page carries in <script type="application/json"> blocks.
// The same figures are in a table next to each chart, for screen readers and for printing.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  // Colour-blind-safe palette (Okabe–Ito); the legend names each series too.
  var COLOURS = { refunded: "#56B4E9", lost: "#D55E00", won: "#009E73", pending: "#E69F00" };

  // Text, grid and the purchases line follow the theme (light or dark): read from the page's
  // own computed colours, so the CSS stays the one place that defines them.
  function themeColours() {
    var body = getComputedStyle(document.body);
    var card = document.querySelector(".card");
    return { text: body.color, grid: card ? getComputedStyle(card).borderTopColor : body.color };
  }
  function applyTheme() {
    var theme = themeColours();
    Chart.defaults.color = theme.text;
    Chart.defaults.borderColor = theme.grid;
    COLOURS.purchased = theme.text;
  }

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
  var drawn = [];
  function drawAll() {
    drawn.forEach(function (chart) { chart.destroy(); });
    drawn = [];
    applyTheme();
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-source"));
      var draw = KINDS[canvas.getAttribute("data-chart")];
      if (source && draw) { drawn.push(draw(canvas, JSON.parse(source.textContent))); }
    });
  }
  drawAll();
  // static/js/theme.js announces a new theme (the toggle, or the system's changing).
  document.addEventListener("bidbook:theme", drawAll);
})();
