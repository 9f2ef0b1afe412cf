package nl.opencordon.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VehicleCategoryTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"L1, MOPED", "L1e, MOPED", "l2E, MOPED", "L3e, MOTORCYCLE", "L7, MOTORCYCLE", "N1, VAN", "N2, TRUCK",
      "M1, PASSENGER_CAR", "T1, OTHER"})
  void theEuCategoryWithOrWithoutItsE(String eu, VehicleCategory expected) {
    assertEquals(expected, VehicleCategory.fromEuCategory(eu));
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
      "TWO_WHEELER, L1e, true", "TWO_WHEELER, L3, true", "TWO_WHEELER, L2, false", "TWO_WHEELER, L4, false",
      "THREE_OR_FOUR_WHEELER, L2, true", "THREE_OR_FOUR_WHEELER, L5e, true", "THREE_OR_FOUR_WHEELER, L7, true",
      "THREE_OR_FOUR_WHEELER, L1, false", "THREE_OR_FOUR_WHEELER, L3, false", "THREE_OR_FOUR_WHEELER, N1, false",
      "L6E, L6, true", "L6E, L7, false", "MOPED, L2, true", "MOPED, L3, false", "MOTORCYCLE, L6e, true"})
  void finerNamesGoByTheLCategory(VehicleCategory name, String eu, boolean covered) {
    assertEquals(covered, name.covers(VehicleCategory.fromEuCategory(eu), eu));
  }
}
