package dev.cto.costs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged client jar, as an agent gets it: small, Java 17 bytecode, nothing but the domain and
 * the client in it, and working with Jackson alone on the class path. The README's example is run
 * against it, so the example a user copies is one that compiles and sends a record.
 */
class ClientJarE2ETest {

  private static final long MAX_JAR_BYTES = 300 * 1024;
  private static final int JAVA_17_CLASS_FILE = 61;
  /** Adapters link against the framework the application brings; without it they are not loaded. */
  /** What needs a provided dependency (LangChain4j, Spring AI, the OpenTelemetry API) to load. */
  private static final List<String> ADAPTER_PACKAGES = List.of("dev/cto/costs/client/langchain4j/", "dev/cto/costs/client/springai/",
      "dev/cto/costs/client/otel/BaggageScope");

  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    String property = System.getProperty("cto.client.jar");
    assertThat(property).as("run by failsafe after package, with -Dcto.client.jar").isNotNull();
    jar = Path.of(property);
    assertThat(jar).exists();
  }

  @Test
  void theJarIsSmall() throws IOException {
    assertThat(Files.size(jar)).as("bytes of %s", jar).isLessThanOrEqualTo(MAX_JAR_BYTES);
  }

  @Test
  void itHoldsOnlyTheDomainAndTheClientAsJava17Bytecode() throws IOException {
    List<String> classes = classNames();
    assertThat(classes).isNotEmpty()
        .contains("dev.cto.costs.client.CostInterceptor", "dev.cto.costs.domain.UsageRecord",
            "dev.cto.costs.client.langchain4j.LangChain4jCostListener", "dev.cto.costs.client.springai.CostRecordingChatModel")
        .allMatch(name -> name.startsWith("dev.cto.costs.domain.") || name.startsWith("dev.cto.costs.client."));
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (DataInputStream in = new DataInputStream(file.getInputStream(entry))) {
          assertThat(in.readInt()).as("magic of %s", entry).isEqualTo(0xCAFEBABE);
          in.readUnsignedShort(); // minor
          assertThat(in.readUnsignedShort()).as("class file version of %s", entry.getName()).isEqualTo(JAVA_17_CLASS_FILE);
        }
      }
    }
  }

  /** Every class but the adapters loads with the jar and Jackson alone: no server class is reachable. */
  @Test
  void everyClassLoadsWithJacksonAloneAndNoServerClassIsThere() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(clientClassPath().stream().map(ClientJarE2ETest::url).toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      int loaded = 0;
      for (String name : classNames()) {
        if (ADAPTER_PACKAGES.stream().noneMatch(p -> name.replace('.', '/').startsWith(p))) {
          Class<?> type = Class.forName(name, true, loader);
          assertThat(type.getClassLoader()).isSameAs(loader);
          loaded++;
        }
      }
      assertThat(loaded).isGreaterThan(40);
      // no OpenTelemetry API here: the baggage bridge finds none and its scope does nothing
      Class<?> baggage = Class.forName("dev.cto.costs.client.otel.OtelBaggage", true, loader);
      assertThat(baggage.getMethod("enabled").invoke(null)).isEqualTo(false);
      Object context = Class.forName("dev.cto.costs.client.ExecutionContext", true, loader).getMethod("builder").invoke(null);
      context = context.getClass().getMethod("agent", String.class).invoke(context, "rex");
      context = context.getClass().getMethod("stage", String.class).invoke(context, "code");
      context = context.getClass().getMethod("build").invoke(context);
      AutoCloseable entered = (AutoCloseable) baggage.getMethod("enter", context.getClass()).invoke(null, context);
      entered.close();
      for (String server : List.of("dev.cto.costs.cli.Main", "dev.cto.costs.store.jdbc.JdbcStore", "io.javalin.Javalin",
          "org.sqlite.JDBC", "picocli.CommandLine")) {
        assertThatThrownBy(() -> Class.forName(server, false, loader)).as(server).isInstanceOf(ClassNotFoundException.class);
      }
    }
  }

  /**
   * The README's Java example, compiled and run by the {@code java} launcher with the jar and
   * Jackson alone, sends its record to a loopback collector.
   */
  @Test
  void theReadmeExampleSendsItsRecordWithTheJarAndJacksonAlone() throws Exception {
    String example = readmeExample();
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/v1/usage", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
      long records = body.lines().filter(l -> !l.isBlank()).count();
      byte[] answer = ("{\"accepted\":" + records + ",\"duplicates\":0,\"records\":[]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    collector.start();
    try {
      String url = "http://127.0.0.1:" + collector.getAddress().getPort();
      Path source = Files.writeString(dir.resolve("Example.java"), asProgram(example.replace("http://127.0.0.1:8080", url)));
      Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", String.join(File.pathSeparator, clientClassPath().stream().map(Path::toString).toList()), source.toString())
          .redirectErrorStream(true).start();
      assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("the example ends").isTrue();
      String output;
      try (InputStream out = java.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(java.exitValue()).as(output).isZero();
      assertThat(bodies).as(output).hasSize(1);
      String posted = bodies.get(0);
      assertThat(posted).startsWith("application/x-ndjson\n");
      var record = new ObjectMapper().readTree(posted.substring(posted.indexOf('\n') + 1).strip());
      assertThat(record.path("model").asText()).isEqualTo("claude-sonnet-4-5");
      assertThat(record.path("agent").asText()).isEqualTo("rex");
      assertThat(record.path("repository").asText()).isEqualTo("5dlabs/cto");
      assertThat(record.path("pr_number").asLong()).isEqualTo(42);
      assertThat(record.path("input_tokens").asLong()).isEqualTo(1200);
      assertThat(record.path("output_tokens").asLong()).isEqualTo(350);
    } finally {
      collector.stop(0);
    }
  }

  /** The README's fenced {@code java} block under "Record from your Java agent", at most ten lines of code. */
  private static String readmeExample() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("cto.readme")));
    Matcher block = Pattern.compile("(?s)Record from your Java agent.*?```java\\n(.*?)```").matcher(readme);
    assertThat(block.find()).as("the README has the client example").isTrue();
    String code = block.group(1);
    assertThat(code.lines().filter(l -> !l.isBlank()).count()).as("lines of the README example").isLessThanOrEqualTo(10);
    return code;
  }

  /** The example's imports stay on top; its statements become main's body. */
  private static String asProgram(String example) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : example.lines().toList()) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    return imports + "public class Example {\n  public static void main(String[] args) throws Exception {\n" + body + "  }\n}\n";
  }

  private static List<String> classNames() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
    }
  }

  /** The jar and the three Jackson jars it needs: nothing else. */
  private static List<Path> clientClassPath() {
    List<Path> path = new ArrayList<>(List.of(jar));
    for (Class<?> jackson : List.of(ObjectMapper.class, JsonParser.class, JsonProperty.class)) {
      path.add(location(jackson));
    }
    return path;
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
