// Makes ONE call with an official provider SDK and prints what the client got, as one JSON
// document on stdout, so a Java test can compare a direct call with a call through the proxy.
//
//   node sdk-call.mjs <anthropic|openai> <scenario> <baseURL> '<headers JSON>'
//
// Output: {"status", "headers", "request_id", "response"} for a JSON call,
// {"status", "headers", "request_id", "events", "event_times_ms", "error"?} for a stream (the events
// exactly as the SDK yielded them, then the error that ended it early, if any), {"error"} when the
// call failed.
// Exit status 0 whenever the SDK was driven to the end; an API error is a result, not a failure.
//
// The model name carries the scenario ("claude-fake-<scenario>", "gpt-fake-<scenario>"): the
// fake upstream picks its canned answer by it, and the proxy forwards it untouched.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

// Transport framing a proxy may legitimately redo (RFC 9110 §7.6.1 hop-by-hop, plus length/date);
// every other response header must reach the client unchanged.
const FRAMING_HEADERS = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);

const SYSTEM = [{ type: 'text', text: 'You are a terse assistant. '.repeat(8), cache_control: { type: 'ephemeral' } }];
const SYSTEM_1H = [{ type: 'text', text: 'You are a terse assistant. '.repeat(8), cache_control: { type: 'ephemeral', ttl: '1h' } }];
const USER = [{ role: 'user', content: 'Say hello.' }];

const anthropicScenarios = {
  json: (c, model) => c.messages.create({ model, max_tokens: 256, system: SYSTEM, messages: USER }),
  stream: (c, model) => c.messages.create({ model, max_tokens: 256, system: SYSTEM_1H, messages: USER, stream: true }),
  'stream-cut': (c, model) => c.messages.create({ model, max_tokens: 256, system: SYSTEM, messages: USER, stream: true }),
  'error-429': (c, model) => c.messages.create({ model, max_tokens: 256, messages: USER }),
  'error-529': (c, model) => c.messages.create({ model, max_tokens: 256, messages: USER }),
};

const openaiScenarios = {
  json: (c, model) => c.chat.completions.create({ model, messages: USER }),
  stream: (c, model) => c.chat.completions.create({ model, messages: USER, stream: true }),
  'stream-usage': (c, model) =>
    c.chat.completions.create({ model, messages: USER, stream: true, stream_options: { include_usage: true } }),
  'error-429': (c, model) => c.chat.completions.create({ model, messages: USER }),
  'responses-json': (c, model) => c.responses.create({ model, input: 'Say hello.' }),
  'responses-stream': (c, model) => c.responses.create({ model, input: 'Say hello.', stream: true }),
};

const providers = {
  anthropic: {
    scenarios: anthropicScenarios,
    model: (scenario) => `claude-fake-${scenario}`,
    client: (baseURL, defaultHeaders) => new Anthropic({ apiKey: 'sk-test', baseURL, defaultHeaders, maxRetries: 0, timeout: 30_000 }),
  },
  openai: {
    scenarios: openaiScenarios,
    model: (scenario) => `gpt-fake-${scenario}`,
    client: (baseURL, defaultHeaders) => new OpenAI({ apiKey: 'sk-test', baseURL, defaultHeaders, maxRetries: 0, timeout: 30_000 }),
  },
};

function headersOf(headers) {
  const out = {};
  if (!headers) return out;
  for (const [name, value] of headers.entries()) {
    if (!FRAMING_HEADERS.has(name)) out[name] = value;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

// Class, status and body for API errors; class, message and cause for transport errors (a cut
// stream surfaces as undici's "terminated"). Nothing host- or port-specific, so a direct call and a
// call through the proxy can be compared as they are.
function describeError(e) {
  const error = { class: e?.constructor?.name ?? typeof e, message: String(e?.message ?? e) };
  if (e?.status !== undefined) {
    error.status = e.status;
    error.body = e.error ?? null;
    error.request_id = e.requestID ?? null;
    error.headers = headersOf(e.headers);
  }
  if (e?.cause) {
    error.cause = { class: e.cause.constructor?.name ?? null, code: e.cause.code ?? null, message: String(e.cause.message ?? e.cause) };
  }
  return error;
}

async function run(providerName, scenario, baseURL, headersJson) {
  const provider = providers[providerName];
  if (!provider) throw new Error(`unknown provider ${providerName}: anthropic or openai`);
  const call = provider.scenarios[scenario];
  if (!call) throw new Error(`unknown ${providerName} scenario ${scenario}: ${Object.keys(provider.scenarios).join(', ')}`);
  const client = provider.client(baseURL, JSON.parse(headersJson || '{}'));

  let data, response;
  try {
    ({ data, response } = await call(client, provider.model(scenario)).withResponse());
  } catch (e) {
    return { error: describeError(e) };
  }
  const result = { status: response.status, headers: headersOf(response.headers) };
  if (typeof data?.[Symbol.asyncIterator] !== 'function') {
    result.request_id = data?._request_id ?? null;
    result.response = data;
    return result;
  }
  result.request_id = response.headers.get('request-id') ?? response.headers.get('x-request-id');
  result.events = [];
  // when each event arrived, in ms after the first: a proxy that buffers a stream squeezes these
  // together. Not part of what the client "got", so tests leave it out when comparing calls.
  result.event_times_ms = [];
  let first;
  try {
    for await (const event of data) {
      const now = performance.now();
      first ??= now;
      result.events.push(event);
      result.event_times_ms.push(Math.round(now - first));
    }
  } catch (e) {
    result.error = describeError(e);
  }
  return result;
}

const [providerName, scenario, baseURL, headersJson] = process.argv.slice(2);
if (!providerName || !scenario || !baseURL) {
  process.stderr.write('usage: node sdk-call.mjs <anthropic|openai> <scenario> <baseURL> [headers JSON]\n');
  process.exit(2);
}
try {
  process.stdout.write(JSON.stringify(await run(providerName, scenario, baseURL, headersJson)) + '\n');
} catch (e) {
  process.stderr.write(`sdk-call failed: ${e?.stack ?? e}\n`);
  process.exit(1);
}
