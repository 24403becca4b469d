package dev.cto.costs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cto.costs.pricing.CostConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The deployment files work as written: every manifest parses, and what one refers to (Secret keys,
 * ConfigMap keys, ports, probe targets, the sidecar's collector URL) exists; security contexts are
 * set; no credential is committed. Kubernetes itself is not here, so the cross-references are
 * checked the way the API server and kubelet would resolve them.
 */
class DeployFilesTest {

  private static final Path K8S = Path.of("deploy", "k8s");
  private static final ObjectMapper YAML = new YAMLMapper();

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void everyManifestParsesAndTheKustomizationListsOnlyFilesThatExist(String variant) throws IOException {
    JsonNode kustomization = YAML.readTree(K8S.resolve(variant).resolve("kustomization.yaml").toFile());
    assertThat(kustomization.path("namespace").asText()).isEqualTo("cto");
    for (JsonNode resource : kustomization.path("resources")) {
      assertThat(K8S.resolve(variant).resolve(resource.asText())).as(resource.asText()).isRegularFile();
    }
    List<JsonNode> docs = resources(variant);
    assertThat(docs).extracting(d -> d.path("kind").asText()).contains("Namespace", "Deployment", "Service", "ConfigMap");
    assertThat(docs).allSatisfy(d -> assertThat(d.path("kind").asText()).as("committed Secret").isNotEqualTo("Secret"));
  }

  @Test
  void noCredentialIsCommitted() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file);
        assertThat(text).as(file.toString()).doesNotContain("change-me").doesNotContainPattern("(?m)^kind:\\s*Secret");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void secretKeysTheDeploymentReadsAreTheOnesTheReadmeCreates(String variant) throws IOException {
    Map<String, Set<String>> created = secretsCreatedByTheReadme();
    for (JsonNode container : containers(deployment(variant))) {
      for (JsonNode env : container.path("env")) {
        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
        if (!ref.isMissingNode()) {
          String name = ref.path("name").asText();
          assertThat(created).as("Secret %s is created by the README's command", name).containsKey(name);
          assertThat(created.get(name)).as("key %s of Secret %s", ref.path("key").asText(), name)
              .contains(ref.path("key").asText());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void theConfigPathIsAMountedConfigMapKeyHoldingAValidConfig(String variant) throws IOException {
    JsonNode deployment = deployment(variant);
    JsonNode container = containers(deployment).get(0);
    String configPath = env(container).get("COST_CONFIG_PATH");
    assertThat(configPath).isNotNull();
    Map<String, JsonNode> configMaps = byName(resources(variant), "ConfigMap");
    boolean found = false;
    for (JsonNode mount : container.path("volumeMounts")) {
      JsonNode volume = volume(deployment, mount.path("name").asText());
      if (volume.has("configMap") && configPath.startsWith(mount.path("mountPath").asText() + "/")) {
        String key = configPath.substring(mount.path("mountPath").asText().length() + 1);
        JsonNode map = configMaps.get(volume.path("configMap").path("name").asText());
        assertThat(map).as("ConfigMap %s", volume.path("configMap").path("name").asText()).isNotNull();
        String content = map.path("data").path(key).asText(null);
        assertThat(content).as("key %s of the ConfigMap", key).isNotNull();
        // the collector refuses a config it cannot load: the shipped one must load
        CostConfigLoader.parse(content.getBytes(StandardCharsets.UTF_8), key);
        found = true;
      }
    }
    assertThat(found).as("COST_CONFIG_PATH %s lies in a mounted ConfigMap", configPath).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void probesAndTheServiceTargetPortsTheCollectorListensOnFromOutsideThePod(String variant) throws IOException {
    JsonNode deployment = deployment(variant);
    JsonNode container = containers(deployment).get(0);
    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    List<String> args = texts(container.path("args"));
    // kubelet probes and Services reach the pod's IP: a collector bound to 127.0.0.1 would fail both
    assertThat(args).containsSequence("--bind", "0.0.0.0");
    int listening = Integer.parseInt(args.get(args.indexOf("--port") + 1));
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      JsonNode port = container.path(probe).path("httpGet").path("port");
      int target = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
      assertThat(target).as("%s port", probe).isEqualTo(listening);
    }
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    JsonNode service = byName(resources(variant), "Service").get("cost-collector");
    JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
    service.path("spec").path("selector").fields()
        .forEachRemaining(e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    for (JsonNode port : service.path("spec").path("ports")) {
      assertThat(ports).as("Service targetPort").containsKey(port.path("targetPort").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void theCollectorRunsUnprivilegedOnAReadOnlyRoot(String variant) throws IOException {
    JsonNode deployment = deployment(variant);
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
    for (JsonNode container : containers(deployment)) {
      JsonNode security = container.path("securityContext");
      assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
      assertThat(texts(security.path("capabilities").path("drop"))).contains("ALL");
      // the SQLite driver unpacks its native library into java.io.tmpdir: /tmp must be writable
      assertThat(container.path("volumeMounts")).anySatisfy(m -> {
        assertThat(m.path("mountPath").asText()).isEqualTo("/tmp");
        assertThat(volume(deployment, m.path("name").asText()).has("emptyDir")).isTrue();
      });
    }
  }

  @Test
  void thePostgresReplicasAreSpreadOverNodes() throws IOException {
    JsonNode deployment = deployment("postgres");
    assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThan(1);
    JsonNode anti = deployment.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity");
    assertThat(anti.toString()).contains("kubernetes.io/hostname").contains("cost-collector");
  }

  @Test
  void theSidecarExampleReachesTheServiceWithAnExistingKeyAndAWritableSpool() throws IOException {
    JsonNode pod = sidecarExample();
    JsonNode proxy = null;
    for (JsonNode container : pod.path("containers")) {
      if (texts(container.path("args")).contains("proxy")) {
        proxy = container;
      }
    }
    assertThat(proxy).as("a container running `costs proxy`").isNotNull();
    List<String> args = texts(proxy.path("args"));
    URI server = URI.create(args.get(args.indexOf("--server") + 1));
    JsonNode service = byName(resources("sqlite"), "Service").get("cost-collector");
    assertThat(server.getHost()).startsWith(service.path("metadata").path("name").asText());
    int servicePort = service.path("spec").path("ports").get(0).path("port").asInt();
    assertThat(server.getPort() == -1 ? 80 : server.getPort()).as("the Service's port").isEqualTo(servicePort);

    Map<String, Set<String>> created = secretsCreatedByTheReadme();
    for (JsonNode env : proxy.path("env")) {
      JsonNode ref = env.path("valueFrom").path("secretKeyRef");
      if (!ref.isMissingNode()) {
        assertThat(created.getOrDefault(ref.path("name").asText(), Set.of())).contains(ref.path("key").asText());
      }
    }
    // the spool directory comes from COST_SPOOL_DIR (HOME is ignored by the JVM) and is a mounted volume
    String spool = env(proxy).get("COST_SPOOL_DIR");
    assertThat(spool).isNotNull();
    assertThat(texts(proxy.path("volumeMounts").findValues("mountPath").stream()
        .collect(JsonNodeFactory.instance::arrayNode, ArrayNode::add, ArrayNode::addAll))).contains(spool);
    assertThat(env(proxy)).doesNotContainKey("HOME");
    // the proxy binds 127.0.0.1 only: an httpGet probe (sent to the pod IP) could never succeed
    assertThat(proxy.path("readinessProbe").has("httpGet")).isFalse();
    assertThat(proxy.path("readinessProbe").path("exec").toString()).contains("127.0.0.1").contains("/healthz");
    int port = Integer.parseInt(args.get(args.indexOf("--port") + 1));
    assertThat(proxy.path("readinessProbe").path("exec").toString()).contains("/" + port);
  }

  @Test
  void theDockerfileBuildsItselfInStagesAndRunsUnprivilegedWithAHealthCheck() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
    for (String from : froms) {
      String image = from.split("\\s+")[1];
      assertThat(image).as("pinned base image").contains(":").doesNotEndWith(":latest").containsPattern(":\\d+\\.\\d+");
    }
    assertThat(lines).noneMatch(l -> l.startsWith("COPY target/"));
    assertThat(lines).anyMatch(l -> l.matches("RUN mvn .*package.*"));
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user.substring(5).split(":")[0]).isNotIn("root", "0");
    String healthcheck = String.join("\n", lines.subList(indexOf(lines, "HEALTHCHECK"), indexOf(lines, "HEALTHCHECK") + 2));
    assertThat(healthcheck).contains("/healthz").contains("127.0.0.1/8080");
  }

  /**
   * The collector's memory request and limit are the ones docs/benchmarks.md derives from the
   * measured RSS, and the image runs with the JVM flags that were measured: a changed flag or
   * limit has to be measured and written down again.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void memoryRequestsAndLimitsAreTheMeasuredOnes(String variant) throws IOException {
    String docs = Files.readString(Path.of("docs", "benchmarks.md"));
    String section = docs.substring(docs.indexOf("## `serve` memory"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Matcher sizing = Pattern.compile("memory request `(\\d+Mi)`, limit `(\\d+Mi)`").matcher(section);
    assertThat(sizing.find()).as("benchmarks.md states the manifests' memory request and limit").isTrue();
    JsonNode resources = containers(deployment(variant)).get(0).path("resources");
    assertThat(resources.path("requests").path("memory").asText()).isEqualTo(sizing.group(1));
    assertThat(resources.path("limits").path("memory").asText()).isEqualTo(sizing.group(2));

    String imageFlags = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip)
        .filter(l -> l.startsWith("CTO_JAVA_OPTS=")).findFirst().orElseThrow()
        .replaceAll("^CTO_JAVA_OPTS=\"([^\"]*)\".*", "$1");
    assertThat(section).as("the image's JVM flags were measured").contains("`" + imageFlags + "`");
  }

  // ---- reading the files

  private static List<JsonNode> resources(String variant) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (JsonNode resource : YAML.readTree(K8S.resolve(variant).resolve("kustomization.yaml").toFile()).path("resources")) {
      try (var parser = new YAMLFactory().createParser(K8S.resolve(variant).resolve(resource.asText()).toFile())) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
      }
    }
    return docs;
  }

  private static JsonNode deployment(String variant) throws IOException {
    return byName(resources(variant), "Deployment").get("cost-collector");
  }

  private static Map<String, JsonNode> byName(List<JsonNode> docs, String kind) {
    Map<String, JsonNode> found = new HashMap<>();
    docs.stream().filter(d -> d.path("kind").asText().equals(kind))
        .forEach(d -> found.put(d.path("metadata").path("name").asText(), d));
    return found;
  }

  private static List<JsonNode> containers(JsonNode deployment) {
    List<JsonNode> list = new ArrayList<>();
    deployment.path("spec").path("template").path("spec").path("containers").forEach(list::add);
    assertThat(list).isNotEmpty();
    return list;
  }

  private static JsonNode volume(JsonNode deployment, String name) {
    for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> values = new HashMap<>();
    container.path("env").forEach(e -> values.put(e.path("name").asText(), e.path("value").asText(null)));
    return values;
  }

  private static List<String> texts(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starting with " + prefix);
  }

  /** The Secrets (name → keys) that deploy/k8s/README.md tells the operator to create. */
  private static Map<String, Set<String>> secretsCreatedByTheReadme() throws IOException {
    String readme = Files.readString(K8S.resolve("README.md"));
    Matcher command = Pattern.compile("create secret generic ([a-z0-9-]+)((?:[^`]|`(?!``))*)```").matcher(readme);
    assertThat(command.find()).as("the README documents `kubectl create secret generic`").isTrue();
    Set<String> keys = new HashSet<>();
    Matcher literal = Pattern.compile("--from-literal=([A-Z_]+)=").matcher(command.group(2));
    while (literal.find()) {
      keys.add(literal.group(1));
    }
    return Map.of(command.group(1), keys);
  }

  /** The pod spec of the README's sidecar example (its YAML block, which starts at `containers:`). */
  private static JsonNode sidecarExample() throws IOException {
    String readme = Files.readString(K8S.resolve("README.md"));
    int section = readme.indexOf("## The proxy as a sidecar");
    Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find(section)).isTrue();
    return YAML.readTree(block.group(1).stripIndent());
  }
}
