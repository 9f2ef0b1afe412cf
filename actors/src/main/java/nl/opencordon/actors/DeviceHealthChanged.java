package nl.opencordon.actors;

import java.time.Instant;

/**
 * Published on the actor system's event stream whenever a device's health changes, so the control room and
 * the incident log follow devices without polling them.
 *
 * @param kind "camera", "display" or "gate"
 */
public record DeviceHealthChanged(String kind, String deviceId, DeviceHealth from, DeviceHealth to, Instant at,
                                  String detail) implements CborSerializable {}
