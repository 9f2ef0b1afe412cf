package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlateTest {

  @ParameterizedTest(name = "sidecode {1}: {0}")
  @CsvSource({
      "AB-12-34, 1", "12-34-AB, 2", "12-AB-34, 3", "AB-12-CD, 4", "AB-CD-12, 5", "12-AB-CD, 6", "12-ABC-3, 7",
      "1-ABC-23, 8", "AB-123-C, 9", "A-123-BC, 10", "ABC-12-D, 11", "A-12-BCD, 12", "1-AB-234, 13", "123-AB-4, 14"})
  void everyDutchSidecodeIsRecognisedAndWrittenWithItsDashes(String written, int sidecode) {
    Plate plate = Plate.dutch(written.replace("-", ""));
    assertEquals(sidecode, plate.sidecode());
    assertEquals(written, plate.display());
  }

  @Test
  void readsAreNormalisedWhateverTheCameraSent() {
    assertEquals(Plate.dutch("VX123B"), Plate.of(" vx-123 b ", "nl"));
    assertEquals(Plate.dutch("VX123B"), Plate.of("VX.123.B", " nl "));
  }

  /** A read without a country is not a Dutch read, and only an NL read with a Dutch sidecode is looked up. */
  @Test
  void noCountryIsNotDutchAndOnlyADutchSidecodeIsADutchRegistration() {
    for (String none : new String[] {null, "", "  "}) {
      Plate read = Plate.of("VX-123-B", none);
      assertEquals(Plate.NO_COUNTRY, read.country());
      assertEquals(0, read.sidecode());
      assertFalse(read.isDutch());
      assertFalse(read.isDutchRegistration());
      assertNotEquals(Plate.dutch("VX123B"), read);
      assertEquals("?:VX****", read.toString());
    }
    assertTrue(Plate.dutch("VX123B").isDutchRegistration());
    Plate noSidecode = Plate.dutch("VX1234B"); // NL, but no Dutch sidecode has 2 letters, 4 digits, 1 letter
    assertTrue(noSidecode.isDutch());
    assertEquals(0, noSidecode.sidecode());
    assertFalse(noSidecode.isDutchRegistration());
    assertFalse(Plate.of("BAB1234", "D").isDutchRegistration());
  }

  @Test
  void foreignPlatesKeepTheirCountryAndHaveNoSidecode() {
    Plate german = Plate.of("B-AB 1234", "d");
    assertEquals("D", german.country());
    assertEquals("BAB1234", german.text());
    assertEquals(0, german.sidecode());
    assertFalse(german.isDutch());
    assertNotEquals(Plate.dutch("BAB1234"), german);
  }

  @Test
  void invalidInputIsRefusedWithAClearReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Plate.dutch("")).getMessage().contains("1-12"));
    assertThrows(IllegalArgumentException.class, () -> Plate.dutch("AB#12"));
    assertThrows(IllegalArgumentException.class, () -> Plate.dutch(null));
    assertThrows(IllegalArgumentException.class, () -> Plate.of("AB12CD", "NL1"));
  }

  @Test
  void logsNeverShowTheWholePlate() {
    Plate plate = Plate.dutch("VX123B");
    assertEquals("VX****", plate.masked());
    assertFalse(plate.toString().contains("123B"));
  }

  @Test
  void theKeyedHashIsStablePerPlateAndDependsOnTheSecret() {
    PlateHasher a = new PlateHasher("secret-number-one-0123456789");
    PlateHasher b = new PlateHasher("secret-number-two-0123456789");
    Plate plate = Plate.dutch("VX123B");
    assertEquals(a.hash(plate), a.hash(Plate.of("vx-123-b", "NL")));
    assertEquals(32, a.hash(plate).length());
    assertNotEquals(a.hash(plate), b.hash(plate));
    assertNotEquals(a.hash(plate), a.hash(Plate.of("VX123B", "D")));
    assertThrows(IllegalArgumentException.class, () -> new PlateHasher("short"));
  }
}
