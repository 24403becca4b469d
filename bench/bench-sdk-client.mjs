// Sequential calls with the official Anthropic SDK (src/test/node), timing each, against several
// base URLs interleaved call by call (the order rotates each round), so every target sees the same
// machine load. For bench/proxy-vs-direct.
//
//   node bench/bench-sdk-client.mjs <calls> <streams> <warm-up calls> name=baseURL [name=baseURL …]
//
// The first target is the reference (direct to the upstream); the others are reported with the
// latency they add to it. Non-streaming: the wall time of messages.create, p50/p99. Streaming: for
// each text delta, the time from the upstream's write (its stamp) to the SDK yielding it here.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../src/test/node/package.json'));
const { default: Anthropic } = await import(require.resolve('@anthropic-ai/sdk'));

const [calls, streams, warmup] = process.argv.slice(2, 5).map(Number);
const targets = process.argv.slice(5).map((arg) => {
  const eq = arg.indexOf('=');
  // a "floor…" target answers non-streaming calls only
  return { name: arg.slice(0, eq), streams: !arg.startsWith('floor'), client: new Anthropic({ apiKey: 'sk-bench', baseURL: arg.slice(eq + 1), maxRetries: 0 }) };
});

const request = { model: 'claude-bench-model', max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }],
  metadata: { user_id: 'bench' } };
const nanos = () => process.hrtime.bigint();

async function oneCall(client) {
  const start = nanos();
  const message = await client.messages.create(request);
  const took = Number(nanos() - start) / 1e6;
  if (message.usage?.output_tokens !== 240) throw new Error('unexpected answer: ' + JSON.stringify(message));
  return took;
}

async function oneStream(client, delays) {
  const stream = await client.messages.create({ ...request, stream: true });
  for await (const event of stream) {
    const arrived = nanos();
    if (event.type === 'content_block_delta') {
      const sent = BigInt(event.delta.text.slice(2, -1));
      delays.push(Number(arrived - sent) / 1e6);
    }
  }
}

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (x) => x.toFixed(3).padStart(8);

for (let i = 0; i < warmup; i++) {
  for (const t of targets) { await oneCall(t.client); }
  if (i % 20 === 0) { for (const t of targets) { if (t.streams) await oneStream(t.client, []); } }
}

const times = targets.map(() => []);
for (let i = 0; i < calls; i++) {
  for (let k = 0; k < targets.length; k++) {
    const j = (i + k) % targets.length;
    times[j].push(await oneCall(targets[j].client));
  }
}
const delays = targets.map(() => []);
for (let i = 0; i < streams; i++) {
  for (let k = 0; k < targets.length; k++) {
    const j = (i + k) % targets.length;
    if (targets[j].streams) await oneStream(targets[j].client, delays[j]);
  }
}

console.log(`non-streaming, ${calls} sequential calls each (ms)     p50      p99     mean   added p50 added p99`);
const ref = times[0];
targets.forEach((t, j) => {
  const added = j === 0 ? '' : `${f(pct(times[j], 50) - pct(ref, 50))}  ${f(pct(times[j], 99) - pct(ref, 99))}`;
  const mean = times[j].reduce((a, b) => a + b, 0) / times[j].length;
  console.log(`  ${t.name.padEnd(48)} ${f(pct(times[j], 50))} ${f(pct(times[j], 99))} ${f(mean)}   ${added}`);
});
console.log(`streaming, ${streams} streams each: upstream write -> SDK yield per chunk (ms)   p50      p99   added p50 added p99`);
targets.forEach((t, j) => {
  if (!t.streams) return;
  const added = j === 0 ? '' : `${f(pct(delays[j], 50) - pct(delays[0], 50))}  ${f(pct(delays[j], 99) - pct(delays[0], 99))}`;
  console.log(`  ${t.name.padEnd(56)} ${f(pct(delays[j], 50))} ${f(pct(delays[j], 99))}   ${added}`);
});
