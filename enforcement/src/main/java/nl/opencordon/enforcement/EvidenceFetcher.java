package nl.opencordon.enforcement;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.ImageFormat;

/**
 * Pictures given by reference: a camera that keeps its pictures sends their URL ({@code ref} in the push format)
 * and the controller fetches them, with a timeout, a size limit and the same check of the first bytes as a pushed
 * picture, for the gate to store before the camera is answered and, if that failed, once more when the case is
 * written. Every fetch is told to the {@link Listener} (a failing camera shows in the metrics); a failure says why
 * without the plate.
 */
public final class EvidenceFetcher implements EvidenceSource {

  /** Told of every fetch of a referenced picture: for the metrics. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = ok -> {};

    void fetched(boolean ok);
  }

  /** From {@code anpr.enforcement.evidence-fetch}. */
  public record Settings(Duration timeout, int maxBytes) {
    public static Settings fromConfig(Config c) {
      return new Settings(c.getDuration("timeout"), (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-bytes")));
    }
  }

  private final HttpClient http;
  private final Settings settings;
  private final Listener listener;

  public EvidenceFetcher(Settings settings, Listener listener) {
    this.settings = settings;
    this.listener = listener;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Whether a reference is a URL this fetcher takes (http or https). */
  public static boolean fetches(String ref) {
    return ref.startsWith("http://") || ref.startsWith("https://");
  }

  @Override
  public Image fetch(String ref, Zone.CaseOpened theCase) throws IOException {
    return fetch(ref);
  }

  /** The picture at {@code ref}; fails with the reason when it is no URL, unreachable, too large or no picture. */
  public Image fetch(String ref) throws IOException {
    if (!fetches(ref)) {
      throw new IOException("no picture behind the reference " + ref);
    }
    try {
      Image image = get(ref);
      listener.fetched(true);
      return image;
    } catch (IOException e) {
      listener.fetched(false);
      throw e;
    }
  }

  private Image get(String ref) throws IOException {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(ref)).timeout(settings.timeout()).GET().build();
    } catch (IllegalArgumentException e) {
      throw new IOException("picture reference is no valid URL: " + ref);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("fetching " + ref + " was interrupted");
    } catch (IOException e) {
      throw new IOException("picture at " + ref + " could not be fetched: " + e, e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("picture at " + ref + " answered HTTP " + response.statusCode());
      }
      byte[] content = body.readNBytes(settings.maxBytes() + 1);
      if (content.length > settings.maxBytes()) {
        throw new IOException("picture at " + ref + " is larger than " + settings.maxBytes() + " bytes");
      }
      Optional<ImageFormat> format = ImageFormat.of(content);
      if (format.isEmpty()) {
        throw new IOException("picture at " + ref + " is not " + ImageFormat.ACCEPTED + " (told by its first bytes)");
      }
      return new Image(content, format.get().mediaType());
    }
  }
}
