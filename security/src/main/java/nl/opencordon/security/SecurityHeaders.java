package nl.opencordon.security;

import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The headers every answer carries, set in one place around all routes. A page (HTML) gets a policy that runs
 * only the controller's own scripts and styles and cannot be framed; anything else (JSON, evidence, exports)
 * gets a sandbox policy, so a file that a browser opens as a document runs nothing even if it holds markup.
 * Files (PDF, ZIP, CSV, XML, images) also go out as attachments. A header a route set itself is kept.
 */
public final class SecurityHeaders {
  /** For anything not a page: no scripts, no plugins, no origin, no framing. */
  public static final String SANDBOX_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'";

  private final String pagePolicy;

  /**
   * @param tileUrl the control room's map tile template ({@code https://{s}.tile.example/{z}/{x}/{y}.png}) whose
   *                host the map's images come from; empty when the map has no tiles
   */
  public SecurityHeaders(String tileUrl) {
    this.pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:"
        + tileSource(tileUrl).map(s -> " " + s).orElse("")
        + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** The policy a page gets. */
  public String pagePolicy() {
    return pagePolicy;
  }

  /** Wraps all routes: every answer, rejections and errors included, leaves with the headers. */
  public Route wrap(Supplier<Route> inner) {
    return mapResponse(this::secure, inner);
  }

  private HttpResponse secure(HttpResponse response) {
    MediaType type = response.entity().getContentType().mediaType();
    List<HttpHeader> add = new ArrayList<>();
    add.add(RawHeader.create("X-Content-Type-Options", "nosniff"));
    add.add(RawHeader.create("Referrer-Policy", "no-referrer"));
    add.add(RawHeader.create("X-Frame-Options", "DENY"));
    // A 304 has no entity to judge, and a browser lays its headers over the cached answer's: the sandbox policy
    // there made a revalidated page (reload, or back from the identity provider) run no script.
    if (!response.status().equals(StatusCodes.NOT_MODIFIED)) {
      add.add(RawHeader.create("Content-Security-Policy", isPage(type) ? pagePolicy : SANDBOX_POLICY));
      if (isFile(type)) {
        add.add(RawHeader.create("Content-Disposition", "attachment"));
      }
    }
    HttpResponse out = response;
    for (HttpHeader h : add) {
      if (out.getHeader(h.name()).isEmpty()) {
        out = out.addHeader(h);
      }
    }
    return out;
  }

  private static boolean isPage(MediaType type) {
    return type.mainType().equals("text") && type.subType().equals("html");
  }

  /** What a browser should save rather than show: documents, archives, tables and pictures. */
  private static boolean isFile(MediaType type) {
    String sub = type.subType();
    return type.mainType().equals("image") || sub.equals("pdf") || sub.equals("zip") || sub.equals("csv")
        || sub.equals("xml") || sub.equals("octet-stream");
  }

  /** {@code https://{s}.tile.example/...} becomes {@code https://*.tile.example}. */
  private static Optional<String> tileSource(String tileUrl) {
    if (tileUrl == null || tileUrl.isBlank()) {
      return Optional.empty();
    }
    URI uri = URI.create(tileUrl.replace("{s}", "s").replaceAll("\\{[^}]*}", "0"));
    String host = tileUrl.contains("://{s}.") ? "*." + uri.getHost().substring(2) : uri.getHost();
    return Optional.of(uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
  }
}
