package nl.opencordon.persistence;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestDatabase#freshSchema() fresh schema}, opened before and closed after each test
 * ({@code @RegisterExtension final FreshDatabase database = FreshDatabase.perTest();}) or the whole class
 * ({@code @RegisterExtension static final FreshDatabase database = FreshDatabase.perClass();}, open before the
 * class's own {@code @BeforeAll} methods run).
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  private final boolean perTest;
  private Database database;

  private FreshDatabase(boolean perTest) {
    this.perTest = perTest;
  }

  /** For tests whose rows must not meet those of the test before. */
  public static FreshDatabase perTest() {
    return new FreshDatabase(true);
  }

  public static FreshDatabase perClass() {
    return new FreshDatabase(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      database = Database.open(TestDatabase.freshSchema());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!perTest) {
      database.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perTest) {
      database = Database.open(TestDatabase.freshSchema());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      database.close();
    }
  }

  public DataSource dataSource() {
    return database.dataSource();
  }
}
