package nl.opencordon.cameradrivers;

import static nl.opencordon.cameradrivers.TestRecords.CAMERA;
import static nl.opencordon.cameradrivers.TestRecords.HASHER;
import static nl.opencordon.cameradrivers.TestRecords.JPEG;
import static nl.opencordon.cameradrivers.TestRecords.PNG;
import static nl.opencordon.cameradrivers.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.opencordon.domain.GeoPoint;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;
import org.junit.jupiter.api.Test;

/** The documented push format (docs/camera-push-format.md): what is accepted, and how a bad record is told. */
class PassageFormatTest {
  private final PassageFormat format = new PassageFormat(HASHER);

  private List<PassageFormat.Result> decode(String json) {
    return format.decode(CAMERA, json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> errors(PassageFormat.Result r) {
    return assertInstanceOf(PassageFormat.Invalid.class, r).errors();
  }

  @Test
  void aCompleteRecordBecomesAPassageWithItsPicturesTravellingWithIt() {
    PassageFormat.Valid valid = assertInstanceOf(PassageFormat.Valid.class, decode(record("a-1", "VB-001-X")).get(0));
    Passage p = valid.passage();
    Plate plate = Plate.dutch("VB001X");
    assertEquals("a-1", p.id());
    assertEquals(Instant.parse("2025-03-03T07:15:02.120Z"), p.at());
    assertEquals("noord-1", p.cameraId());
    assertEquals("DS-N01", p.siteCode());
    assertEquals(1, p.lane());
    assertEquals(plate, p.plate());
    assertEquals(HASHER.hash(plate), p.plateHash());
    assertEquals(VehicleCategory.VAN, p.category());
    assertEquals(0.97, p.confidence());
    assertEquals(6, p.charConfidences().size());
    assertEquals(Optional.of(31.5), p.speedKmh());
    assertEquals("pushed://noord-1/a-1/0-overview", p.imageRefs().get(0));
    assertEquals(1, valid.pictures().size());
    assertEquals(p.imageRefs().get(0), valid.pictures().get(0).ref());
    assertArrayEquals(JPEG, valid.pictures().get(0).content());
    assertEquals("image/jpeg", valid.pictures().get(0).mediaType());
    assertEquals("https://camera.example/img/a-1/plate.png", p.imageRefs().get(1));
  }

  @Test
  void theMinimalRecordTakesTheCamerasDefaults() {
    Passage p = assertInstanceOf(PassageFormat.Valid.class, decode("""
        {"id": "m-1", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "B 123 XY", "country": "d",
         "confidence": 0.6}, "belowThreshold": true}""").get(0)).passage();
    assertEquals(Plate.of("B123XY", "D"), p.plate());
    assertEquals(2, p.lane());
    assertEquals(null, p.direction(), "none reported: the lane's, of wherever the camera stands");
    assertEquals(VehicleCategory.UNKNOWN, p.category());
    assertTrue(p.belowThreshold());
    assertEquals(List.of(), p.imageRefs());
  }

  /** A scan car sends where it was; that position, not its site's, goes with the passage. */
  @Test
  void aPositionSentWithThePassageIsWhereTheVehicleWasSeen() {
    String scan = """
        {"id": "s-1", "timestamp": "2025-03-03T07:15:02Z", "position": [52.0912, 5.1234],
         "plate": {"text": "VB001X", "confidence": 0.9}}""";
    assertEquals(new GeoPoint(52.0912, 5.1234),
        assertInstanceOf(PassageFormat.Valid.class, decode(scan).get(0)).passage().position());
    assertEquals(List.of("position: [lat, lon] in WGS84 degrees"),
        errors(decode(scan.replace("[52.0912, 5.1234]", "[152.0, 5.1]")).get(0)));
    assertEquals(List.of("position: [lat, lon] in WGS84 degrees"),
        errors(decode(scan.replace("[52.0912, 5.1234]", "[52.0]")).get(0)));
  }

  @Test
  void batchesComeAsAnArrayOrAsPassages() {
    assertEquals(2, decode("[" + record("b-1", "VB001X") + "," + record("b-2", "VB002X") + "]").stream()
        .filter(r -> r instanceof PassageFormat.Valid).count());
    List<PassageFormat.Result> wrapped = decode("{\"passages\": [" + record("b-3", "VB003X") + "]}");
    assertEquals("b-3", assertInstanceOf(PassageFormat.Valid.class, wrapped.get(0)).passage().id());
  }

  @Test
  void aMalformedRecordInABatchIsReportedWithItsFieldsAndTheOthersStillCount() {
    List<PassageFormat.Result> results = decode("[" + record("c-1", "VB001X") + """
        , {"id": "c-2", "timestamp": "yesterday", "plate": {"text": "VB-002-X", "confidence": 1.7,
           "characterConfidences": [0.9]}, "vehicle": {"category": "spaceship"}}
        , {"id": "c-3", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB-003-X", "confidence": "high"}}
        , "just a string"
        , {"timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "??", "confidence": 0.9},
           "images": [{"kind": "overview", "data": "%%% not base64"}, {"kind": "plate", "part": "missing"}]}
        ]""");
    assertInstanceOf(PassageFormat.Valid.class, results.get(0));
    PassageFormat.Invalid c2 = assertInstanceOf(PassageFormat.Invalid.class, results.get(1));
    assertEquals("c-2", c2.id());
    assertEquals(List.of(
        "timestamp: must be ISO-8601 with an offset, e.g. 2025-03-03T08:15:02.120+01:00",
        "plate.confidence: required, within 0..1",
        "plate.characterConfidences: one per character of 6, got 1",
        "vehicle.category: an EU category (M1, N1, L1, ...) or one of " + VehicleCategory.OF_A_VEHICLE),
        c2.errors());
    assertTrue(errors(results.get(2)).get(0).startsWith("plate.confidence: Cannot deserialize"),
        errors(results.get(2)).toString());
    assertEquals(List.of("a passage must be a JSON object"), errors(results.get(3)));
    List<String> e4 = errors(results.get(4));
    assertTrue(e4.contains("id: required, 1-64 of A-Z a-z 0-9 . _ : -"), e4.toString());
    assertTrue(e4.stream().anyMatch(e -> e.startsWith("plate: ")), e4.toString());
    assertTrue(e4.contains("images[0].data: not base64"), e4.toString());
    assertTrue(e4.contains("images[1].part: no part named 'missing' in the request"), e4.toString());
    assertTrue(e4.stream().noneMatch(e -> e.contains("??")), "errors never echo a plate: " + e4);
  }

  @Test
  void aBodyThatIsNoJsonOrHoldsNothingIsOneError() {
    assertTrue(errors(decode("<xml/>").get(0)).get(0).startsWith("body is not JSON"));
    assertEquals(List.of("no passages in the request"), errors(decode("[]").get(0)));
    assertEquals(List.of("body is empty"), errors(decode("").get(0)));
    assertEquals(List.of("passages: must be an array"), errors(decode("{\"passages\": 3}").get(0)));
  }

  @Test
  void aClockFarAheadIsRefused() {
    String future = Instant.now().plus(Duration.ofHours(1)).toString();
    assertEquals(List.of("timestamp: more than 5 minutes in the future"), errors(decode("""
        {"id": "f-1", "timestamp": "%s", "plate": {"text": "VB001X", "confidence": 0.9}}""".formatted(future))
        .get(0)));
  }

  @Test
  void imagesCanComeAsMultipartParts() {
    List<PassageFormat.Result> results = format.decode(CAMERA, """
        {"id": "mp-1", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
         "images": [{"kind": "plate", "part": "plate-crop"}]}""".getBytes(StandardCharsets.UTF_8),
        Map.of("plate-crop", new PassageFormat.Part("application/octet-stream", PNG)));
    Picture picture = assertInstanceOf(PassageFormat.Valid.class, results.get(0)).pictures().get(0);
    assertEquals("image/png", picture.mediaType(), "the type its bytes prove, not the part's");
    assertArrayEquals(PNG, picture.content());
  }

  @Test
  void onlyRealJpegAndPngPicturesAreTaken() {
    String html = Base64.getEncoder().encodeToString("<html><script>alert(1)</script></html>".getBytes());
    String jpeg = Base64.getEncoder().encodeToString(JPEG);
    List<PassageFormat.Result> results = decode("""
        [{"id": "h-1", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
          "images": [{"kind": "overview", "contentType": "text/html", "data": "%1$s"}]},
         {"id": "h-2", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
          "images": [{"kind": "overview", "contentType": "image/jpeg", "data": "%1$s"}]},
         {"id": "h-3", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
          "images": [{"kind": "overview", "contentType": "image/png", "data": "%2$s"}]},
         {"id": "h-4", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
          "images": [{"kind": "overview", "data": "%2$s"}]}]""".formatted(html, jpeg));
    assertEquals(List.of("images[0]: not a JPEG or PNG image (told by its first bytes)"), errors(results.get(0)));
    assertEquals("h-1", ((PassageFormat.Invalid) results.get(0)).id());
    assertEquals(List.of("images[0]: not a JPEG or PNG image (told by its first bytes)"), errors(results.get(1)));
    assertEquals(List.of("images[0].contentType: 'image/png', but the bytes are image/jpeg"), errors(results.get(2)));
    assertInstanceOf(PassageFormat.Valid.class, results.get(3));
  }

  @Test
  void aPictureOverTheLimitIsRefused() {
    byte[] big = java.util.Arrays.copyOf(JPEG, PassageFormat.MAX_PICTURE_BYTES + 1);
    assertEquals(List.of("images[0]: " + big.length + " bytes, at most " + PassageFormat.MAX_PICTURE_BYTES),
        errors(decode("""
            {"id": "b-1", "timestamp": "2025-03-03T07:15:02Z", "plate": {"text": "VB001X", "confidence": 0.9},
             "images": [{"kind": "overview", "data": "%s"}]}""".formatted(Base64.getEncoder().encodeToString(big)))
            .get(0)));
  }
}
