package nl.opencordon.enforcement;

import java.io.IOException;
import java.io.Reader;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.enforcement.store.EnforcementRepository;
import nl.opencordon.enforcement.store.OutcomeRepository;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objection (bezwaar) and appeal (beroep) outcomes of fines sent to CJIB, as the CVOM reports them: entered by
 * an officer, or imported from the CVOM's CSV file (docs/quality.md, "Het bestand van het CVOM"). Each is
 * linked to the case by its id, and counts under the case's zone, rule, gate, camera and month, also once
 * retention deleted the case.
 */
public final class CaseOutcomes {
  private static final Logger log = LoggerFactory.getLogger(CaseOutcomes.class);
  /** The CVOM file's columns: case id, bezwaar or beroep, gegrond or ongegrond. */
  static final String[] HEADER = {"zaak", "soort", "uitkomst"};
  private static final Map<String, String> KIND = Map.of("bezwaar", OutcomeRepository.OBJECTION,
      "beroep", OutcomeRepository.APPEAL, "objection", OutcomeRepository.OBJECTION, "appeal", OutcomeRepository.APPEAL);
  private static final Map<String, String> RESULT = Map.of("gegrond", "UPHELD", "ongegrond", "REJECTED",
      "upheld", "UPHELD", "rejected", "REJECTED");

  /** {@code NOT_A_FINE_SENT}: only fines that went to CJIB can have one; {@code ALREADY}: recorded before. */
  public enum Result { RECORDED, ALREADY, UNKNOWN_CASE, NOT_A_FINE_SENT, INVALID }

  /** What an import did; {@code problems} name the line and why it was not recorded. */
  public record Import(int recorded, int already, List<String> problems) {}

  private final OutcomeRepository outcomes;
  private final Clock clock;

  CaseOutcomes(OutcomeRepository outcomes, Clock clock) {
    this.outcomes = outcomes;
    this.clock = clock;
  }

  /**
   * Records the outcome of an objection or appeal against a fine sent to CJIB.
   *
   * @param kind OBJECTION or APPEAL (or bezwaar, beroep)
   * @param result UPHELD or REJECTED (or gegrond, ongegrond)
   * @param source OFFICER or CVOM-CSV
   */
  public Result decide(String caseId, String kind, String result, String by, String source) throws SQLException {
    String outcome = kind == null ? null : KIND.get(kind.toLowerCase(Locale.ROOT));
    String upheld = result == null ? null : RESULT.get(result.toLowerCase(Locale.ROOT));
    if (caseId == null || caseId.isBlank() || outcome == null || upheld == null) {
      return Result.INVALID;
    }
    Optional<OutcomeRepository.Facts> facts = outcomes.facts(caseId.strip());
    if (facts.isEmpty()) {
      return Result.UNKNOWN_CASE;
    }
    // a case deleted at retention has no status left; only exported fines reach that point with outcomes
    String status = facts.get().status();
    if (!"FINE".equals(facts.get().kind()) || (status != null && !EnforcementRepository.EXPORTED.equals(status))) {
      return Result.NOT_A_FINE_SENT;
    }
    if (!outcomes.decide(facts.get(), outcome, upheld, by, clock.instant(), source)) {
      return Result.ALREADY;
    }
    log.info("Case [{}]: {} {} recorded by [{}] ({})", caseId, outcome, upheld, by, source);
    return Result.RECORDED;
  }

  /** Imports the CVOM's CSV file; a bad line is reported and skipped, the others are recorded. */
  public Import importCsv(Reader csv, String by) throws IOException, SQLException {
    int recorded = 0;
    int already = 0;
    List<String> problems = new ArrayList<>();
    for (CSVRecord line : CSVFormat.DEFAULT.builder().setHeader(HEADER).setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).build().parse(csv)) {
      Result r = line.size() < HEADER.length ? Result.INVALID
          : decide(line.get("zaak"), line.get("soort"), line.get("uitkomst"), by, "CVOM-CSV");
      switch (r) {
        case RECORDED -> recorded++;
        case ALREADY -> already++;
        default -> problems.add("regel " + (line.getRecordNumber() + 1) + ": " + r);
      }
    }
    return new Import(recorded, already, problems);
  }

  public List<OutcomeRepository.Outcome> ofCase(String caseId) throws SQLException {
    return outcomes.ofCase(caseId);
  }
}
