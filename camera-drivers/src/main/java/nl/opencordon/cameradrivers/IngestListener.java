package nl.opencordon.cameradrivers;

/**
 * What camera ingestion reports, for the metrics (passages pushed, video frames dropped): the controller adapts it to its Prometheus counters, so
 * the drivers stay unaware of monitoring.
 */
@FunctionalInterface
public interface IngestListener {

  /**
   * @param channel "http" or "mqtt"
   * @param outcome "accepted", "malformed", "refused" (camera switched off) or "unauthorized"
   */
  void passages(String cameraId, String channel, String outcome, int count);

  /** Frames a camera whose video we read ourselves dropped because reading fell behind the stream. */
  default void framesDropped(String cameraId, long count) {}

  IngestListener NONE = (cameraId, channel, outcome, count) -> {};
}
