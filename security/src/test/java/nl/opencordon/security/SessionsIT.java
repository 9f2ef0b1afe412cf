package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
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
    Sessions.Started started = node.start(officer, new Sessions.FromProvider("the-id-token", "sub-1", "sid-1", null))
        .toCompletableFuture().get();
    assertEquals(officer, node.find(started.token()).toCompletableFuture().get().orElseThrow().user());
    assertEquals(Optional.of("the-id-token"), node.end(started.token()).toCompletableFuture().get());
    assertEquals(Optional.empty(), node.find(started.token()).toCompletableFuture().get());
    Sessions.Started local = node.start(new User("ops", Set.of(Role.OPERATIONS))).toCompletableFuture().get();
    assertEquals(Optional.empty(), node.end(local.token()).toCompletableFuture().get(), "a local user's: none");
  }

  @Test
  void theProvidersBackChannelLogoutEndsTheSessionsOfItsSidOrSubBegunBeforeItsTokenAndNoOthers() throws Exception {
    // this node keeps what it read for a minute: the logout must reach its cache too
    Sessions node = new Sessions(users, new Sessions.Settings(Duration.ofMinutes(30), true, Duration.ofMinutes(1)),
        database.dataSource(), Runnable::run);
    Sessions otherNode = new Sessions(users, settings, database.dataSource(), Runnable::run);
    User boa = new User("boa", Set.of(Role.OFFICER));
    Sessions.Started laptop = node.start(boa, new Sessions.FromProvider("t1", "sub-boa", "sid-laptop", null)).toCompletableFuture().get();
    Sessions.Started laptopTab = node.start(boa, new Sessions.FromProvider("t2", "sub-boa", "sid-laptop", null)).toCompletableFuture().get();
    Sessions.Started phone = node.start(boa, new Sessions.FromProvider("t3", "sub-boa", "sid-phone", null)).toCompletableFuture().get();
    Sessions.Started colleague = node.start(new User("ops2", Set.of(Role.OPERATIONS)),
        new Sessions.FromProvider("t4", "sub-ops", "sid-laptop-other", null)).toCompletableFuture().get();
    Sessions.Started local = node.start(new User("ops", Set.of(Role.OPERATIONS))).toCompletableFuture().get();
    Sessions.Started[] all = {laptop, laptopTab, phone, colleague, local};
    for (Sessions.Started s : all) {
      assertTrue(node.find(s.token()).toCompletableFuture().get().isPresent(), "cached on this node");
    }
    Instant now = Instant.now();

    assertEquals(0, node.endAtProvider(new Oidc.ProviderLogout("sub-boa", "sid-laptop", now.minusSeconds(600)))
        .toCompletableFuture().get(), "a token older than the sessions (a replay) ends none of them");
    assertEquals(2, node.endAtProvider(new Oidc.ProviderLogout("sub-boa", "sid-laptop", now)).toCompletableFuture().get());
    assertEquals(Optional.empty(), node.find(laptop.token()).toCompletableFuture().get(), "gone from the cache");
    assertEquals(Optional.empty(), otherNode.find(laptopTab.token()).toCompletableFuture().get());
    assertTrue(node.find(phone.token()).toCompletableFuture().get().isPresent(), "another provider session of boa");

    assertEquals(1, node.endAtProvider(new Oidc.ProviderLogout("sub-boa", null, now)).toCompletableFuture().get(),
        "without a sid: every session of the subject");
    assertEquals(Optional.empty(), node.find(phone.token()).toCompletableFuture().get());
    assertEquals(0, node.endAtProvider(new Oidc.ProviderLogout(null, "sid-nowhere", now)).toCompletableFuture().get());
    assertTrue(otherNode.find(colleague.token()).toCompletableFuture().get().isPresent(), "another user's session");
    assertTrue(otherNode.find(local.token()).toCompletableFuture().get().isPresent(), "a local user's session");
  }

  /** The identity provider as the sessions see it: what it was asked, and what it answers next. */
  private static final class Provider implements Sessions.Rechecks {
    final List<String> asked = new CopyOnWriteArrayList<>();
    volatile CompletableFuture<Oidc.Recheck> answer = new CompletableFuture<>();

    @Override
    public Duration interval() {
      return Duration.ofMinutes(15);
    }

    @Override
    public CompletionStage<Oidc.Recheck> recheck(String refreshToken, String subject) {
      asked.add(refreshToken + " " + subject);
      return answer;
    }
  }

  @Test
  void aSessionFromTheProviderTakesItsFreshRolesOnceTheIntervalHasPassedWithItsSealedRefreshToken() throws Exception {
    Provider idp = new Provider();
    Sessions node = new Sessions(users, settings, database.dataSource(), Runnable::run, Optional.of(idp));
    Sessions.Started boa = node.start(new User("boa", Set.of(Role.OFFICER)),
        new Sessions.FromProvider("id-1", "sub-boa", "sid-1", "refresh-1")).toCompletableFuture().get();
    Sessions.Started local = node.start(new User("ops", Set.of(Role.OPERATIONS))).toCompletableFuture().get();
    assertEquals(Set.of(Role.OFFICER), user(node, boa).roles());
    assertEquals(List.of(), idp.asked, "checked at sign-in");
    try (Connection c = database.dataSource().getConnection()) {
      var rs = c.createStatement().executeQuery("SELECT refresh_token FROM sessions WHERE idp_subject = 'sub-boa'");
      rs.next();
      assertFalse(rs.getString(1).contains("refresh-1"), "sealed");
    }

    checkedAgo(16);
    idp.answer = CompletableFuture.completedFuture(new Oidc.Vouched(Set.of(Role.CONTROL_ROOM), "id-2", "refresh-2"));
    assertEquals(new User("boa", Set.of(Role.CONTROL_ROOM)), user(node, boa), "the roles the provider gives now");
    assertEquals(List.of("refresh-1 sub-boa"), idp.asked);
    assertEquals(Set.of(Role.CONTROL_ROOM), user(node, boa).roles(), "kept");
    assertEquals(1, idp.asked.size(), "not asked again before the interval");
    assertTrue(node.find(local.token()).toCompletableFuture().get().isPresent());

    checkedAgo(16);
    idp.answer = CompletableFuture.completedFuture(new Oidc.Withdrawn("invalid_grant"));
    assertEquals(Optional.empty(), node.find(boa.token()).toCompletableFuture().get(), "the provider refused");
    assertEquals(List.of("refresh-1 sub-boa", "refresh-2 sub-boa"), idp.asked, "with the rotated refresh token");
    assertTrue(node.find(local.token()).toCompletableFuture().get().isPresent(), "a local user's is never asked");
  }

  @Test
  void aSessionEndsAtItsRecheckWithoutARoleOrARefreshTokenAndGoesOnWhileTheProviderCannotBeAsked() throws Exception {
    Provider idp = new Provider();
    Sessions node = new Sessions(users, settings, database.dataSource(), Runnable::run, Optional.of(idp));
    User boa = new User("boa", Set.of(Role.OFFICER));
    Sessions.Started noRole = node.start(boa, new Sessions.FromProvider("id", "sub-1", "sid-1", "r-1"))
        .toCompletableFuture().get();
    Sessions.Started noRefresh = node.start(boa, new Sessions.FromProvider("id", "sub-2", "sid-2", null))
        .toCompletableFuture().get();
    Sessions.Started outage = node.start(boa, new Sessions.FromProvider("id", "sub-3", "sid-3", "r-3"))
        .toCompletableFuture().get();
    checkedAgo(16);
    idp.answer = CompletableFuture.completedFuture(new Oidc.Vouched(Set.of(), "id", "r-1"));
    assertEquals(Optional.empty(), node.find(noRole.token()).toCompletableFuture().get(), "no role left");
    assertEquals(Optional.empty(), node.find(noRefresh.token()).toCompletableFuture().get(), "nothing to ask with");
    assertEquals(List.of("r-1 sub-1"), idp.asked);

    idp.answer = CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
    assertEquals(boa, user(node, outage), "an outage at the provider signs no one out");
    assertEquals(boa, user(node, outage), "and is not asked at every request");
    assertEquals(2, idp.asked.size());
    checkedAgo(2);
    idp.answer = CompletableFuture.completedFuture(new Oidc.Vouched(Set.of(Role.OFFICER), "id", "r-3"));
    assertEquals(boa, user(node, outage), "asked again a minute later");
    assertEquals(List.of("r-1 sub-1", "r-3 sub-3", "r-3 sub-3"), idp.asked);
  }

  @Test
  void onlyOneRequestOfOneNodeAsksTheProvider() throws Exception {
    Provider idp = new Provider();
    Sessions nodeA = new Sessions(users, settings, database.dataSource(), Runnable::run, Optional.of(idp));
    Sessions nodeB = new Sessions(users, settings, database.dataSource(), Runnable::run, Optional.of(idp));
    User boa = new User("boa", Set.of(Role.OFFICER));
    Sessions.Started started = nodeA.start(boa, new Sessions.FromProvider("id", "sub-1", "sid-1", "r-1"))
        .toCompletableFuture().get();
    checkedAgo(16);
    CompletableFuture<Optional<Sessions.Session>> asking = nodeA.find(started.token()).toCompletableFuture();
    assertFalse(asking.isDone(), "waits for the provider");
    assertEquals(boa, user(nodeB, started), "meanwhile the other node goes on with the session as it is");
    assertEquals(boa, user(nodeA, started), "and so does another request of this node");
    idp.answer.complete(new Oidc.Vouched(Set.of(Role.OFFICER, Role.OPERATIONS), "id", "r-2"));
    assertEquals(Set.of(Role.OFFICER, Role.OPERATIONS), asking.get().orElseThrow().user().roles());
    assertEquals(List.of("r-1 sub-1"), idp.asked);
  }

  private static User user(Sessions node, Sessions.Started started) throws Exception {
    return node.find(started.token()).toCompletableFuture().get().orElseThrow().user();
  }

  private void checkedAgo(int minutes) throws Exception {
    try (Connection c = database.dataSource().getConnection()) {
      c.createStatement().executeUpdate("UPDATE sessions SET checked_at = checked_at - make_interval(mins => "
          + minutes + ")");
    }
  }
}
