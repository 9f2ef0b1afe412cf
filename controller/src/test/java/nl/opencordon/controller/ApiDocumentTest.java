package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.opencordon.controller.metrics.HttpMetrics;
import org.junit.jupiter.api.Test;

/**
 * The API document describes every route in the code: each literal path segment that a route of any module
 * matches ({@code path("queue", ...)}, {@code segment("batches").slash("file")}) is a segment of a documented
 * path or of a static prefix. A new route fails here until it is documented (or its prefix listed in
 * {@link HttpMetrics#STATIC_PREFIXES}); {@code ApiDocumentIT} checks the other way, that every documented
 * operation is served.
 */
class ApiDocumentTest {
  /** Pekko HTTP's path directives with a literal; {@code .path("x")} on a JSON node is not one. */
  private static final Pattern ROUTE_LITERAL =
      Pattern.compile("(?:(?<![.\\w])(?:path|pathPrefix|segment)|\\.slash)\\(\"([^\"]+)\"");

  @Test
  void everyRouteSegmentInTheCodeIsDocumented() throws IOException {
    Set<String> documented = new TreeSet<>();
    ApiDocument.load().operations().forEach(o -> documented.addAll(Set.of(o.path().split("/"))));
    HttpMetrics.STATIC_PREFIXES.forEach(p -> documented.addAll(Set.of(p.split("/"))));
    Map<String, Path> undocumented = new TreeMap<>();
    int found = 0;
    try (Stream<Path> files = Files.walk(Path.of("..").toAbsolutePath().normalize(), 12)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")
          && f.toString().contains("/src/main/java/")).toList()) {
        Matcher m = ROUTE_LITERAL.matcher(read(file));
        while (m.find()) {
          found++;
          for (String segment : m.group(1).split("/")) {
            if (!documented.contains(segment)) {
              undocumented.put(segment, file);
            }
          }
        }
      }
    }
    assertTrue(found > 40, "route literals found: " + found);
    assertEquals(Map.of(), undocumented, "route segments missing from openapi.yaml");
  }

  @Test
  void routeLabelsOfTheMetricsAreTheDocumentsTemplates() {
    HttpMetrics http = new HttpMetrics(new nl.opencordon.monitoring.ControllerMetrics());
    assertEquals("/api/enforcement/cases/{id}/evidence/{n}", http.routeOf("/api/enforcement/cases/c-17/evidence/0"));
    assertEquals("/api/cameras", http.routeOf("/api/cameras"));
    assertEquals("/web/*", http.routeOf("/web/control-room.js"));
    assertEquals("other", http.routeOf("/api/cameras/a/b/c"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
