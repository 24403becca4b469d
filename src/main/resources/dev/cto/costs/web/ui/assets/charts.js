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
    const series = [{label: doc.time ? 'Day' : 'Iteration', value: (u, v) => v == null ? '-' : doc.time
      ? new Date(v * 1000).toISOString().slice(0, 10) : String(v)}];
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
      scales: {x: {time: doc.time, range: (u, min, max) => [min - (doc.time ? 43200 : 0.5), max + (doc.time ? 43200 : 0.5)]}},
      axes: [
        {stroke: colour, grid: {show: false}, values: doc.time ? undefined : (u, ticks) => ticks.map(t => Number.isInteger(t) ? String(t) : '')},
        {stroke: colour, values: (u, ticks) => ticks.map(money), size: 70},
      ],
      legend: {live: true},
      cursor: {points: {show: false}},
    };
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
