package nl.opencordon.enforcement;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the verdict quality loop, from {@code anpr.enforcement.quality} (docs/quality.md).
 *
 * @param dismissalReasons the reasons an officer may give for a dismissal, in the order the officer's page
 *     lists them; a municipality adds its own to the list
 */
public record QualitySettings(List<DismissalReason> dismissalReasons) {

  /** One reason for a dismissal: a code that is stored and counted, a Dutch label for the screens. */
  public record DismissalReason(String code, String label) {}

  public QualitySettings {
    dismissalReasons = List.copyOf(dismissalReasons);
  }

  public static QualitySettings fromConfig(Config c) {
    return new QualitySettings(c.getConfigList("dismissal-reasons").stream()
        .map(r -> new DismissalReason(r.getString("code"), r.getString("label"))).toList());
  }

  public Optional<DismissalReason> reason(String code) {
    return dismissalReasons.stream().filter(r -> r.code().equals(code)).findFirst();
  }
}
