package nl.opencordon.cameradrivers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.opencordon.domain.Json;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.ImageFormat;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;

/**
 * Our documented passage format (docs/camera-push-format.md), the same over HTTP push and MQTT: one passage
 * object, a JSON array of them, or {@code {"passages": [...]}}. Every record is checked on its own, so one
 * malformed record in a batch does not cost the good ones; each problem is reported with its field.
 */
public final class PassageFormat {

  /** The most passages one request or message may carry. */
  public static final int MAX_BATCH = 1000;

  /** The outcome for one record of a request, by its position. */
  public sealed interface Result permits Valid, Invalid {
    int index();
  }

  /**
   * @param pictures the pictures sent with the passage (not those it refers to by URL), each named in
   *     {@code passage.imageRefs()} by its {@link #PUSHED} reference
   */
  public record Valid(int index, Passage passage, List<Picture> pictures) implements Result {
    public Valid {
      pictures = List.copyOf(pictures);
    }
  }

  /** @param id the record's id when it had one, for the camera to match the error with its record */
  public record Invalid(int index, String id, List<String> errors) implements Result {}

  /** An image sent as a named part of a multipart request. */
  public record Part(String contentType, byte[] data) {}

  record PushedPassage(String id, String timestamp, Integer lane, String direction, List<Double> position,
                       PushedPlate plate, PushedVehicle vehicle, Boolean belowThreshold, List<PushedImage> images) {}

  record PushedPlate(String text, String country, Double confidence, List<Double> characterConfidences) {}

  record PushedVehicle(String category, Double speedKmh) {}

  record PushedImage(String kind, String contentType, String data, String part, String ref) {}

  /** The scheme of the references of pictures sent with a passage; they travel with it to its gate. */
  public static final String PUSHED = "pushed://";
  /** The largest picture accepted: an ANPR overview JPEG is a few hundred KB. */
  public static final int MAX_PICTURE_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER = Json.MAPPER;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern EU_CATEGORY = Pattern.compile("[LMNO][1-7][A-Ee]?");
  /** Camera clocks drift; a passage further ahead than this is a broken clock, not a vehicle. */
  private static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

  private final PlateHasher hasher;

  public PassageFormat(PlateHasher hasher) {
    this.hasher = hasher;
  }

  public List<Result> decode(CityLayout.Camera camera, byte[] body) {
    return decode(camera, body, Map.of());
  }

