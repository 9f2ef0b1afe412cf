package nl.opencordon.security;

/** What a user may do. {@link #ADMIN} may do everything the others may. */
public enum Role {
  /** Traffic control room: reads devices, incidents and availability, acknowledges incidents. */
  CONTROL_ROOM,
  /** Operations: device actions (on/off, sites), enforcement times, sign problems, exemptions. */
  OPERATIONS,
  /** Enforcement officer (BOA): reviews cases. */
  OFFICER,
  ADMIN
}
