package nl.opencordon.insight.rotation;

/**
 * Port: whether a site (opstelpunt) is approved for enforcement. The lawful process (module enforcement)
 * decides this; until the controller wires it, {@link #ALLOW_ALL} approves every site.
 */
@FunctionalInterface
public interface SiteApprovals {
  SiteApprovals ALLOW_ALL = locationCode -> true;

  /** Must be thread-safe; it is asked when a visit is planned and again when it starts. */
  boolean approved(String locationCode);
}
