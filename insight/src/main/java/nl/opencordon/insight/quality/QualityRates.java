package nl.opencordon.insight.quality;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import nl.opencordon.insight.quality.QualityRepository.CaseCount;
import nl.opencordon.insight.quality.QualityRepository.OutcomeCount;

/**
 * How good the fines are, per month and per zone, rule, gate or camera: of the cases made, how many the officers
 * dismissed and why, how many were withdrawn, and of the objections and appeals the CVOM decided, how many were
 * upheld. A month is the month the vehicle was seen, so a later objection counts towards the month of its case.
 */
public final class QualityRates {
  /** What the rates are grouped by besides the month. */
  public enum By {
    ZONE, RULE, GATE, CAMERA
  }

  /**
   * One month of one zone, rule, gate or camera.
   *
   * @param dismissedBy dismissals by reason code
   */
  public record Rate(YearMonth month, String key, long cases, long finesSent, long dismissed,
                     Map<String, Long> dismissedBy, long withdrawn, long objections, long objectionsUpheld,
                     long appeals, long appealsUpheld) {
    public double dismissedShare() {
      return share(dismissed, cases);
    }

    public double withdrawnShare() {
      return share(withdrawn, cases);
    }

    public double objectionsUpheldShare() {
      return share(objectionsUpheld, objections);
    }

    private static double share(long part, long whole) {
      return whole == 0 ? 0 : (double) part / whole;
    }
  }

  private final QualityRepository repository;
  private final Map<String, String> gateOfCamera;

  public QualityRates(QualityRepository repository, Map<String, String> gateOfCamera) {
    this.repository = repository;
    this.gateOfCamera = gateOfCamera;
  }

  /** The rates of the months from {@code from} to {@code to}, inclusive. */
  public List<Rate> rates(YearMonth from, YearMonth to, By by) throws SQLException {
    LocalDate first = from.atDay(1);
    LocalDate last = to.atEndOfMonth();
    Map<List<Object>, Builder> rows = new TreeMap<>((a, b) -> (a.get(0) + "|" + a.get(1))
        .compareTo(b.get(0) + "|" + b.get(1)));
    Function<List<Object>, Builder> row = k -> rows.computeIfAbsent(k, x -> new Builder());
    for (CaseCount c : repository.caseCounts(first, last)) {
      Builder b = row.apply(List.of(YearMonth.from(c.month()), key(by, c.zoneId(), c.ruleId(),
          gateOfCamera.getOrDefault(c.cameraId(), "?"), c.cameraId())));
      b.cases += c.cases();
      b.finesSent += c.finesSent();
    }
    for (OutcomeCount o : repository.outcomeCounts(first, last)) {
      Builder b = row.apply(List.of(YearMonth.from(o.month()), key(by, o.zoneId(), o.ruleId(), o.gateId(),
          o.cameraId())));
      boolean upheld = "UPHELD".equals(o.result());
      switch (o.outcome()) {
        case "DISMISSED" -> {
          b.dismissed += o.count();
          b.dismissedBy.merge(o.reason(), o.count(), Long::sum);
        }
        case "WITHDRAWN" -> b.withdrawn += o.count();
        case "OBJECTION" -> {
          b.objections += o.count();
          b.objectionsUpheld += upheld ? o.count() : 0;
        }
        case "APPEAL" -> {
          b.appeals += o.count();
          b.appealsUpheld += upheld ? o.count() : 0;
        }
        default -> throw new IllegalStateException("unknown outcome " + o.outcome());
      }
    }
    List<Rate> out = new ArrayList<>();
    rows.forEach((k, b) -> out.add(new Rate((YearMonth) k.get(0), (String) k.get(1), b.cases, b.finesSent,
        b.dismissed, Map.copyOf(b.dismissedBy), b.withdrawn, b.objections, b.objectionsUpheld, b.appeals,
        b.appealsUpheld)));
    return out;
  }

  private static String key(By by, String zone, String rule, String gate, String camera) {
    return switch (by) {
      case ZONE -> zone;
      case RULE -> rule;
      case GATE -> gate;
      case CAMERA -> camera;
    };
  }

  private static final class Builder {
    long cases;
    long finesSent;
    long dismissed;
    final Map<String, Long> dismissedBy = new TreeMap<>();
    long withdrawn;
    long objections;
    long objectionsUpheld;
    long appeals;
    long appealsUpheld;
  }
}
