package nl.opencordon.actors;

/** How a camera, display or gate is doing, as the control room colours it. */
public enum DeviceHealth {
  UP, DEGRADED, DOWN, DISABLED
}