  /** Decodes a request body; {@code parts} are the image parts of a multipart request by name. */
  public List<Result> decode(CityLayout.Camera camera, byte[] body, Map<String, Part> parts) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      return List.of(new Invalid(0, null, List.of("body is not JSON: " + firstLine(e.getMessage()))));
    }
    List<JsonNode> records = new ArrayList<>();
    if (root == null || root.isMissingNode()) {
      return List.of(new Invalid(0, null, List.of("body is empty")));
    } else if (root.isArray()) {
      root.forEach(records::add);
    } else if (root.isObject() && root.has("passages")) {
      if (!root.get("passages").isArray()) {
        return List.of(new Invalid(0, null, List.of("passages: must be an array")));
      }
      root.get("passages").forEach(records::add);
    } else {
      records.add(root);
    }
    if (records.isEmpty()) {
      return List.of(new Invalid(0, null, List.of("no passages in the request")));
    }
    if (records.size() > MAX_BATCH) {
      // Each record waits for its decision before the answer: a bound keeps that answer within its timeout.
      return List.of(new Invalid(0, null, List.of("at most " + MAX_BATCH + " passages per request, got "
          + records.size())));
    }
    List<Result> results = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      results.add(decodeOne(camera, i, records.get(i), parts));
    }
    return results;
  }

  private Result decodeOne(CityLayout.Camera camera, int index, JsonNode node, Map<String, Part> parts) {
    if (!node.isObject()) {
      return new Invalid(index, null, List.of("a passage must be a JSON object"));
    }
    String rawId = node.hasNonNull("id") ? node.get("id").asText() : null;
    PushedPassage p;
    try {
      p = MAPPER.treeToValue(node, PushedPassage.class);
    } catch (JsonMappingException e) {
      return new Invalid(index, rawId, List.of(describe(e)));
    } catch (JsonProcessingException e) {
      return new Invalid(index, rawId, List.of(firstLine(e.getOriginalMessage())));
    }
    List<String> errors = new ArrayList<>();
    if (p.id() == null || !ID.matcher(p.id()).matches()) {
      errors.add("id: required, 1-64 of A-Z a-z 0-9 . _ : -");
    }
    Instant at = timestamp(p.timestamp(), errors);
    Plate plate = null;
    if (p.plate() == null) {
      errors.add("plate: required");
    } else {
      plate = plate(p.plate(), errors);
    }
    if (p.lane() != null && p.lane() < 0) {
      errors.add("lane: must be 0 or more");
    }
    GeoPoint position = position(p.position(), errors);
    VehicleCategory category = VehicleCategory.UNKNOWN;
    Optional<Double> speed = Optional.empty();
    if (p.vehicle() != null) {
      category = category(p.vehicle().category(), errors);
      speed = Optional.ofNullable(p.vehicle().speedKmh());
      if (speed.filter(s -> s < 0 || s > 400).isPresent()) {
        errors.add("vehicle.speedKmh: must be within 0..400");
      }
    }
    List<byte[]> imageData = new ArrayList<>();
    List<PushedImage> pushedImages = p.images() == null ? List.of() : p.images();
    for (int i = 0; i < pushedImages.size(); i++) {
      imageData.add(image(pushedImages.get(i), "images[" + i + "]", parts, errors));
    }
    if (!errors.isEmpty()) {
      return new Invalid(index, p.id(), errors);
    }
    List<String> refs = new ArrayList<>();
    List<Picture> pictures = new ArrayList<>();
    for (int i = 0; i < pushedImages.size(); i++) {
      PushedImage image = pushedImages.get(i);
      if (image.ref() != null) {
        refs.add(image.ref());
      } else {
        String ref = PUSHED + camera.id() + "/" + p.id() + "/" + i + "-" + image.kind();
        byte[] data = imageData.get(i);
        refs.add(ref);
        pictures.add(new Picture(ref, ImageFormat.of(data).orElseThrow().mediaType(), data));
      }
    }
    return new Valid(index, new Passage(p.id(), at, camera.id(), camera.site().locationCode(),
        p.lane() != null ? p.lane() : camera.lane(),
        p.direction(), position != null ? position : camera.site().position(),
        p.plate().text(), plate, hasher.hash(plate), category, p.plate().confidence(),
        p.plate().characterConfidences() == null ? List.of() : p.plate().characterConfidences(),
        Boolean.TRUE.equals(p.belowThreshold()), refs, speed), pictures);
  }

  /** Where a moving camera (scan car) was: [lat, lon]; null when not sent, so the site's position holds. */
  private static GeoPoint position(List<Double> latLon, List<String> errors) {
    if (latLon == null) {
      return null;
    }
    if (latLon.size() == 2 && latLon.get(0) != null && latLon.get(1) != null && Math.abs(latLon.get(0)) <= 90
        && Math.abs(latLon.get(1)) <= 180) {
      return new GeoPoint(latLon.get(0), latLon.get(1));
    }
    errors.add("position: [lat, lon] in WGS84 degrees");
    return null;
  }

  private static Instant timestamp(String text, List<String> errors) {
    if (text == null) {
      errors.add("timestamp: required");
      return null;
    }
    try {
      Instant at = OffsetDateTime.parse(text).toInstant();
      if (at.isAfter(Instant.now().plus(MAX_CLOCK_AHEAD))) {
        errors.add("timestamp: more than " + MAX_CLOCK_AHEAD.toMinutes() + " minutes in the future");
      }
      return at;
    } catch (DateTimeParseException e) {
      errors.add("timestamp: must be ISO-8601 with an offset, e.g. 2025-03-03T08:15:02.120+01:00");
      return null;
    }
  }

  private static Plate plate(PushedPlate p, List<String> errors) {
    Plate plate = null;
    try {
      plate = Plate.of(p.text(), p.country());
    } catch (IllegalArgumentException e) {
      // not echoing the text: it may be a plate, and errors end up in logs
      errors.add("plate: text of 1-12 letters and digits (spaces, dashes and dots are dropped) and a country"
          + " of 1-3 letters required");
    }
    if (p.confidence() == null || p.confidence() < 0 || p.confidence() > 1) {
      errors.add("plate.confidence: required, within 0..1");
    }
    List<Double> chars = p.characterConfidences();
    if (chars != null) {
      if (plate != null && chars.size() != plate.text().length()) {
        errors.add("plate.characterConfidences: one per character of " + plate.text().length() + ", got "
            + chars.size());
      }
      if (chars.stream().anyMatch(c -> c == null || c < 0 || c > 1)) {
        errors.add("plate.characterConfidences: each within 0..1");
      }
    }
    return plate;
  }

  private static VehicleCategory category(String text, List<String> errors) {
    if (text == null || text.isBlank()) {
      return VehicleCategory.UNKNOWN;
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (EU_CATEGORY.matcher(t).matches()) {
      return VehicleCategory.fromEuCategory(t);
    }
    if (VehicleCategory.OF_A_VEHICLE.stream().anyMatch(c -> c.name().equals(t))) {
      return VehicleCategory.valueOf(t);
    }
    errors.add("vehicle.category: an EU category (M1, N1, L1, ...) or one of " + VehicleCategory.OF_A_VEHICLE);
    return VehicleCategory.UNKNOWN;
  }

  private static byte[] image(PushedImage image, String path, Map<String, Part> parts, List<String> errors) {
    if (image == null || image.kind() == null || !KIND.matcher(image.kind()).matches()) {
      errors.add(path + ".kind: required, e.g. overview or plate");
      return null;
    }
    int sources = (image.data() != null ? 1 : 0) + (image.part() != null ? 1 : 0) + (image.ref() != null ? 1 : 0);
    if (sources != 1) {
      errors.add(path + ": exactly one of data (base64), part (multipart name) or ref (URL)");
      return null;
    }
    byte[] data;
    if (image.data() != null) {
      try {
        data = Base64.getDecoder().decode(image.data().replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        errors.add(path + ".data: not base64");
        return null;
      }
    } else if (image.part() != null) {
      Part part = parts.get(image.part());
      if (part == null) {
        errors.add(path + ".part: no part named '" + image.part() + "' in the request");
        return null;
      }
      data = part.data();
    } else {
      return null;
    }
    return checked(data, image.contentType(), path, errors);
  }

  /** Only real pictures, told by their bytes: anything else (HTML, SVG, a truncated file) is refused. */
  private static byte[] checked(byte[] data, String declared, String path, List<String> errors) {
    if (data.length > MAX_PICTURE_BYTES) {
      errors.add(path + ": " + data.length + " bytes, at most " + MAX_PICTURE_BYTES);
      return null;
    }
    Optional<ImageFormat> format = ImageFormat.of(data);
    if (format.isEmpty()) {
      errors.add(path + ": not " + ImageFormat.ACCEPTED + " (told by its first bytes)");
      return null;
    }
    if (declared != null && !declared.equalsIgnoreCase(format.get().mediaType())) {
      errors.add(path + ".contentType: '" + declared + "', but the bytes are " + format.get().mediaType());
      return null;
    }
    return data;
  }

  /** "plate.confidence: Cannot deserialize value of type `java.lang.Double` from String ..." */
  private static String describe(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return (path.isEmpty() ? "" : path + ": ") + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
