package nl.opencordon.controller.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes example (deploy/kubernetes/cordon.yaml) fits the controller: probes on the health
 * endpoints and the HTTP port, the Kubernetes API discovery of kubernetes.conf finds these pods on their
 * management port, each pod's file turns cluster bootstrap on and the pods' gates do not overlap.
 */
class KubernetesManifestsTest {
  private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes", "cordon.yaml");

  private final List<JsonNode> resources = load();
  private final Config kubernetes = ConfigFactory.parseResources("kubernetes.conf")
      .withFallback(ConfigFactory.defaultReference()).resolve();

  private static List<JsonNode> load() {
    try (var parser = new YAMLMapper().createParser(MANIFESTS.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      new YAMLMapper().readValues(parser, JsonNode.class).forEachRemaining(docs::add);
      return docs;
    } catch (IOException e) {
      throw new IllegalStateException(MANIFESTS + " does not parse", e);
    }
  }

  private JsonNode resource(String kind) {
    return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFESTS));
  }

  private JsonNode container() {
    return resource("StatefulSet").at("/spec/template/spec/containers/0");
  }

  private int port(String name) {
    for (JsonNode p : container().path("ports")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port " + name);
  }

  @Test
  void threeNodesWithProbesOnTheHealthEndpoints() {
    JsonNode statefulSet = resource("StatefulSet");
    assertEquals(3, statefulSet.at("/spec/replicas").asInt());
    assertEquals("/health/ready", container().at("/readinessProbe/httpGet/path").asText());
    assertEquals("/health/alive", container().at("/livenessProbe/httpGet/path").asText());
    assertEquals("http", container().at("/readinessProbe/httpGet/port").asText());
    assertEquals("http", container().at("/livenessProbe/httpGet/port").asText());
    assertEquals(ConfigFactory.defaultReference().getInt("anpr.controller.http.port"), port("http"));
    assertEquals(kubernetes.getString("anpr.controller.http.host"), "0.0.0.0");
  }

  @Test
  void kubernetesApiDiscoveryFindsThesePodsOnTheirManagementPort() {
    assertTrue(kubernetes.getBoolean("anpr.controller.cluster.bootstrap"));
    String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("kubernetes-api", kubernetes.getString(bootstrap + "discovery-method"));
    assertEquals(kubernetes.getInt("pekko.management.http.port"), port("management"));
    assertEquals(kubernetes.getString("pekko.discovery.kubernetes-api.pod-port-name"), "management");
    String app = env("ANPR_KUBERNETES_APP");
    assertEquals(String.format(kubernetes.getString("pekko.discovery.kubernetes-api.pod-label-selector"), app),
        "app=" + resource("StatefulSet").at("/spec/template/metadata/labels/app").asText());
    // the pods may read the pods of their namespace, as the account they run as
    JsonNode rule = resource("Role").at("/rules/0");
    assertTrue(rule.path("resources").toString().contains("pods"));
    assertEquals(Set.of("get", "watch", "list"), texts(rule.path("verbs")));
    assertEquals(resource("ServiceAccount").at("/metadata/name").asText(),
        resource("StatefulSet").at("/spec/template/spec/serviceAccountName").asText());
    assertEquals(resource("ServiceAccount").at("/metadata/name").asText(),
        resource("RoleBinding").at("/subjects/0/name").asText());
    assertEquals("status.podIP", container().path("env").findValues("fieldPath").stream()
        .map(JsonNode::asText).filter(f -> f.equals("status.podIP")).findFirst().orElse(""));
  }

  @Test
  void postgresqlAndSecretsComeFromTheEnvironment() {
    String secret = container().at("/envFrom/0/secretRef/name").asText();
    JsonNode data = resources.stream().filter(r -> r.path("kind").asText().equals("Secret")
        && r.at("/metadata/name").asText().equals(secret)).findFirst().orElseThrow().path("stringData");
    assertEquals(Set.of("ANPR_DB_URL", "ANPR_DB_USER", "ANPR_DB_PASSWORD", "ANPR_PLATE_HASH_SECRET"),
        new TreeSet<>(iterable(data.fieldNames())));
  }

  @Test
  void everyPodRunsTheDeploymentsFileWithBootstrapOn(@TempDir Path dir) throws IOException {
    JsonNode files = resource("ConfigMap").path("data");
    for (String name : iterable(files.fieldNames())) {
      Files.writeString(dir.resolve(name), files.get(name).asText());
    }
    assertTrue(container().path("args").toString().contains("/etc/cordon/cordon.conf"));
    Config conf = ConfigFactory.parseFile(dir.resolve("cordon.conf").toFile())
        .withFallback(ConfigFactory.defaultReference()).resolve();
    assertTrue(conf.getBoolean("anpr.controller.cluster.bootstrap"));
  }

  private String env(String name) {
    for (JsonNode e : container().path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }
}
