package nl.opencordon.vehicleregister.rdw;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an RDW bulk CSV export (15+ million vehicles) into the mirror. Rows go in batches through COPY
 * into a temporary table and are upserted from there; each batch commits together with the number of rows
 * done, so an interrupted import resumes after its last committed batch (the rows before it are parsed
 * again but not written). Rows that cannot be read (no plate, a bad date) are counted and skipped. The finished
 * import of a dataset that most vehicles have no rows in (bijzonderheden, carrosserie specificatie) marks every
 * vehicle then in the mirror as known for it, so the vehicles export goes first.
 */
public final class RdwImporter {
  private static final Logger log = LoggerFactory.getLogger(RdwImporter.class);
  private static final int LOGGED_BAD_ROWS = 10;

  /** Figures of one run; {@code resumedAfter} rows had been committed by an earlier run. */
  public record Result(RdwDataset dataset, long resumedAfter, long rowsWritten, long rowsSkipped, Duration took) {
    public double rowsPerSecond() {
      return rowsWritten / Math.max(took.toNanos() / 1e9, 1e-9);
    }
  }

  /** Reported after every committed batch. */
  public record Progress(RdwDataset dataset, long rowsDone, double rowsPerSecond) {}

  private final DataSource dataSource;
  private final int batchSize;
  private final Consumer<Progress> progress;

  public RdwImporter(DataSource dataSource, int batchSize, Consumer<Progress> progress) {
    this.dataSource = dataSource;
    this.batchSize = batchSize;
    this.progress = progress;
  }

