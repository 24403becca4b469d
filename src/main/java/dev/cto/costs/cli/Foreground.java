package dev.cto.costs.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server command in the foreground until the process is told to stop (SIGTERM from
 * Kubernetes, Ctrl-C), then closes the server from the shutdown hook, so its graceful drain runs
 * before the JVM exits. The hook is installed before the command says it is listening: a SIGTERM
 * right after that line must still drain.
 */
final class Foreground {

  private final CountDownLatch stopped = new CountDownLatch(1);

  private Foreground(AutoCloseable server) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("cto-cli: shutdown did not finish cleanly: " + e);
      } finally {
        stopped.countDown();
      }
    }, "graceful-shutdown"));
  }

  static Foreground closeOnExit(AutoCloseable server) {
    return new Foreground(server);
  }

  void awaitTermination() throws InterruptedException {
    stopped.await();
  }
}
