package nl.opencordon.enforcement;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.opencordon.domain.Regime;

/**
 * Settings of the enforcement chain, from {@code anpr.enforcement}.
 *
 * @param offenceCodes CJIB offence code (feitcode) per regime type: zero-emission, milieuzone, closed-area
 * @param doubtPeriod how long before a reported sign problem cases are withdrawn when no schouw that found
 *     the signs in order is known since
 * @param fourEyesZones zones whose cases two different officers must approve
 * @param evidenceOrphanAge how old a stored picture no case refers to must be before retention deletes it
 * @param placeholderEvidence whether a case without a camera picture gets the "SIMULATED EVIDENCE" picture and
 *     may be approved and exported with it (the demo's simulated cameras); off, such a case says it has no real
 *     picture and cannot be approved or exported
 * @param legacyEvidenceDir where versions before 0.1 wrote evidence files; those its cases refer to are moved into
 *     PostgreSQL at start
 * @param erasureReachBack how far back a sign problem or a detour may withdraw cases, at most
 */
public record EnforcementSettings(Duration evidenceOrphanAge, boolean placeholderEvidence, Path legacyEvidenceDir,
                                  Path exportDir, String municipality, Map<String, String> offenceCodes,
                                  Period fineRetention, Period warningRetention, Duration exportFileRetention,
                                  Duration retentionInterval, Duration doubtPeriod, int batchLimit, int queueLimit,
                                  Set<String> fourEyesZones, Duration erasureReachBack) {

  public static EnforcementSettings fromConfig(Config c) {
    Config codes = c.getConfig("offence-codes");
    return new EnforcementSettings(c.getDuration("evidence-orphan-age"), c.getBoolean("placeholder-evidence"),
        Path.of(c.getString("legacy-evidence-dir")), Path.of(c.getString("export-dir")),
        c.getString("municipality"),
        codes.root().keySet().stream().collect(Collectors.toUnmodifiableMap(k -> k, codes::getString)),
        c.getPeriod("fine-retention"), c.getPeriod("warning-retention"), c.getDuration("export-file-retention"),
        c.getDuration("retention-interval"), c.getDuration("doubt-period"), c.getInt("batch-limit"),
        c.getInt("queue-limit"), Set.copyOf(c.getStringList("four-eyes-zones")), c.getDuration("erasure-reach-back"));
  }

  /**
   * Refuses a sign problem or detour that starts further back than {@link #erasureReachBack}: cases older than
   * that were decided under signs nobody doubted then, and withdrawing them is not a report's to do.
   */
  void checkReachBack(Instant from, Instant now) {
    if (from.isBefore(now.minus(erasureReachBack))) {
      throw new IllegalArgumentException("it may start at most " + erasureReachBack.toDays() + " days back "
          + "(anpr.enforcement.erasure-reach-back); cases before that are not withdrawn by a report");
    }
  }

  /** Thrown when a batch would carry a placeholder offence code: CJIB would reject, or misfile, every fine. */
  public static final class PlaceholderOffenceCodeException extends IllegalStateException {
    PlaceholderOffenceCodeException(String type, String code) {
      super("anpr.enforcement.offence-codes." + type + " is the placeholder '" + code + "': set the feitcode from "
          + "the current feitcodeboekje before exporting to CJIB");
    }
  }

  /** The shipped placeholders say UNVERIFIED: the real feitcodes could not be checked against their source. */
  public static boolean isPlaceholder(String code) {
    return code.contains("UNVERIFIED");
  }

  /**
   * The offence code for a zone's regime; fails when none is configured or it is a placeholder, so no batch
   * leaves without a real one.
   */
  public String offenceCode(Regime regime) {
    String type = regime instanceof Regime.ZeroEmission ? "zero-emission"
        : regime instanceof Regime.Milieuzone ? "milieuzone" : "closed-area";
    String code = offenceCodes.get(type);
    if (code == null || code.isBlank()) {
      throw new IllegalStateException("no offence code configured in anpr.enforcement.offence-codes." + type);
    }
    if (isPlaceholder(code)) {
      throw new PlaceholderOffenceCodeException(type, code);
    }
    return code;
  }
}
