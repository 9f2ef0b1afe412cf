package nl.opencordon.enforcement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.Passage;
import nl.opencordon.enforcement.cases.CaseRecord;
import nl.opencordon.enforcement.store.CaseFile;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.EvidenceStore;
import nl.opencordon.enforcement.store.LawfulRepository;
import nl.opencordon.enforcement.store.LawfulRepository.SiteApproval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site approval (Leidraad 4.2.6): the CVOM approves a camera's pictures at a site before enforcement starts
 * there. Approval belongs to the camera at that site: a mobile camera moved to a site where it has no approval
 * makes test cases there, whatever it had where it stood before. Until its approval is recorded a site makes test
 * cases: officers can review them, but no batch (CJIB, NAW,
 * letters) ever takes them. Operations exports a sample package for the approval: a ZIP with the site, and
 * for each recent case its pictures and the second observation text.
 */
public final class SiteApprovals {
  private static final Logger log = LoggerFactory.getLogger(SiteApprovals.class);
  /** Counter outcome of a test case deleted after the test-case retention. */
  static final String TEST_CASE = "TEST_CASE";
  private static final int PAGE = 500;

  /**
   * A camera's configured site and its approval there, when it has one; {@code approvedElsewhere}: a mobile
   * camera's approvals at the other sites it was moved to.
   */
  public record Site(String cameraId, String gateId, String locationCode, String street, String direction,
                     GeoPoint position, boolean approved, SiteApproval approval,
                     List<SiteApproval> approvedElsewhere) {}

  record SiteFile(String cameraId, String gateId, String zoneId, String locationCode, String street,
                  String direction, GeoPoint position, String observationText, boolean approved, Instant exportedAt,
                  int cases) {}

  private final LawfulRepository store;
  private final EnforcementRepository cases;
  private final EvidenceStore evidence;
  private final Erasure erasure;
  private final CityLayout layout;
  private final LawfulSettings settings;
  private final Clock clock;

  SiteApprovals(LawfulRepository store, EnforcementRepository cases, EvidenceStore evidence, Erasure erasure,
                CityLayout layout, LawfulSettings settings, Clock clock) {
    this.store = store;
    this.cases = cases;
    this.evidence = evidence;
    this.erasure = erasure;
    this.layout = layout;
    this.settings = settings;
    this.clock = clock;
  }

  public List<Site> sites() throws SQLException {
    Map<String, List<SiteApproval>> approvals = store.approvals().stream()
        .collect(Collectors.groupingBy(SiteApproval::cameraId));
    return layout.cameras().stream().map(c -> site(c, approvals.getOrDefault(c.id(), List.of()))).toList();
  }

  /** Gives approvals recorded before they named a site the site each camera has in the layout; at start. */
  void nameConfiguredSites() throws SQLException {
    for (CityLayout.Camera c : layout.cameras()) {
      store.nameSite(c.id(), c.site().locationCode());
    }
  }

  /**
   * Whether a camera's cases at a location code can go out: approval is not required here, or this camera is
   * approved at that site (another camera's approval there does not count). Asked by the rotation plan of mobile
   * cameras; blocks on JDBC.
   */
  public boolean approves(String cameraId, String locationCode) {
    if (!settings.requireSiteApproval()) {
      return true;
    }
    return store.approval(cameraId, locationCode).isPresent();
  }

  /**
   * Records the CVOM's approval of a camera at a site from now on; an approved site keeps its first approval.
   *
   * @param locationCode the site; null or blank for the camera's configured one. Only a mobile camera has others.
   */
  public Site approve(String cameraId, String locationCode, String reference, String approvedBy)
      throws SQLException {
    CityLayout.Camera camera = camera(cameraId);
    SiteApproval approval = store.approve(new SiteApproval(cameraId, siteCode(camera, locationCode), clock.instant(),
        approvedBy, reference));
    log.info("Camera [{}] at site [{}] approved by [{}] ({}): its cases there go out from {}", cameraId,
        approval.locationCode(), approvedBy, reference, approval.approvedAt());
    return site(camera, store.approvals().stream().filter(a -> a.cameraId().equals(cameraId)).toList());
  }

