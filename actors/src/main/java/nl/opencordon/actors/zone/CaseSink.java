package nl.opencordon.actors.zone;

/**
 * Port for the case read model: told of every case once it is persisted in the zone's journal. Called on
 * the zone actor's thread, so implementations hand the work to their own executor.
 */
@FunctionalInterface
public interface CaseSink {
  void caseOpened(Zone.CaseOpened event);

  CaseSink NONE = event -> {};
}
