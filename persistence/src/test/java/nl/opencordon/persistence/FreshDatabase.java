package nl.opencordon.persistence;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestDatabase#freshSchema() fresh schema} for each test of a class, opened before and closed after it:
 * {@code @RegisterExtension final FreshDatabase database = new FreshDatabase();}. For tests whose rows must not
 * meet those of the test before.
 */
public final class FreshDatabase implements BeforeEachCallback, AfterEachCallback {
  private Database database;

  @Override
  public void beforeEach(ExtensionContext context) {
    database = Database.open(TestDatabase.freshSchema());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    database.close();
  }

  public DataSource dataSource() {
    return database.dataSource();
  }
}
