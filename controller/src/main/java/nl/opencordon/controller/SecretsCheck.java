package nl.opencordon.controller;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Secrets that must not reach a real city: the placeholder and demo values this repository ships (the
 * demo's plate-hash secret, the Kubernetes example's database password and secret, the bench's) and camera
 * push keys that are empty or shorter than {@link ConfigCheck#MIN_SECRET_LENGTH}. Anything public is as good
 * as no secret: a known plate-hash secret turns every plate hash back into its plate.
 */
final class SecretsCheck {
  /** Values shipped in this repository's examples, demo and bench. */
  static final Set<String> SHIPPED = Set.of(
      "demo-only-secret-change-me-0123456789",
      "change-me-to-a-long-random-secret-of-at-least-32-characters",
      "bench-only-secret-0123456789abcdef",
      "change-me");

  private SecretsCheck() {}

  static List<String> problems(Config config) {
    List<String> problems = new ArrayList<>();
    if (shipped(config.getString("anpr.controller.plate-hash-secret"))) {
      problems.add("anpr.controller.plate-hash-secret: the shipped example or demo secret is public; set a random "
          + "secret of your own (or ANPR_PLATE_HASH_SECRET)");
    }
    if (shipped(config.getString("anpr.persistence.db.password"))) {
      problems.add("anpr.persistence.db.password: the example's password is public; set the database's own "
          + "(or ANPR_DB_PASSWORD)");
    }
    config.getConfig("anpr.camera-drivers.http.api-keys").root().unwrapped().forEach((camera, key) -> {
      String value = key == null ? "" : String.valueOf(key);
      if (value.length() < ConfigCheck.MIN_SECRET_LENGTH || shipped(value)) {
        problems.add("anpr.camera-drivers.http.api-keys.\"" + camera + "\": a push key must be a random secret of at "
            + "least " + ConfigCheck.MIN_SECRET_LENGTH + " characters" + (value.isEmpty() ? " (it is empty)" : ""));
      }
    });
    return problems;
  }

  /** A shipped value, or one that says it is a placeholder. */
  private static boolean shipped(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return SHIPPED.contains(value) || v.contains("change-me") || v.contains("changeme");
  }
}
