package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.persistence.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions in PostgreSQL: a session started on one node holds on another, ends on both, and times out idle. */
class SessionsIT {
  private final Users users = TestUsers.ops("right", Duration.ZERO);
  // no local cache: every lookup reads PostgreSQL, as a node does once its cache time has passed
  private final Sessions.Settings settings = new Sessions.Settings(Duration.ofMinutes(30), true, Duration.ZERO);
  @RegisterExtension
  final FreshDatabase database = FreshDatabase.perTest();

  @Test
  void aSessionStartedOnOneNodeHoldsOnAnotherUntilItsUserSignsOut() throws Exception {
    Sessions nodeA = new Sessions(users, settings, database.dataSource(), Runnable::run);
    Sessions nodeB = new Sessions(users, settings, database.dataSource(), Runnable::run);
    User ops = new User("ops", Set.of(Role.OPERATIONS));
    Sessions.Started started = nodeA.start(ops).toCompletableFuture().get();
    Sessions.Started other = nodeA.start(ops).toCompletableFuture().get();
    assertNotEquals(started.session().csrfToken(), other.session().csrfToken(), "each session its own token");
    assertEquals(Optional.of(started.session()), nodeB.find(started.token()).toCompletableFuture().get());
    assertEquals(Optional.empty(), nodeB.find(started.token() + "x").toCompletableFuture().get());
    nodeB.end(started.token()).toCompletableFuture().get();
    assertEquals(Optional.empty(), nodeA.find(started.token()).toCompletableFuture().get());
    assertTrue(nodeA.find(other.token()).toCompletableFuture().get().isPresent(), "the other session goes on");
  }

  @Test
  void anIdleSessionIsOverAndTheTableHoldsNoToken() throws Exception {
    Sessions node = new Sessions(users, settings, database.dataSource(), Runnable::run);
    Sessions.Started started = node.start(new User("ops", Set.of(Role.OPERATIONS))).toCompletableFuture().get();
    try (Connection c = database.dataSource().getConnection()) {
      var rs = c.createStatement().executeQuery("SELECT token_hash FROM sessions");
      rs.next();
      assertNotEquals(started.token(), rs.getString(1), "only the token's hash is stored");
      c.createStatement().executeUpdate("UPDATE sessions SET last_seen = now() - interval '31 minutes'");
    }
    assertEquals(Optional.empty(), node.find(started.token()).toCompletableFuture().get());
  }

  @Test
  void aSessionFromTheIdentityProviderKeepsItsRolesAndGivesBackItsIdTokenAtSignOut() throws Exception {
    Sessions node = new Sessions(users, settings, database.dataSource(), Runnable::run);
    // not a configured user: the roles come with the session
    User officer = new User("boa@gemeente.nl", Set.of(Role.OFFICER, Role.CONTROL_ROOM));
    Sessions.Started started = node.start(officer, "the-id-token").toCompletableFuture().get();
    assertEquals(officer, node.find(started.token()).toCompletableFuture().get().orElseThrow().user());
    assertEquals(Optional.of("the-id-token"), node.end(started.token()).toCompletableFuture().get());
    assertEquals(Optional.empty(), node.find(started.token()).toCompletableFuture().get());
    Sessions.Started local = node.start(new User("ops", Set.of(Role.OPERATIONS))).toCompletableFuture().get();
    assertEquals(Optional.empty(), node.end(local.token()).toCompletableFuture().get(), "a local user's: none");
  }
}
