package nl.opencordon.controller.enforcement;

import nl.opencordon.enforcement.*;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One {@link EnforcementCity} (controller, schema, directories) per test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithEnforcementCity {
  protected EnforcementCity city;

  @BeforeAll
  void startCity() throws Exception {
    city = new EnforcementCity();
  }

  @AfterAll
  void stopCity() throws Exception {
    city.close();
  }
}
