package nl.opencordon.domain;

/** Where a zone stands in its introduction: aankondiging, waarschuwingsperiode, handhaving. */
public enum Phase {
  /** Signs are up, nothing is sent to drivers. */
  ANNOUNCEMENT,
  /** Violations produce warning letters, never fines. */
  WARNING,
  /** Violations produce cases for officer review and fines. */
  ENFORCEMENT
}
