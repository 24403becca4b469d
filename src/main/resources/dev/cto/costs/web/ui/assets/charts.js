// Stacked bar charts drawn with uPlot from a data-chart attribute: {time, x_label, x, series:[{label, values}]}.
// The exact figures are in the table next to each chart; this only draws them.
(function () {
  'use strict';
  const charts = new Map();

  function palette() {
    const dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    return dark
      ? ['#6cb6ff', '#f0883e', '#56d364', '#e3b341', '#d2a8ff', '#ff7b72', '#76e3ea', '#9da7b3']
      : ['#0a58ca', '#c2410c', '#1a7f37', '#8a5a00', '#7c3aed', '#b42318', '#0e7490', '#4f5660'];
  }

  function axisColour() {
    return getComputedStyle(document.body).color;
  }

  const money = (v) => v == null ? '-' : '$' + Number(v).toLocaleString(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2});

  // uPlot draws bars from 0 to each value: stacking means drawing cumulative sums, the top part first.
  function stacked(doc) {
    const n = doc.x.length;
    const raw = doc.series.map(s => s.values.map(Number));
    const sums = [];
    const running = new Array(n).fill(0);
    raw.forEach(values => {
      for (let i = 0; i < n; i++) running[i] += values[i];
      sums.push(running.slice());
    });
    return {raw, sums};
  }

  function options(el, doc, raw) {
    const colours = palette();
    const bars = uPlot.paths.bars({size: [0.7, 40], align: 0});
    const xName = doc.x_label ? doc.x_label.charAt(0).toUpperCase() + doc.x_label.slice(1) : (doc.time ? 'Day' : 'Iteration');
    const series = [{label: xName, value: (u, v) => v == null ? '-' : doc.time ? utcDay(v, doc.x_label) : String(v)}];
    doc.series.forEach((s, i) => series.push({
      label: s.label,
      stroke: colours[i % colours.length],
      fill: colours[i % colours.length],
      width: 0,
      paths: bars,
      points: {show: false},
      value: (u, v, si, idx) => idx == null ? '-' : money(raw[si - 1][idx]),
    }));
    const colour = axisColour();
    return {
      width: Math.max(280, el.clientWidth),
      height: 260,
      series,
      // half a step of room on each side, so the first and last bars are whole (a day, a week or a month apart)
      // Days, weeks and months are UTC: the x axis is plain seconds with a tick on the bars themselves
      // (uPlot's time axis would place ticks at the browser's local midnights and hours).
      // Bars grow from zero, so the y axis starts there.
      scales: {
        x: {time: false, range: (u, min, max) => [min - pad(doc), max + pad(doc)]},
        y: {range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1]},
      },
      axes: [
        {stroke: colour, grid: {show: false}, space: doc.time ? 80 : 40,
          splits: doc.time ? (u) => everyNth(doc.x, (u.width || 600) / 80) : undefined,
          values: doc.time ? (u, ticks) => ticks.map(t => utcDay(t, doc.x_label))
            : (u, ticks) => ticks.map(t => Number.isInteger(t) ? String(t) : '')},
        {stroke: colour, values: (u, ticks) => ticks.map(money), size: 70},
      ],
      legend: {live: true},
      cursor: {points: {show: false}},
    };
  }

  // At most `room` of the bars' x values, evenly spaced, for the tick labels.
  function everyNth(xs, room) {
    const step = Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(room))));
    return xs.filter((x, i) => i % step === 0);
  }

  function utcDay(seconds, period) {
    const iso = new Date(seconds * 1000).toISOString();
    return period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
  }

  function pad(doc) {
    if (!doc.time) return 0.5;
    return doc.x.length > 1 ? (doc.x[1] - doc.x[0]) / 2 : 43200;
  }

  // The largest stack part draws first (tallest bar), each smaller one over it.
  function data(doc, sums) {
    return [doc.x, ...sums];
  }

  function render(el) {
    if (typeof uPlot === 'undefined' || !el.dataset.chart) return;
    const doc = JSON.parse(el.dataset.chart);
    const {raw, sums} = stacked(doc);
    const old = charts.get(el.id);
    if (old) old.destroy();
    el.replaceChildren();
    if (doc.x.length === 0 || doc.series.length === 0) return;
    // series drawn in reverse so the cumulative (tallest) bar is underneath
    const reversedDoc = {...doc, series: doc.series.slice().reverse()};
    const reversedRaw = raw.slice().reverse();
    const reversedSums = sums.slice().reverse();
    const chart = new uPlot(options(el, reversedDoc, reversedRaw), data(doc, reversedSums), el);
    chart._raw = reversedRaw;
    charts.set(el.id, chart);
  }

  // New figures, same chart: no new canvas, so nothing flickers.
  function update(el, json) {
    const old = charts.get(el.id);
    const doc = JSON.parse(json);
    const sameShape = old && old.series.length === doc.series.length + 1
      && doc.series.slice().reverse().every((s, i) => old.series[i + 1].label === s.label);
    el.dataset.chart = json;
    if (!sameShape) {
      render(el);
      return;
    }
    const {raw, sums} = stacked(doc);
    const reversedRaw = raw.slice().reverse();
    old._raw.splice(0, old._raw.length, ...reversedRaw);
    old.setData(data(doc, sums.slice().reverse()));
  }

  function renderAll(root) {
    root.querySelectorAll('[data-chart]').forEach(render);
  }

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => charts.forEach((chart, id) => {
      const el = document.getElementById(id);
      if (el) chart.setSize({width: Math.max(280, el.clientWidth), height: 260});
    }), 150);
  });

  window.CostsCharts = {render, update, renderAll};
})();