  /** Withdraws an approval: the camera makes test cases at that site again. False when it was not approved. */
  public boolean revoke(String cameraId, String locationCode) throws SQLException {
    return store.revoke(cameraId, siteCode(camera(cameraId), locationCode));
  }

  private static String siteCode(CityLayout.Camera camera, String locationCode) {
    if (locationCode == null || locationCode.isBlank() || locationCode.equals(camera.site().locationCode())) {
      return camera.site().locationCode();
    }
    if (!camera.mobile()) {
      throw new IllegalArgumentException("camera " + camera.id() + " is fixed at site " + camera.site().locationCode());
    }
    return locationCode;
  }

  /** Marks a new case as a test case ({@link CasePolicy} decided so); before the row is written. */
  void markTest(String caseId) throws SQLException {
    store.markTest(caseId);
  }

  public boolean isTestCase(String caseId) throws SQLException {
    return store.isTest(caseId);
  }

  /**
   * Deletes the test cases observed before a moment, whatever their status, and forgets the marks of test
   * cases deleted otherwise; the number deleted.
   */
  public int expireTestCases(Instant before) throws SQLException {
    int deleted = 0;
    for (List<String> ids = store.testCasesObservedBefore(before, PAGE); !ids.isEmpty();
         ids = store.testCasesObservedBefore(before, PAGE)) {
      for (String id : ids) {
        deleted += erasure.erase(id, Erasure.ANY_STATUS, TEST_CASE).isPresent() ? 1 : 0;
      }
    }
    store.forgetDeletedTestCases();
    return deleted;
  }

  /**
   * The sample package of a site for the CVOM: {@code site.json}, and per case (newest first, at most the
   * configured sample size) its pictures and {@code observation.txt}. The pictures show plates: the caller
   * writes the access log.
   */
  public byte[] samplePackage(String cameraId) throws SQLException, IOException {
    CityLayout.Camera camera = camera(cameraId);
    List<CaseFile> all = cases.atCameras(Set.of(cameraId), Instant.EPOCH, Erasure.ANY_STATUS);
    List<CaseFile> sample = new ArrayList<>(all.subList(Math.max(0, all.size() - settings.sampleSize()), all.size()));
    Collections.reverse(sample);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      nl.opencordon.domain.Site s = camera.site();
      entry(zip, "site.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new SiteFile(cameraId,
          camera.gateId(), layout.gate(camera.gateId()).zoneId(), s.locationCode(), s.street(), s.direction(),
          s.position(), s.observationText(), store.approval(cameraId, s.locationCode()).isPresent(), clock.instant(), sample.size())));
      for (int i = 0; i < sample.size(); i++) {
        CaseFile f = sample.get(i);
        CaseRecord r = f.record();
        String dir = "%02d-%s/".formatted(i + 1, r.caseId());
        entry(zip, dir + "observation.txt", (r.observedAt().atZone(Passage.LOCAL).toOffsetDateTime() + "\n"
            + r.locationCode() + ", " + r.street() + ", richting " + r.direction() + "\n\n" + r.observationText()
            + "\n").getBytes(StandardCharsets.UTF_8));
        for (int p = 0; p < f.evidence().size(); p++) {
          String type = f.evidence().get(p).mediaType();
          entry(zip, dir + "picture-" + (p + 1) + (type.endsWith("jpeg") ? ".jpg" : type.endsWith("svg+xml") ? ".svg"
              : ".png"),
              evidence.get(f.evidence().get(p)));
        }
      }
    }
    return out.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private CityLayout.Camera camera(String cameraId) {
    return layout.cameras().stream().filter(c -> c.id().equals(cameraId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown camera " + cameraId));
  }

  private static Site site(CityLayout.Camera c, List<SiteApproval> approvals) {
    String code = c.site().locationCode();
    SiteApproval here = approvals.stream().filter(a -> code.equals(a.locationCode())).findFirst().orElse(null);
    return new Site(c.id(), c.gateId(), code, c.site().street(), c.site().direction(), c.site().position(),
        here != null, here, approvals.stream().filter(a -> a != here).toList());
  }
}
