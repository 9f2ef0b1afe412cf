package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster transport over TLS with mutual authentication, as the controller's cluster.conf sets it from
 * ANPR_CLUSTER_TRANSPORT and the key and trust stores (given here as config keys, which HOCON looks up before
 * the environment): two nodes with keys signed by the cluster's CA form a cluster; a node with a key the CA did
 * not sign is refused at the TLS handshake and never becomes a member. Keys are made with the JDK's keytool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTlsIT {
  private static final String PASSWORD = "cluster-test-secret";
  private Path dir;
  private final List<ActorSystem<Void>> nodes = new ArrayList<>();

  @BeforeAll
  void keys() throws Exception {
    dir = Files.createTempDirectory("cluster-tls-it");
    keytool("-genkeypair", "-alias", "ca", "-keystore", "ca.p12", "-dname", "CN=cordon-cluster-ca", "-ext", "bc:c");
    keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12");
    for (String node : List.of("node-1", "node-2")) {
      keytool("-genkeypair", "-alias", "node", "-keystore", node + ".p12", "-dname", "CN=" + node);
      keytool("-certreq", "-alias", "node", "-keystore", node + ".p12", "-file", node + ".csr");
      keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", node + ".csr", "-outfile", node + ".pem",
          "-rfc");
      keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", node + ".p12");
      keytool("-importcert", "-alias", "node", "-file", node + ".pem", "-keystore", node + ".p12");
    }
    // a stranger: a key of its own, signed by nobody the cluster trusts, though it trusts the cluster's CA
    keytool("-genkeypair", "-alias", "node", "-keystore", "stranger.p12", "-dname", "CN=stranger");
  }

  @AfterAll
  void stop() {
    nodes.forEach(ActorSystem::terminate);
  }

  @Test
  void nodesWithKeysOfTheClustersCaFormAClusterAndAStrangerIsRefused() {
    ActorSystem<Void> first = node("node-1");
    ActorSystem<Void> second = node("node-2");
    Cluster.get(first).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    Cluster.get(second).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    TestProbe<Void> probe = TestProbe.create(first);
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(List.of(MemberStatus.up(), MemberStatus.up()), List.of(Cluster.get(first).selfMember().status(),
          Cluster.get(second).selfMember().status()));
      assertEquals(2, Cluster.get(first).state().members().size());
      return null;
    });
    assertEquals("tls-tcp", first.settings().config().getString("pekko.remote.artery.transport"));

    ActorSystem<Void> stranger = node("stranger");
    // the first node refuses the stranger's certificate during the handshake: the stranger's connection fails
    LoggingTestKit.empty().withLogLevel(org.slf4j.event.Level.WARN)
        .withMessageRegex(".*control stream.*SSLHandshakeException: Received fatal alert: bad_certificate.*")
        .expect(stranger, () -> {
          Cluster.get(stranger).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
          return null;
        });
    assertEquals(2, Cluster.get(first).state().members().size(), "the stranger became a member");
    assertNotEquals(MemberStatus.up(), Cluster.get(stranger).selfMember().status());
  }

  /** A node on the controller's cluster.conf, with TLS set as a deployment sets it. */
  private ActorSystem<Void> node(String name) {
    Config settings = ConfigFactory.parseString("""
        ANPR_CLUSTER_TRANSPORT = tls-tcp
        ANPR_CLUSTER_KEY_STORE = "%s"
        ANPR_CLUSTER_KEY_PASSWORD = "%s"
        ANPR_CLUSTER_TRUST_STORE = "%s"
        ANPR_CLUSTER_TRUST_PASSWORD = "%s"
        ANPR_CLUSTER_PORT = 0
        """.formatted(dir.resolve(name + ".p12"), PASSWORD, dir.resolve("trust.p12"), PASSWORD));
    Config config = ConfigFactory.parseResources("cluster.conf").withFallback(settings)
        .withFallback(ConfigFactory.parseString("pekko.cluster.jmx.multi-mbeans-in-same-jvm = on"))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cordon", config);
    nodes.add(system);
    return system;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "2"));
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
