// Tousu dashboards: draws each table's chart with the vendored ECharts (vendor/echarts.min.js)
// from the page's data block, <script type="application/json" id="dashboard-charts"> written
// by Django's json_script: no inline script (strict CSP), no request anywhere. The table beside
// each chart has the same numbers, for the keyboard, screen readers and print; clicking a bar,
// a slice, a point or a cell opens the cases behind it, like the table's links.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
  }

  function plain(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  // Bars along the units or categories: one row per label, tall enough to read every name.
  function heightFor(count) {
    return Math.max(220, 30 * count + 90) + "px";
  }

  function series(spec, type, extra) {
    return spec.series.map(function (s) {
      var one = { name: s.name, type: type, data: s.data, emphasis: { focus: "series" } };
      for (var key in extra) one[key] = extra[key];
      return one;
    });
  }

  function lineOption(spec) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 16, right: 24, top: 36, bottom: 8 },
      xAxis: { type: "category", data: spec.labels, boundaryGap: false },
      yAxis: { type: "value", minInterval: 1 },
      series: series(spec, "line", { showSymbol: spec.labels.length <= 62, areaStyle: { opacity: 0.08 } }),
    };
  }

  function barOption(spec) {
    var format = spec.percent ? percent : plain;
    var categories = { type: "category", data: spec.labels, inverse: !!spec.horizontal };
    var values = {
      type: "value",
      minInterval: spec.percent ? 0 : 1,
      max: spec.percent ? 1 : null,
      axisLabel: { formatter: format },
    };
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: format },
      legend: { top: 0 },
      grid: { left: 16, right: 24, top: 36, bottom: 8 },
      xAxis: spec.horizontal ? values : categories,
      yAxis: spec.horizontal ? categories : values,
      series: series(spec, "bar", { barMaxWidth: 28 }),
    };
  }

  function pieOption(spec) {
    var one = spec.series[0];
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{
        name: one.name,
        type: "pie",
        radius: ["35%", "65%"],
        data: spec.labels.map(function (label, i) { return { name: label, value: one.data[i] }; }),
        label: { formatter: "{b}\n{d}%" },
      }],
    };
  }

  function heatmapOption(spec) {
    var one = spec.series[0];
    var top = one.data.reduce(function (m, cell) { return Math.max(m, cell[2]); }, 0);
    return {
      tooltip: {
        position: "top",
        formatter: function (p) {
          return spec.labels[p.data[1]] + " · " + spec.columns[p.data[0]] + ": " + p.data[2];
        },
      },
      grid: { left: 16, right: 24, top: 8, bottom: 56 },
      xAxis: { type: "category", data: spec.columns, splitArea: { show: true } },
      yAxis: { type: "category", data: spec.labels, inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0, max: Math.max(1, top), calculable: false, orient: "horizontal", left: "center",
        bottom: 0, inRange: { color: ["#fff7f7", "#f4a6a9", "#b4232a"] },
      },
      series: [{ name: one.name, type: "heatmap", data: one.data, label: { show: true } }],
    };
  }

  var OPTIONS = { line: lineOption, bar: barOption, pie: pieOption, heatmap: heatmapOption };

  function draw(el, spec) {
    var make = OPTIONS[spec.type];
    if (!make) return null;
    if (spec.type === "heatmap" || spec.horizontal) el.style.height = heightFor(spec.labels.length);
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    var option = make(spec);
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (p) {
      var s = spec.series[p.seriesIndex || 0];
      var link = s && s.links ? s.links[p.dataIndex] : "";
      if (link) window.location.assign(link);
    });
    return chart;
  }

  onReady(function () {
    var block = document.getElementById("dashboard-charts");
    if (!block || !window.echarts) return;
    var specs = JSON.parse(block.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = specs[el.getAttribute("data-chart")];
      var chart = spec ? draw(el, spec) : null;
      if (chart) charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (chart) { chart.resize(); });
      }, 150);
    });
  });
})();
