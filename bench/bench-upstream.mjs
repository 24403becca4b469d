// A loopback fake Anthropic Messages upstream, in its own process, for bench/proxy-vs-direct.
//
//   node bench/bench-upstream.mjs [events-per-stream=20] [ms-between-events=2]
//
// Prints its port on the first line of stdout. POST /v1/messages answers a canned ~1 KB message
// (Content-Length, as the real API does), or with "stream": true a Server-Sent-Events stream of
// `events` content_block_delta events, `ms-between-events` apart, each stamped with the
// process.hrtime (CLOCK_MONOTONIC, shared by every process on the machine) of its write, so the
// client can tell how long each chunk took to reach it.
import http from 'node:http';

const events = Number(process.argv[2] ?? 20);
const gapMs = Number(process.argv[3] ?? 2);

const message = JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: 'claude-bench-model',
  content: [{ type: 'text', text: 'Hello! '.repeat(120) }],
  stop_reason: 'end_turn', stop_sequence: null,
  usage: { input_tokens: 120, output_tokens: 240, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
});

const sse = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const now = () => process.hrtime.bigint().toString();

function stream(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_bench' });
  res.write(sse('message_start', { type: 'message_start', message: {
    id: 'msg_bench_stream', type: 'message', role: 'assistant', model: 'claude-bench-model', content: [],
    stop_reason: null, stop_sequence: null, usage: { input_tokens: 120, output_tokens: 1 } } }));
  res.write(sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
  let i = 0;
  const next = () => {
    if (i < events) {
      // the stamp goes in the text: the SDK hands it to the client unchanged
      res.write(sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `t=${now()};` } }));
      i++;
      setTimeout(next, gapMs);
      return;
    }
    res.write(sse('content_block_stop', { type: 'content_block_stop', index: 0 }));
    res.write(sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 240 } }));
    res.end(sse('message_stop', { type: 'message_stop' }));
  };
  setTimeout(next, gapMs);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = {};
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { /* not JSON: answer anyway */ }
    if (body.stream) {
      stream(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(message),
      'request-id': 'req_bench' });
    res.end(message);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