  /** Imports a file, resuming an earlier run of the same file (same name and size). */
  public Result importFile(RdwDataset dataset, Path csv) throws IOException, SQLException {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return importFrom(dataset, sourceKey(dataset, csv), in);
    }
  }

  /** A file is the same source again when its name and size are. */
  public static String sourceKey(RdwDataset dataset, Path csv) throws IOException {
    return dataset + ":" + csv.getFileName() + ":" + Files.size(csv);
  }

  /** Forgets the progress of a source, so the next import starts at its first row. */
  public void forget(String sourceKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("DELETE FROM rdw_imports WHERE source_key = ?")) {
      ps.setString(1, sourceKey);
      ps.executeUpdate();
    }
  }

  /**
   * Imports CSV text whose first line names the columns (by API field or label).
   *
   * @param sourceKey names the source for resuming: the same key continues where the last run stopped
   */
  public Result importFrom(RdwDataset dataset, String sourceKey, Reader csv) throws IOException, SQLException {
    long started = System.nanoTime();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Connection c = dataSource.getConnection(); CSVParser parser = CSVParser.parse(csv, format)) {
      c.setAutoCommit(false);
      long done = committedRows(c, sourceKey);
      if (done < 0) {
        log.info("RDW import [{}] of [{}] already finished", dataset, sourceKey);
        return new Result(dataset, 0, 0, 0, Duration.ZERO);
      }
      String stage = createStage(c, dataset);
      int[] index = columnIndexes(dataset, parser.getHeaderNames());
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      String copySql = "COPY " + stage + " (" + String.join(", ", dataset.columns()) + ") FROM STDIN (FORMAT csv)";
      String upsert = dataset.upsertFromStage(stage, "BULK");
      long resumedAfter = done;
      long row = 0;
      long written = 0;
      long skipped = 0;
      StringBuilder batch = new StringBuilder(batchSize * 96);
      CSVPrinter printer = new CSVPrinter(batch, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build());
      int inBatch = 0;
      try {
        for (CSVRecord record : parser) {
        if (++row <= done) {
          continue;
        }
        try {
          printer.printRecord(dataset.row(name -> value(record, index, dataset.columns().indexOf(name))));
          inBatch++;
        } catch (IllegalArgumentException e) {
          if (skipped++ < LOGGED_BAD_ROWS) {
            log.warn("RDW import [{}] row [{}] skipped: {}", dataset, row, e.getMessage());
          }
        }
        if (inBatch == batchSize) {
          written += commitBatch(c, copy, copySql, upsert, batch, sourceKey, dataset, row, false);
          inBatch = 0;
          done = row;
          report(dataset, done, written, started);
        }
        }
        written += commitBatch(c, copy, copySql, upsert, batch, sourceKey, dataset, row, true);
      } catch (IOException | SQLException | RuntimeException e) {
        c.rollback(); // the open batch is lost; the next run resumes after the last committed one
        throw e;
      }
      report(dataset, row, written, started);
      Result result = new Result(dataset, resumedAfter, written, skipped, Duration.ofNanos(System.nanoTime() - started));
      log.info("RDW import [{}] finished: [{}] rows written, [{}] skipped, [{}] rows/s", dataset, written, skipped,
          Math.round(result.rowsPerSecond()));
      return result;
    }
  }

  private void report(RdwDataset dataset, long rowsDone, long written, long started) {
    progress.accept(new Progress(dataset, rowsDone, written / Math.max((System.nanoTime() - started) / 1e9, 1e-9)));
  }

  private static String value(CSVRecord record, int[] index, int column) {
    int i = index[column];
    return i >= 0 && i < record.size() ? record.get(i) : null;
  }

  /** Rows committed by earlier runs of this source; -1 when it was imported completely. */
  private static long committedRows(Connection c, String sourceKey) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT rows_committed, finished FROM rdw_imports WHERE source_key = ?")) {
      ps.setString(1, sourceKey);
      try (ResultSet rs = ps.executeQuery()) {
        long done = !rs.next() ? 0 : rs.getBoolean(2) ? -1 : rs.getLong(1);
        c.commit();
        return done;
      }
    }
  }

  private static String createStage(Connection c, RdwDataset dataset) throws SQLException {
    String stage = "stage_" + dataset.table();
    try (var st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " ON COMMIT DELETE ROWS AS SELECT "
          + String.join(", ", dataset.columns()) + " FROM " + dataset.table() + " WITH NO DATA");
      // The order of the file, so that of two rows for one plate the later one wins.
      st.execute("ALTER TABLE " + stage + " ADD COLUMN IF NOT EXISTS ord BIGSERIAL");
    }
    c.commit();
    return stage;
  }

  private static int[] columnIndexes(RdwDataset dataset, List<String> headers) {
    int[] index = new int[dataset.columns().size()];
    java.util.Arrays.fill(index, -1);
    for (int i = 0; i < headers.size(); i++) {
      String field = dataset.fieldOf(headers.get(i));
      int column = field == null ? -1 : dataset.columns().indexOf(field);
      if (column >= 0) {
        index[column] = i;
      }
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 && !dataset.optional(dataset.columns().get(i))) {
        missing.add(dataset.columns().get(i));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("CSV for " + dataset + " lacks columns " + missing + "; it has " + headers);
    }
    return index;
  }

  /** COPY the batch, upsert it and record the progress, all in one transaction. */
  private static long commitBatch(Connection c, CopyManager copy, String copySql, String upsert, StringBuilder batch,
                                  String sourceKey, RdwDataset dataset, long rowsDone, boolean finished)
      throws SQLException, IOException {
    long rows = 0;
    if (batch.length() > 0) {
      copy.copyIn(copySql, new StringReader(batch.toString()));
      try (var st = c.createStatement()) {
        rows = st.executeUpdate(upsert);
      }
      batch.setLength(0);
    }
    if (finished && dataset.rowsMayBeAbsent()) {
      // The export lists every vehicle that has such rows: the vehicles in the mirror without any have none.
      try (var st = c.createStatement()) {
        st.executeUpdate("UPDATE rdw_vehicles SET " + dataset.knownColumn() + " = true WHERE NOT "
            + dataset.knownColumn());
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO rdw_imports (source_key, dataset, rows_committed, finished) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (source_key) DO UPDATE SET rows_committed = EXCLUDED.rows_committed, "
        + "finished = EXCLUDED.finished, updated_at = now()")) {
      ps.setString(1, sourceKey);
      ps.setString(2, dataset.name());
      ps.setLong(3, rowsDone);
      ps.setBoolean(4, finished);
      ps.executeUpdate();
    }
    c.commit();
    return rows;
  }
}
