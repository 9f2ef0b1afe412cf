package nl.opencordon.enforcement;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.opencordon.actors.zone.Zone;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.AtLeastOnceProjection;
import org.apache.pekko.projection.jdbc.JdbcSession;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.persistence.query.Offset;

/**
 * The cases read model as Pekko Projections over the zones' journal: one projection per event tag
 * ({@link Zone#TAGS}, plus the tag of older events), run by a {@link ShardedDaemonProcess} so that each runs on
 * exactly one node of the cluster and moves when that node dies. Offsets are kept in PostgreSQL
 * ({@code pekko_projection_offset_store}); delivery is at least once and the intake is idempotent (a known,
 * tombstoned or redacted case is skipped), so a replay after a crash makes no second row.
 */
public final class CaseProjection {
  static final String NAME = "cases";

  /** Told of every case new to the read model and of every failed write (retried with backoff), for metrics. */
  public interface Listener {
    void recorded(Zone.CaseOpened event);

    void failed(Throwable cause);
  }

  private CaseProjection() {}

  static List<String> tags() {
    List<String> tags = new ArrayList<>(Zone.TAGS);
    tags.add(Zone.LEGACY_TAG);
    return List.copyOf(tags);
  }

  static void init(ActorSystem<?> system, DataSource dataSource, CaseIntake intake, Listener listener) {
    List<String> tags = tags();
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, NAME, tags.size(),
        i -> ProjectionBehavior.create(projection(system, dataSource, intake, listener, tags.get(i))),
        ShardedDaemonProcessSettings.create(system), Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static AtLeastOnceProjection<Offset, EventEnvelope<Zone.Event>> projection(
      ActorSystem<?> system, DataSource dataSource, CaseIntake intake, Listener listener, String tag) {
    return JdbcProjection.atLeastOnce(ProjectionId.of(NAME, tag),
            EventSourcedProvider.<Zone.Event>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
            () -> new LazySession(dataSource), () -> new Handler(intake, listener), system)
        .withSaveOffset(100, Duration.ofMillis(200))
        .withRestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);
  }

  /** Writes a case row (with its evidence) through the intake; the intake uses connections of its own. */
  private static final class Handler extends JdbcHandler<EventEnvelope<Zone.Event>, LazySession> {
    private final CaseIntake intake;
    private final Listener listener;

    Handler(CaseIntake intake, Listener listener) {
      this.intake = intake;
      this.listener = listener;
    }

    @Override
    public void process(LazySession session, EventEnvelope<Zone.Event> envelope) throws Exception {
      try {
        if (envelope.event() instanceof Zone.CaseOpened opened && intake.record(opened)) {
          listener.recorded(opened);
        }
      } catch (Exception e) {
        // The projection restarts with backoff from its last stored offset and tries this case again.
        listener.failed(e);
        throw e;
      }
    }
  }

  /**
   * A session that takes a pooled connection only when the projection's offset store asks for one: the handler
   * writes through the intake, so holding a connection for it would only take one from the pool for nothing.
   */
  private static final class LazySession implements JdbcSession {
    private final DataSource dataSource;
    private Connection connection;

    LazySession(DataSource dataSource) {
      this.dataSource = dataSource;
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
    }

    @Override
    public void rollback() throws SQLException {
      if (connection != null) {
        connection.rollback();
      }
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }
}
