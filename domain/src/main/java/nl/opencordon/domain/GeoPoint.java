package nl.opencordon.domain;

/** WGS84 position. */
public record GeoPoint(double lat, double lon) {
  public GeoPoint {
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      throw new IllegalArgumentException("not a WGS84 position: " + lat + "," + lon);
    }
  }
}
