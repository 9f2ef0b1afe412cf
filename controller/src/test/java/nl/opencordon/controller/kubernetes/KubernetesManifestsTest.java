package nl.opencordon.controller.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes example (deploy/kubernetes/cordon.yaml) fits the controller and the image: probes on the health
 * endpoints and the HTTP port, the Kubernetes API discovery of kubernetes.conf finds these pods on their
 * management port, each pod's file turns cluster bootstrap on and the pods' gates do not overlap; the pods run
 * as the image's user on a read-only root with the image's writable paths mounted, under the restrictions a
 * platform's "restricted" pod security standard asks, with requests and limits, a disruption budget that keeps
 * a majority, a network policy that keeps the cluster ports between the pods, and one pod per node.
 */
class KubernetesManifestsTest {
  private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes", "cordon.yaml");
  /** Makes the image: its user and the paths it declares writable. */
  private static final Path IMAGE_SCRIPT = Path.of("..", "distribution", "src", "image", "build-image.sh");

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

  @Test
  void podsRunAsTheImagesUserUnderTheRestrictedPodSecurityStandard() throws IOException {
    JsonNode pod = resource("StatefulSet").at("/spec/template/spec/securityContext");
    JsonNode container = container().path("securityContext");
    String script = Files.readString(IMAGE_SCRIPT);
    Matcher uid = Pattern.compile("(?m)^uid=(\\d+)$").matcher(script);
    assertTrue(uid.find(), "the image's uid in " + IMAGE_SCRIPT);
    assertEquals(uid.group(1), pod.path("runAsUser").asText());
    assertTrue(pod.path("runAsNonRoot").asBoolean() && container.path("runAsNonRoot").asBoolean());
    assertEquals("RuntimeDefault", pod.at("/seccompProfile/type").asText());
    assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true));
    assertTrue(container.path("readOnlyRootFilesystem").asBoolean());
    assertEquals(Set.of("ALL"), texts(container.at("/capabilities/drop")));
    assertTrue(container.at("/capabilities/add").isMissingNode());
  }

  @Test
  void everyPathTheImageWritesIsAMountedVolume() throws IOException {
    Set<String> writable = new TreeSet<>();
    Matcher volume = Pattern.compile("--config\\.volume (\\S+)").matcher(Files.readString(IMAGE_SCRIPT));
    while (volume.find()) {
      writable.add(volume.group(1));
    }
    assertEquals(Set.of("/tmp", "/var/lib/cordon"), writable, "the image's declared writable paths");
    Set<String> mounted = new TreeSet<>();
    for (JsonNode m : container().path("volumeMounts")) {
      if (!m.path("readOnly").asBoolean()) {
        mounted.add(m.path("mountPath").asText());
      }
    }
    for (String path : writable) {
      assertTrue(mounted.contains(path), path + " is mounted writable: " + mounted);
    }
    // the evidence and export folders lie on the volume every pod shares
    for (String dir : List.of(env("ANPR_EVIDENCE_DIR"), env("ANPR_EXPORT_DIR"))) {
      assertTrue(mounted.stream().anyMatch(m -> dir.startsWith(m + "/") && !writable.contains(m)), dir);
    }
  }

  @Test
  void requestsAndLimitsForCpuMemoryAndDisk() {
    JsonNode resources = container().path("resources");
    for (String kind : List.of("cpu", "memory", "ephemeral-storage")) {
      Quantity request = Quantity.of(resources.at("/requests/" + kind).asText());
      Quantity limit = Quantity.of(resources.at("/limits/" + kind).asText());
      assertTrue(request.value() > 0 && limit.value() >= request.value(), kind + ": " + resources);
    }
  }

  @Test
  void drainsTakeOnePodAtATimeAndPodsSpreadOverNodes() {
    JsonNode budget = resource("PodDisruptionBudget").path("spec");
    String app = resource("StatefulSet").at("/spec/template/metadata/labels/app").asText();
    assertEquals(app, budget.at("/selector/matchLabels/app").asText());
    int replicas = resource("StatefulSet").at("/spec/replicas").asInt();
    // keep-majority: the pods left during a drain must be a majority of the cluster
    assertTrue(replicas - budget.path("maxUnavailable").asInt(replicas) > replicas / 2, budget.toString());
    JsonNode perNode = null;
    for (JsonNode c : resource("StatefulSet").at("/spec/template/spec/topologySpreadConstraints")) {
      if (c.path("topologyKey").asText().equals("kubernetes.io/hostname")) {
        perNode = c;
      }
    }
    assertTrue(perNode != null, "a spread over nodes");
    assertEquals("DoNotSchedule", perNode.path("whenUnsatisfiable").asText());
    assertEquals(1, perNode.path("maxSkew").asInt());
    assertEquals(app, perNode.at("/labelSelector/matchLabels/app").asText());
  }

  @Test
  void clusterPortsAreOpenOnlyBetweenThePods() {
    JsonNode policy = resource("NetworkPolicy").path("spec");
    String app = resource("StatefulSet").at("/spec/template/metadata/labels/app").asText();
    assertEquals(app, policy.at("/podSelector/matchLabels/app").asText());
    assertTrue(texts(policy.path("policyTypes")).contains("Ingress"));
    Set<String> fromAnywhere = new TreeSet<>();
    Set<String> fromPods = new TreeSet<>();
    for (JsonNode rule : policy.path("ingress")) {
      JsonNode from = rule.path("from");
      Set<String> target;
      if (from.isMissingNode() || from.isEmpty()) {
        target = fromAnywhere;
      } else if (from.size() == 1 && from.get(0).size() == 1
          && from.get(0).at("/podSelector/matchLabels/app").asText().equals(app)) {
        target = fromPods;
      } else {
        continue;
      }
      rule.path("ports").forEach(p -> target.add(p.path("port").asText()));
    }
    assertEquals(Set.of("management", "remoting"), fromPods);
    assertEquals(Set.of("http"), fromAnywhere);
    assertEquals(ConfigFactory.load().getInt("pekko.remote.artery.canonical.port"), port("remoting"));
  }

  /** A Kubernetes quantity ("500m", "2", "1Gi") in its base unit, enough to compare a request with its limit. */
  private record Quantity(double value) {
    static Quantity of(String text) {
      Matcher m = Pattern.compile("([0-9.]+)(m|Ki|Mi|Gi|Ti)?").matcher(text);
      assertTrue(m.matches(), "a quantity: '" + text + "'");
      double factor = switch (m.group(2) == null ? "" : m.group(2)) {
        case "m" -> 0.001;
        case "Ki" -> 1024.0;
        case "Mi" -> 1024.0 * 1024;
        case "Gi" -> 1024.0 * 1024 * 1024;
        case "Ti" -> 1024.0 * 1024 * 1024 * 1024;
        default -> 1;
      };
      return new Quantity(Double.parseDouble(m.group(1)) * factor);
    }
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
