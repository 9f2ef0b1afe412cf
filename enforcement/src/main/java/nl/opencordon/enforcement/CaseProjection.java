package nl.opencordon.enforcement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.persistence.SharedTransaction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.jdbc.JdbcSession;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.persistence.query.Offset;

/**
 * The cases read model as Pekko Projections over the zones' journal: one projection per event tag
 * ({@link Zone#TAGS}, plus the tag of older events), run by a {@link ShardedDaemonProcess} so that each runs on
 * exactly one node of the cluster and moves when that node dies. Events come in groups (up to
 * {@code group-size} or {@code group-within}); a group's cases and the projection's offset are written in one
 * transaction on one connection ({@link SharedTransaction}), so a crash loses a group or keeps it whole, and the
 * intake takes no second connection that could wait on the others. Offsets are kept in PostgreSQL
 * ({@code pekko_projection_offset_store}); the intake is idempotent anyway (a known, tombstoned or redacted case
 * is skipped).
 */
public final class CaseProjection {
  static final String NAME = "cases";

  /** Told of every case new to the read model and of every failed write (retried with backoff), for metrics. */
  public interface Listener {
    void recorded(Zone.CaseOpened event);

    void failed(Throwable cause);
  }

  private CaseProjection() {}

  /**
   * How far the projections are behind the journal, from their offsets in PostgreSQL, so every node reports the
   * same, whichever node runs them.
   *
   * @param pendingEvents tagged zone events after the stored offset of their tag's projection
   * @param oldest when the oldest of them was written
   */
  public record Lag(long pendingEvents, Optional<Instant> oldest) {}

  /** Per tag an index range scan ({@code event_tag (tag, event_id)}) from the tag's offset on. */
  static Lag lag(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT count(*), min(j.write_timestamp)
        FROM unnest(?::text[]) AS tags(tag)
        LEFT JOIN pekko_projection_offset_store o ON o.projection_name = ? AND o.projection_key = tags.tag
        JOIN event_tag t ON t.tag = tags.tag AND t.event_id > COALESCE(CAST(o.current_offset AS BIGINT), 0)
        JOIN event_journal j ON j.ordering = t.event_id""")) {
      s.setArray(1, c.createArrayOf("text", tags().toArray()));
      s.setString(2, NAME);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long pending = rs.getLong(1);
        long oldest = rs.getLong(2);
        return new Lag(pending, rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
      }
    }
  }

  static List<String> tags() {
    List<String> tags = new ArrayList<>(Zone.TAGS);
    tags.add(Zone.LEGACY_TAG);
    return List.copyOf(tags);
  }

  /** How many events a projection writes in one transaction at most, and how long it waits to fill one. */
  record Grouping(int size, Duration within) {}

  /**
   * @param pool the connection pool of the sessions
   * @param shared the pool the intake's repositories take their connections from, shared with each group
   */
  static void init(ActorSystem<?> system, DataSource pool, SharedTransaction shared, CaseIntake intake,
                   Grouping grouping, Listener listener) {
    List<String> tags = tags();
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, NAME, tags.size(),
        i -> ProjectionBehavior.create(projection(system, pool, shared, intake, grouping, listener, tags.get(i))),
        ShardedDaemonProcessSettings.create(system), Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static GroupedProjection<Offset, EventEnvelope<Zone.Event>> projection(
      ActorSystem<?> system, DataSource pool, SharedTransaction shared, CaseIntake intake, Grouping grouping,
      Listener listener, String tag) {
    return JdbcProjection.groupedWithin(ProjectionId.of(NAME, tag),
            EventSourcedProvider.<Zone.Event>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
            () -> new LazySession(pool), () -> new Handler(shared, intake, listener), system)
        .withGroup(grouping.size(), grouping.within())
        .withRestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);
  }

  /** Writes the cases of a group (with their evidence) through the intake, on the group's transaction. */
  private static final class Handler extends JdbcHandler<List<EventEnvelope<Zone.Event>>, LazySession> {
    private final SharedTransaction shared;
    private final CaseIntake intake;
    private final Listener listener;

    Handler(SharedTransaction shared, CaseIntake intake, Listener listener) {
      this.shared = shared;
      this.intake = intake;
      this.listener = listener;
    }

    @Override
    public void process(LazySession session, List<EventEnvelope<Zone.Event>> envelopes) throws Exception {
      try {
        List<Zone.CaseOpened> recorded = session.withConnection(tx -> shared.within(tx, () -> {
          List<Zone.CaseOpened> fresh = new ArrayList<>();
          for (EventEnvelope<Zone.Event> envelope : envelopes) {
            if (envelope.event() instanceof Zone.CaseOpened opened && intake.record(opened)) {
              fresh.add(opened);
            }
          }
          return fresh;
        }));
        // counted once the group's transaction commits: a group rolled back is written again, not counted twice
        session.afterCommit(() -> recorded.forEach(listener::recorded));
      } catch (Exception e) {
        // The transaction is rolled back; the projection restarts with backoff from its stored offset.
        listener.failed(e);
        throw e;
      }
    }
  }

  /**
   * A session that takes a pooled connection when the group's work or the offset store first asks for it, and
   * runs what waits for the commit once it succeeded.
   */
  static final class LazySession implements JdbcSession {
    private final DataSource dataSource;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private Connection connection;

    LazySession(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    void afterCommit(Runnable action) {
      afterCommit.add(action);
    }

    @Override
    public <R> R withConnection(Function<Connection, R> func) throws Exception {
      if (connection == null) {
        connection = dataSource.getConnection();
        connection.setAutoCommit(false);
      }
      return func.apply(connection);
    }

    @Override
    public void commit() throws SQLException {
      if (connection != null) {
        connection.commit();
      }
      List<Runnable> committed = List.copyOf(afterCommit);
      afterCommit.clear();
      committed.forEach(Runnable::run);
    }

    @Override
    public void rollback() throws SQLException {
      afterCommit.clear();
      if (connection != null) {
        connection.rollback();
      }
    }

    @Override
    public void close() throws SQLException {
      afterCommit.clear();
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }
}
