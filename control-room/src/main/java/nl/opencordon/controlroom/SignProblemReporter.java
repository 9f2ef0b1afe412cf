package nl.opencordon.controlroom;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Where a sign problem reported in the control room goes besides the incident list: the enforcement chain
 * suspends the gate from that moment and withdraws the cases of the doubt period, until it is resolved.
 */
public interface SignProblemReporter {
  /** @param mayErase whether the reporter may withdraw the doubt period's cases (not the control room alone) */
  void report(String gateId, Instant from, String detail, String reportedBy, boolean mayErase) throws SQLException;

  /** Ends every open sign problem of the gate: enforcement there resumes. */
  void resolve(String gateId) throws SQLException;

  /** The zones not enforced because their schouw is overdue (where it is required), with when it fell due. */
  Map<String, Instant> overdueSchouws() throws SQLException;
}
