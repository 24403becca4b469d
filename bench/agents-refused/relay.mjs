// A loopback HTTP relay that logs every request an agent CLI makes, for bench/agents-refused/run.
//
//   node relay.mjs PORT TARGET_URL LOG_FILE     forward to TARGET_URL (the proxy), log each exchange
//   node relay.mjs PORT - LOG_FILE              no target: log and answer 404 (the fake upstream)
//
// One JSON line per request: time, method, path, the x-cto-* request headers, the answer's status,
// x-should-retry, the budget headers and (for an error) the start of the body. The proxy logs no
// line per refused call, so this is how the run counts the agent's attempts.
import http from 'node:http';
import fs from 'node:fs';

const [port, target, logFile] = process.argv.slice(2);
const log = (entry) => fs.appendFileSync(logFile, JSON.stringify({ t: new Date().toISOString(), ...entry }) + '\n');

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const cto = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-cto-')));
    let model;
    try { model = JSON.parse(body.toString()).model; } catch { /* not JSON */ }
    const entry = { method: req.method, path: req.url, model, cto, ua: req.headers['user-agent'] };
    if (target === '-') {
      log({ ...entry, status: 404, upstream: true });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"type":"not_found_error","message":"fake upstream"}}');
      return;
    }
    const url = new URL(req.url, target);
    const headers = { ...req.headers, host: url.host };
    const up = http.request(url, { method: req.method, headers }, (ans) => {
      const out = [];
      ans.on('data', (c) => out.push(c));
      ans.on('end', () => {
        const text = Buffer.concat(out).toString();
        log({ ...entry, status: ans.statusCode, should_retry: ans.headers['x-should-retry'],
          budget: ans.headers['x-cto-budget-name'], remaining: ans.headers['x-cto-budget-remaining-usd'],
          body: ans.statusCode >= 400 ? text.slice(0, 400) : undefined });
        res.writeHead(ans.statusCode, ans.headers);
        res.end(Buffer.concat(out));
      });
    });
    up.on('error', (e) => { log({ ...entry, error: String(e) }); res.destroy(); });
    up.end(body);
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`relay on ${port} -> ${target}`));
