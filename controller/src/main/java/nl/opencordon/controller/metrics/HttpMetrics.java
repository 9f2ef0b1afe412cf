package nl.opencordon.controller.metrics;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import nl.opencordon.monitoring.ControllerMetrics;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Counts and times every HTTP request by method, route and status. The route is the path template of the
 * API document ({@code /api/enforcement/cases/{id}}), so ids never become label values; static files count
 * under their prefix and anything else as {@code other}.
 */
public final class HttpMetrics {
  /** Served by prefix (static files), not listed path by path in the API document. */
  public static final List<String> STATIC_PREFIXES = List.of("/web/", "/lib/leaflet/", "/lib/chart.js/",
      "/insight/assets/", "/insight/lib/chart.js/", "/inzage/", "/quality/assets/");

  private record Template(Pattern pattern, String route) {}

  private final ControllerMetrics metrics;
  private final List<Template> templates;

  public HttpMetrics(ControllerMetrics metrics) {
    this.metrics = metrics;
    List<Template> found = new ArrayList<>();
    documentedPaths().forEach(path -> found.add(new Template(
        Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q")), path)));
    STATIC_PREFIXES.forEach(prefix -> found.add(new Template(Pattern.compile(Pattern.quote(prefix) + ".*"),
        prefix + "*")));
    this.templates = List.copyOf(found);
  }

  /** The paths of the API document {@code openapi.yaml} on the class path. */
  public static List<String> documentedPaths() {
    try (InputStream in = HttpMetrics.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the class path");
      }
      List<String> paths = new ArrayList<>();
      for (Iterator<String> it = new YAMLMapper().readTree(in).path("paths").fieldNames(); it.hasNext(); ) {
        paths.add(it.next());
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The route label of a request path. */
  public String routeOf(String path) {
    for (Template t : templates) {
      if (t.pattern().matcher(path).matches()) {
        return t.route();
      }
    }
    return "other";
  }

  /** {@code routes}, measured. */
  public Route measure(Route routes) {
    return extractRequest(request -> {
      long start = System.nanoTime();
      String method = request.method().value();
      String route = routeOf(request.getUri().path());
      return mapResponse(response -> {
        metrics.httpRequest(method, route, response.status().intValue(), System.nanoTime() - start);
        return response;
      }, () -> routes);
    });
  }
}
