package nl.opencordon.actors;

/** Marker of every message and persisted event or state: bound to Jackson CBOR in reference.conf. */
public interface CborSerializable {}
