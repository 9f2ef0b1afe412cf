package nl.opencordon.enforcement;

import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.CityBuilder;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.Verdict;
import nl.opencordon.enforcement.store.StoredEvidence;
import nl.opencordon.persistence.Database;
import nl.opencordon.persistence.TestDatabase;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The enforcement chain on a fresh PostgreSQL schema, without actors or a controller: a case goes in through the
 * intake as the cases projection hands it over from a zone's decision, with a real picture in the evidence store.
 * For what enforcement does with its cases; the way there from a camera is the controller's tests' business.
 */
final class EnforcementOnDatabase implements AutoCloseable {
  /** A ZE-zone "ze" with an entry gate "ze-in" and its camera "ze-1", and a scan car "scan-1". */
  static final CityLayout CITY = CityBuilder.entryAndScanCar("Handhavingstad",
      // cases reach the officer at once, not at 06:00 the next day (no release job runs here)
      "await-day-exemptions = off", CityBuilder.NATIONAL_ZE, CityBuilder.ENFORCED_2025).layout();
  /** A camera picture that decodes, as a dossier draws it. */
  static final byte[] JPEG = jpeg();

  final CityLayout city;
  final Database database = Database.open(TestDatabase.freshSchema());
  /** Only for its serializers, with which an erasure rewrites the zones' journal. */
  final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "enforcement-on-database");
  final Path exportDir = Files.createTempDirectory("enforcement-exports");
  final Enforcement enforcement;

  EnforcementOnDatabase() throws IOException {
    this(CITY);
  }

  /** The chain for another city, e.g. one whose zone has a hold period. */
  EnforcementOnDatabase(CityLayout city) throws IOException {
    this.city = city;
    enforcement = node("");
  }

  /**
   * The chain as a node with some settings changed sees it, on the same schema: what a city that switches a
   * setting finds in its records, e.g. cases written and approved with {@code placeholder-evidence} on.
   */
  Enforcement node(String changedSettings) {
    Enforcement node = Enforcement.create(ConfigFactory.parseString(changedSettings).withFallback(
        ConfigFactory.parseString("""
            export-dir = "%s"
            offence-codes.zero-emission = "TEST-ZE-1"
            # as in the demo, where the controller's chain tests run: a case without a real picture may be
            # approved, and a camera's site needs no approval before its cases go to CJIB
            placeholder-evidence = on
            lawful.require-site-approval = false
            """.formatted(exportDir))).withFallback(ConfigFactory.load()
            .getConfig("anpr.enforcement")), database.dataSource(), city, EvidenceFetcher.Listener.NONE, 0.8,
        // no RDW API here: a new case is written on the facts it was decided on
        plate -> CompletableFuture.failedFuture(new IllegalStateException("no RDW API in this test")),
        Clock.systemUTC());
    node.attach(system);
    return node;
  }

  /** Opens a fine for a van seen entering at camera "ze-1", as zone "ze" decides it; returns the case id. */
  String fine(String caseId, Plate plate, Instant at) throws SQLException, IOException {
    return fine(caseId, plate, "ze-1", Sighting.Source.ENTRY, at);
  }

  /** Opens a fine for a van seen by {@code cameraId} at its site, with a real picture; returns the case id. */
  String fine(String caseId, Plate plate, String cameraId, Sighting.Source source, Instant at)
      throws SQLException, IOException {
    enforcement.intake().record(opened(caseId, plate, cameraId, source, at));
    return caseId;
  }

  /**
   * Opens a fine at camera "ze-1" whose only picture is a simulated camera's reference ({@code sim://}), which
   * points at no image: with {@code placeholder-evidence} on it gets the placeholder, no real picture.
   */
  String simulatedFine(String caseId, Plate plate, Instant at) throws SQLException, IOException {
    enforcement.intake().record(opened(caseId, plate, "ze-1", Sighting.Source.ENTRY, at,
        "sim://ze-1/p-" + caseId));
    return caseId;
  }

  /** The zone's decision that opens such a fine, as it stands in the journal. */
  Zone.CaseOpened opened(String caseId, Plate plate, String cameraId, Sighting.Source source, Instant at)
      throws SQLException, IOException {
    return opened(caseId, plate, cameraId, source, at, enforcement.evidence().put(JPEG, "image/jpeg").ref());
  }

  private Zone.CaseOpened opened(String caseId, Plate plate, String cameraId, Sighting.Source source, Instant at,
                                 String picture) {
    // a pseudonym that, like the gates' keyed hash, does not spell the plate
    String plateHash = StoredEvidence.sha256(plate.text().getBytes(StandardCharsets.UTF_8));
    Sighting seen = new Sighting("p-" + caseId, source, plate, plateHash, at, cameraId,
        city.cameras().stream().filter(c -> c.id().equals(cameraId)).findFirst().orElseThrow().site(),
        Verdict.of(Verdict.Outcome.NOT_ALLOWED, "ZE-3", "van with emission class 4"), Optional.empty(),
        List.of(picture), Optional.empty(), Optional.of(0.9), Optional.empty());
    return new Zone.CaseOpened(caseId, Zone.CaseKind.FINE, "ze", seen);
  }

  private static byte[] jpeg() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> query(String sql) throws SQLException {
    return TestDatabase.strings(database.dataSource(), sql);
  }

  @Override
  public void close() {
    system.terminate();
    database.close();
  }
}
