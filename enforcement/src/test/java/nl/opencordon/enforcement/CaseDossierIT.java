package nl.opencordon.enforcement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import nl.opencordon.domain.Plate;
import nl.opencordon.enforcement.store.StoredEvidence;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * A case's dossier for the CVOM or a court, on PostgreSQL: every part of the evidence chain in the PDF, the original
 * picture byte for byte in the ZIP with its checksum, and no dossier at all from a picture that was altered.
 */
class CaseDossierIT {
  @Test
  void theDossierHoldsEveryPartAndTheOriginalPictureAndRefusesAnAlteredOne() throws Exception {
    try (EnforcementOnDatabase chain = new EnforcementOnDatabase()) {
      chain.fine("c-dossier", Plate.dutch("CD-001-B"), Instant.now().minus(Duration.ofHours(1)));
      assertEquals(Review.Result.APPROVED, chain.enforcement.review().approve("c-dossier", "boa-a"));

      CaseDossier.Files dossier = chain.enforcement.dossiers().make("c-dossier", "boa-b").orElseThrow();
      String text;
      try (PDDocument pdf = Loader.loadPDF(dossier.pdf())) {
        text = new PDFTextStripper().getText(pdf);
      }
      for (String part : CaseDossier.PARTS) {
        assertTrue(text.contains(part), "the dossier lacks " + part);
      }
      String sha256 = StoredEvidence.sha256(EnforcementOnDatabase.JPEG);
      // the caption of the picture's own page
      for (String fact : List.of("CD-001-B", "boa-a", "boa-b", "(gelijk)", "Foto 1, SHA-256 " + sha256)) {
        assertTrue(text.contains(fact), "the dossier lacks " + fact + ":\n" + text);
      }
      Map<String, byte[]> zip = unzip(dossier.zip());
      assertEquals(List.of("SHA256SUMS", "dossier.pdf", "foto-1.jpg"), List.copyOf(zip.keySet()));
      assertArrayEquals(EnforcementOnDatabase.JPEG, zip.get("foto-1.jpg"));
      assertArrayEquals(dossier.pdf(), zip.get("dossier.pdf"));
      assertEquals(sha256 + "  foto-1.jpg\n",
          new String(zip.get("SHA256SUMS"), StandardCharsets.UTF_8));

      try (Connection c = chain.database.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("UPDATE evidence_objects SET content = content || '\\x00'::bytea");
      }
      CaseDossier.AlteredPictureException refused = assertThrows(CaseDossier.AlteredPictureException.class,
          () -> chain.enforcement.dossiers().make("c-dossier", "boa-b"), "a dossier was made from an altered picture");
      assertTrue(refused.getMessage().contains("zaak c-dossier") && !refused.getMessage().contains("CD-001-B"),
          refused.getMessage());
      assertTrue(chain.enforcement.dossiers().make("c-none", "boa-b").isEmpty());
    }
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }
}
