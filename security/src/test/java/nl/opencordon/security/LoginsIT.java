package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.opencordon.persistence.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Password checks on PostgreSQL: limits per address and per name for the whole cluster, a pool that refuses. */
class LoginsIT {
  // each test its own: a passed check is remembered, and a remembered user is not throttled
  private final Users users = TestUsers.ops("right", Duration.ofMinutes(5));
  private static final Logins.Settings LIMITS = new Logins.Settings(2, Duration.ofMinutes(15), 5, 3, false);

  @RegisterExtension
  final FreshDatabase database = FreshDatabase.perTest();

  @Test
  void aNameWithTooManyFailuresIsRefusedOnEveryNodeEvenWithTheRightPassword() throws Exception {
    Logins nodeA = new Logins(users, LIMITS, database.dataSource());
    Logins nodeB = new Logins(users, LIMITS, database.dataSource());
    assertEquals(Logins.Failed.INSTANCE, check(nodeA, "ops", "wrong", "10.0.0.1"));
    assertEquals(Logins.Failed.INSTANCE, check(nodeB, "ops", "wrong", "10.0.0.2"));
    assertEquals(Logins.Failed.INSTANCE, check(nodeA, "ops", "wrong", "10.0.0.3"));
    // the third failure reached the limit on node A; node B learns it from PostgreSQL
    Logins.Check refused = check(nodeB, "ops", "right", "10.0.0.4");
    Logins.Throttled throttled = assertInstanceOf(Logins.Throttled.class, refused);
    assertTrue(throttled.retryAfter().compareTo(Duration.ofMinutes(14)) > 0, throttled.toString());
    assertInstanceOf(Logins.Throttled.class, check(nodeA, "ops", "right", "10.0.0.5"));
    // another name is not affected
    assertEquals(Logins.Failed.INSTANCE, check(nodeB, "someone", "wrong", "10.0.0.6"));
  }

  @Test
  void anAddressWithTooManyFailuresIsRefusedAndSuccessesWriteNothing() throws Exception {
    Logins node = new Logins(users, LIMITS, database.dataSource());
    assertInstanceOf(Logins.Passed.class, check(node, "ops", "right", "10.0.0.9"));
    assertEquals(0, rows(), "a successful check writes nothing");
    for (int i = 0; i < 5; i++) {
      assertEquals(Logins.Failed.INSTANCE, check(node, "guess-" + i, "wrong", "10.0.0.7"));
    }
    assertInstanceOf(Logins.Throttled.class, check(node, "guess-5", "wrong", "10.0.0.7"));
    assertEquals(Logins.Failed.INSTANCE, check(node, "guess-6", "wrong", "10.0.0.8"), "another address may go on");
    assertEquals(2 + 6, rows(), "one row per address and per name");
  }

  @Test
  void aCheckThatFindsEveryThreadBusyAndTheShortQueueFullIsRefusedAtOnce() throws Exception {
    Logins node = new Logins(users, new Logins.Settings(1, Duration.ofMinutes(15), 1000, 1000, false),
        database.dataSource());
    List<CompletableFuture<Logins.Check>> flood = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      flood.add(node.check("flood-" + i, "wrong", "10.0.1." + i).toCompletableFuture());
    }
    long busy = flood.stream().map(CompletableFuture::join).filter(Logins.Busy.class::isInstance).count();
    assertTrue(busy >= 15, busy + " of 20 checks refused while one thread derives");
  }

  private static Logins.Check check(Logins logins, String name, String password, String address) {
    return logins.check(name, password, address).toCompletableFuture().join();
  }

  private int rows() throws Exception {
    try (Connection c = database.dataSource().getConnection();
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM login_failures")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
