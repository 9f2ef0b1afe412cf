package nl.opencordon.cameradrivers;

/**
 * What camera ingestion reports, for the metrics: the controller adapts it to its Prometheus counters, so
 * the drivers stay unaware of monitoring.
 */
@FunctionalInterface
public interface IngestListener {

  /**
   * @param channel "http" or "mqtt"
   * @param outcome "accepted", "malformed", "refused" (camera switched off) or "unauthorized"
   */
  void passages(String cameraId, String channel, String outcome, int count);

  IngestListener NONE = (cameraId, channel, outcome, count) -> {};
}
