package nl.opencordon.cameradrivers.sim;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Switches simulated cameras off the air and back, as a power cut or a broken link would: a dead camera
 * sends neither passages nor heartbeats. Used by the demo's operator actions and by tests.
 */
public final class SimulatorControl {
  private final Set<String> dead = ConcurrentHashMap.newKeySet();
  private final Map<String, Double> rates = new ConcurrentHashMap<>();

  public void kill(String cameraId) {
    dead.add(cameraId);
  }

  public void heal(String cameraId) {
    dead.remove(cameraId);
  }

  public boolean isAlive(String cameraId) {
    return !dead.contains(cameraId);
  }

  /** Overrides the passages per second of one camera. */
  public void setRate(String cameraId, double perSecond) {
    rates.put(cameraId, perSecond);
  }

  double rate(String cameraId, double fallback) {
    return rates.getOrDefault(cameraId, fallback);
  }
}
