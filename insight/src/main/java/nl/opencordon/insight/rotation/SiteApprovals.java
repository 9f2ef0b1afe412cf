package nl.opencordon.insight.rotation;

/**
 * Port: whether a camera is approved for enforcement at a site (opstelpunt): approval belongs to a camera at a
 * site (Leidraad 4.2.6), so another camera's approval there does not count. The lawful process (module
 * enforcement) decides this; until the controller wires it, {@link #ALLOW_ALL} approves every camera everywhere.
 */
@FunctionalInterface
public interface SiteApprovals {
  SiteApprovals ALLOW_ALL = (cameraId, locationCode) -> true;

  /** Must be thread-safe; it is asked when a visit is planned and again when it starts. */
  boolean approved(String cameraId, String locationCode);
}
