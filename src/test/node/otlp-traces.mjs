// Exports GenAI spans with the official OpenTelemetry JS SDK (@opentelemetry/exporter-trace-otlp-proto)
// to the URL given, then prints as JSON {"results": [{code, error}] per export, "warnings": [...]}:
// the SDK reports an OTLP partial success only as a diag warning, so the warnings are collected.
// Usage: node otlp-traces.mjs <traces url> <bearer token>
// The spans are those OtlpJsTraceExportTest expects: keep both in step.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { diag, DiagLogLevel } from '@opentelemetry/api';

const [url, token] = process.argv.slice(2);
const results = [];
const warnings = [];
const collect = (...args) => warnings.push(args.map(String).join(' '));
diag.setLogger({ error: collect, warn: collect, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
const exporter = new OTLPTraceExporter({ url, headers: { Authorization: `Bearer ${token}` }, compression: 'gzip' });
// record each export's result: the exporter's own promise only says it ran
const recording = {
  export(spans, done) { exporter.export(spans, (result) => { results.push(result); done(result); }); },
  shutdown() { return exporter.shutdown(); },
  forceFlush() { return exporter.forceFlush ? exporter.forceFlush() : Promise.resolve(); },
};
const provider = new TracerProvider({
  resource: resourceFromAttributes({
    'service.name': 'js-agent', 'cto.repository': '5dlabs/cto', 'cto.pr': '77', 'cto.agent': 'blaze',
    'cto.stage': 'code', 'cto.iteration': '3',
  }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: recording })],
});
const tracer = provider.getTracer('openai-agents-js');
const start = new Date('2026-11-21T08:00:00.000Z');
const end = new Date('2026-11-21T08:00:01.500Z');

function span(name, attributes) {
  const s = tracer.startSpan(name, { startTime: start, attributes });
  s.end(end);
}

span('invoke_agent', { 'gen_ai.operation.name': 'invoke_agent' }); // no usage: ignored
span('chat gpt-4o', {
  'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-11-20',
  'gen_ai.response.id': 'chatcmpl-js1',
  'gen_ai.usage.input_tokens': 2000, 'gen_ai.usage.cache_read.input_tokens': 1500, 'gen_ai.usage.output_tokens': 300,
});
span('chat claude', {
  'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', 'cto.stage': 'test',
  'gen_ai.response.id': 'msg_js1',
  'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.cache_read.input_tokens': 1000,
  'gen_ai.usage.cache_creation.input_tokens': 100, 'gen_ai.usage.output_tokens': 20,
});
span('chat broken', { // more cached than input: the receiver must reject this one alone
  'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
  'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read.input_tokens': 11, 'gen_ai.usage.output_tokens': 1,
});
await provider.forceFlush().catch(() => {}); // a failed export is in results
await provider.shutdown();
process.stdout.write(JSON.stringify({
  results: results.map((r) => ({ code: r.code, error: r.error ? String(r.error) : null })),
  warnings,
}));
