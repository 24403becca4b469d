package dev.cto.costs.capture.proxy;

import java.time.Duration;

/**
 * Where the proxy reports the time it adds to each forwarded call: parsing the request and reading
 * its head, budget admission and handing the usage over, without the upstream's own time (sending
 * it the body, waiting for it and streaming its answer back). The proxy owns this one-method port, as HikariCP owns its metrics
 * tracker, so it needs no metrics library; the service adapts it to {@code
 * cost_proxy_overhead_seconds}.
 */
@FunctionalInterface
public interface ProxyOverhead {

  ProxyOverhead NONE = (provider, overhead) -> { };

  /** Called once per call that reached its upstream, on the request's thread: must be quick. */
  void record(Provider provider, Duration overhead);
}
