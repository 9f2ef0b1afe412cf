package nl.opencordon.enforcement.cases;

import java.time.Instant;
import java.time.LocalDate;
import nl.opencordon.domain.GeoPoint;

/**
 * One row of the case read model: a potential violation (or warning-letter entry) as officers review it.
 *
 * @param kind FINE or WARNING
 * @param source ENTRY, EXIT or SCAN
 * @param vehicleFactsJson the facts the verdict used, as JSON
 * @param evidenceRefsJson references of the evidence images, as a JSON array
 * @param seenCategory the vehicle category the camera saw (a {@code VehicleCategory} name); null when unknown
 * @param readConfidence the camera's confidence in its read of the plate, 0..1; null when unknown
 * @param position where the vehicle was seen (a scan car's position as it sent it, else the site's); null for
 *     cases from before it was kept
 */
public record CaseRecord(String caseId, String zoneId, String kind, String plate, String country, String plateHash,
                         Instant observedAt, LocalDate localDay, String cameraId, String source, String locationCode,
                         String street, String direction, String observationText, String ruleId, String reason,
                         String vehicleFactsJson, String evidenceRefsJson, String status,
                         String seenCategory, Double readConfidence, GeoPoint position) {}
