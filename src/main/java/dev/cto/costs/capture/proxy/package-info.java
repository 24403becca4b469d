/**
 * The transparent reverse proxy for model-provider APIs ({@code /proxy/anthropic/**},
 * {@code /proxy/openai/**}, {@code /proxy/perplexity/**}, {@code /proxy/gemini/**}): agents running
 * CLIs we cannot change point their base URL here, and every call's usage is captured from the
 * response as it streams past, without changing a byte the client sees (except removing the usage
 * chunk the proxy itself asked OpenAI for). Recording never fails or delays the call: records the
 * collector cannot take go to a local spool and are replayed later; ids are the providers' message
 * ids, so a call captured twice (proxy and log import) counts once.
 *
 * <p>Before forwarding, the proxy asks {@code budget} whether the call fits the enforced budgets
 * covering it, and answers a refusal in the provider's own error shape.
 *
 * <p>Latency (issue 19): the call goes upstream on the thread that serves it, over the proxy's
 * own HTTP/1.1 keep-alive connections ({@code Upstream*}: blocking reads, no selector hand-offs);
 * each chunk goes on to the agent before it is read for usage, and the usage is parsed and stored
 * on a recording thread once the answer is complete. A call is never sent upstream twice.
 *
 * <p>Depends on {@code collect} (to record) and {@code budget} (to admit calls). It speaks HTTP
 * through its own {@link dev.cto.costs.capture.proxy.ProxyExchange} port, not a server's API, and
 * knows nothing of the web assembly that serves it (from Jetty's core, below the servlet layer).
 */
package dev.cto.costs.capture.proxy;
