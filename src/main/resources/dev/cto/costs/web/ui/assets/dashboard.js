// The dashboard's behaviour on top of server-rendered pages (which work without it):
// times in the browser's zone with UTC on hover, charts, and live updates without a reload.
(function () {
  'use strict';
  const POLL_MS = 1000;
  const STALE_RETRY_MS = 250;
  const STALE_RETRIES = 8;

  const timeFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

  // <time datetime="…Z">2026-12-04 10:00:00 UTC</time>: local time as text, the UTC text as the tooltip.
  function localizeTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(t => {
      if (t.dataset.local) return;
      const at = new Date(t.getAttribute('datetime'));
      if (isNaN(at.getTime())) return;
      t.title = t.textContent.trim();
      t.textContent = timeFormat.format(at);
      t.dataset.local = '1';
    });
  }

  function charts(root) {
    if (window.CostsCharts) window.CostsCharts.renderAll(root);
  }

  // What the server sent for each live region, before this script changed it (local times, charts).
  const served = new Map();
  function remember(root) {
    root.querySelectorAll('[data-live]').forEach(el => served.set(el.id, el.outerHTML));
  }

  function liveIds(doc) {
    return Array.from(doc.querySelectorAll('[data-live]')).map(el => el.id).join(' ');
  }

  // Replaces only what changed: a chart gets its new figures (same canvas), a table its new rows.
  // When the page's shape changed (the first record arrived on an empty page), the whole main part.
  function apply(fresh) {
    const main = document.getElementById('main');
    const freshMain = fresh.getElementById('main');
    if (!main || !freshMain) return;
    if (liveIds(fresh) !== liveIds(document)) {
      main.replaceChildren(...Array.from(freshMain.childNodes).map(n => document.importNode(n, true)));
      served.clear();
      remember(document);
      if (window.htmx) window.htmx.process(main); // new lazy panels load themselves
      localizeTimes(main);
      charts(main);
      return;
    }
    fresh.querySelectorAll('[data-live]').forEach(next => {
      if (served.get(next.id) === next.outerHTML) return;
      const current = document.getElementById(next.id);
      if (!current) return;
      served.set(next.id, next.outerHTML);
      if (next.dataset.chart !== undefined && window.CostsCharts) {
        window.CostsCharts.update(current, next.dataset.chart);
        return;
      }
      const open = current.tagName === 'DETAILS' && current.open;
      const replacement = document.importNode(next, true);
      if (open) replacement.open = true;
      current.replaceWith(replacement);
      localizeTimes(replacement);
      charts(replacement);
    });
  }

  let version = document.body.dataset.version;
  let refreshing = false;
  let staleStreak = 0;

  // True when the server answered with the figures of an older version (it was still computing the
  // new ones): the caller asks again soon instead of taking the version as seen.
  async function refresh() {
    const response = await fetch(window.location.href, {cache: 'no-store', headers: {'Accept': 'text/html', 'X-Costs-Live': '1'}});
    if (!response.ok) return false;
    const stale = response.headers.get('X-Costs-Stale') === '1';
    apply(new DOMParser().parseFromString(await response.text(), 'text/html'));
    // panels loaded after the page (the overview's forecast and anomalies) ask for their part again
    if (!stale && window.htmx) document.querySelectorAll('[data-lazy]').forEach(el => window.htmx.trigger(el, 'costs-refresh'));
    return stale;
  }

  async function poll() {
    let soon = false;
    try {
      const response = await fetch('/ui/version', {cache: 'no-store', headers: {'Accept': 'application/json'}});
      if (response.ok) {
        const next = String((await response.json()).version);
        if (next !== version && !refreshing) {
          refreshing = true;
          try {
            if (await refresh()) {
              staleStreak += 1;
              soon = staleStreak <= STALE_RETRIES; // then once a second, as usual, until the new figures come
            } else {
              staleStreak = 0;
              version = next;
            }
          } finally {
            refreshing = false;
          }
        }
      }
    } catch (e) {
      // server restarting or offline for a moment: the next tick tries again
    }
    window.setTimeout(poll, soon ? STALE_RETRY_MS : POLL_MS);
  }

  // htmx swapped in new content (PR filters): it needs local times and charts too.
  document.addEventListener('htmx:afterSwap', (event) => {
    localizeTimes(event.target);
    charts(event.target);
    remember(document);
  });

  function start() {
    remember(document);
    localizeTimes(document);
    charts(document);
    if (document.body.dataset.version !== undefined) window.setTimeout(poll, POLL_MS);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
