package nl.opencordon.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pool that, on a thread inside {@link #within}, hands out the caller's connection instead of a pooled one,
 * with commit, rollback, auto-commit and close left to the caller: the work of several repositories, each
 * written for its own transaction, becomes one transaction of the caller's. The cases projection writes a
 * batch of cases and its offset so, with one commit and one connection per batch. Outside {@code within} it
 * is the pool. Spring's TransactionAwareDataSourceProxy shares a connection but lets the repositories commit,
 * which is what the batch must avoid.
 */
public final class SharedTransaction implements DataSource {
  /** Work on the shared transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  private static final Set<String> CALLERS_OWN = Set.of("close", "commit", "rollback", "setAutoCommit");

  private final DataSource pool;
  private final ThreadLocal<Connection> shared = new ThreadLocal<>();

  public SharedTransaction(DataSource pool) {
    this.pool = pool;
  }

  /** Runs {@code work} with every connection taken from this pool on this thread being {@code tx}. */
  public <T> T within(Connection tx, Work<T> work) throws Exception {
    if (shared.get() != null) {
      throw new IllegalStateException("already within a shared transaction");
    }
    shared.set(tx);
    try {
      return work.run();
    } finally {
      shared.remove();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection tx = shared.get();
    return tx == null ? pool.getConnection() : borrowed(tx);
  }

  private static Connection borrowed(Connection tx) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (CALLERS_OWN.contains(method.getName())) {
            return null;
          }
          try {
            return method.invoke(tx, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return pool.getConnection(user, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || pool.isWrapperFor(iface);
  }
}
