// Drives budget enforcement with an official provider SDK, retries left at the SDK's default (2),
// and prints one JSON document of what the clients saw.
//
//   node budget-calls.mjs <anthropic|openai> <baseURL[,baseURL...]> '<headers JSON>' <clients> <calls> <model> <maxTokens>
//
// <clients> clients run at once (client i uses base URL i mod n), each making up to <calls> calls
// one after another and stopping at its first error. Every HTTP attempt goes through a counting
// fetch, so a retried call shows as more attempts than calls.
// Output: {"attempts", "ok", "refused", "other_errors", "first_refusal", "last_ok_headers"}.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

const [provider, baseURLs, headersJson, clients, calls, model, maxTokens] = process.argv.slice(2);
if (!provider || !baseURLs || !clients || !calls || !model || !maxTokens) {
  process.stderr.write('usage: node budget-calls.mjs <anthropic|openai> <baseURLs> <headers> <clients> <calls> <model> <maxTokens>\n');
  process.exit(2);
}
const urls = baseURLs.split(',');
const defaultHeaders = JSON.parse(headersJson || '{}');
let attempts = 0;
const countingFetch = (url, init) => {
  attempts++;
  return fetch(url, init);
};

function client(i) {
  const options = { apiKey: 'sk-test', baseURL: urls[i % urls.length], defaultHeaders, fetch: countingFetch, timeout: 30_000 };
  return provider === 'anthropic' ? new Anthropic(options) : new OpenAI(options);
}

function call(c) {
  const max = Number(maxTokens);
  return provider === 'anthropic'
    ? c.messages.create({ model, max_tokens: max, messages: [{ role: 'user', content: 'Say hello.' }] }).withResponse()
    : c.chat.completions.create({ model, max_tokens: max, messages: [{ role: 'user', content: 'Say hello.' }] }).withResponse();
}

function headersOf(headers) {
  const out = {};
  for (const [name, value] of headers?.entries?.() ?? []) out[name] = value;
  return out;
}

const result = { attempts: 0, ok: 0, refused: 0, other_errors: [], first_refusal: null, last_ok_headers: null };
await Promise.all(Array.from({ length: Number(clients) }, async (_, i) => {
  const c = client(i);
  for (let n = 0; n < Number(calls); n++) {
    try {
      const { response } = await call(c);
      result.ok++;
      result.last_ok_headers = headersOf(response.headers);
    } catch (e) {
      if (e?.status === 429) {
        result.refused++;
        result.first_refusal ??= { class: e.constructor?.name, status: e.status, body: e.error ?? null, headers: headersOf(e.headers) };
      } else {
        result.other_errors.push({ class: e?.constructor?.name, status: e?.status ?? null, message: String(e?.message ?? e) });
      }
      return;
    }
  }
}));
result.attempts = attempts;
process.stdout.write(JSON.stringify(result) + '\n');
