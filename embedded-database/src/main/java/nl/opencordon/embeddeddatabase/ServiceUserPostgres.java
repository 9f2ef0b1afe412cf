package nl.opencordon.embeddeddatabase;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a controller that runs as root, where PostgreSQL refuses to start. As in the
 * official PostgreSQL container, the server runs as an unprivileged system user ({@value #USER}, created when
 * missing) that owns the data directory. The binaries come from the same zonky artifact, unpacked beside the
 * data directory ({@code <data-dir>-bin}); util-linux {@code setpriv} switches user. The postmaster gets SIGINT
 * (fast shutdown) when the JVM dies, so a killed controller leaves no server behind.
 */
final class ServiceUserPostgres implements Closeable {
  static final String USER = "cordon-postgres";
  private static final Logger log = LoggerFactory.getLogger(ServiceUserPostgres.class);
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final String SUPERUSER = "postgres";

  /** Where the data of a data-dir the service user cannot reach is kept instead. */
  private static final Path RELOCATED = Path.of("/var/lib/cordon");

  private final Account account;
  private final Path bin;
  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private final Process postmaster;

  private ServiceUserPostgres(Account account, Path bin, Path dataDir, Path logFile, int port, Process postmaster) {
    this.account = account;
    this.bin = bin;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.port = port;
    this.postmaster = postmaster;
  }

  static ServiceUserPostgres start(Path dataDir, int port) throws IOException {
    Path data = dataDir.toAbsolutePath().normalize();
    Account account = Account.findOrCreate(USER);
    Files.createDirectories(data);
    Optional<String> blocked = account.blockedOnTheWayTo(data);
    if (blocked.isPresent()) {
      // a checkout under /root, say: the cluster of this data-dir lives where the service user can reach it
      Path moved = RELOCATED.resolve("postgres-" + Integer.toHexString(data.toString().hashCode()));
      log.warn("{}; the embedded database of {} is kept in {} instead (set ANPR_EMBEDDED_DB_DIR to choose)",
          blocked.get(), data, moved);
      Files.createDirectories(moved);
      Files.setPosixFilePermissions(RELOCATED, PosixFilePermissions.fromString("rwxr-xr-x"));
      data = moved;
    }
    Path bin = unpackBinaries(data.resolveSibling(data.getFileName() + "-bin")).resolve("bin");
    Path logFile = data.resolveSibling(data.getFileName() + ".log");
    chown(data, account);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      log.info("Creating a PostgreSQL cluster in {} owned by system user {}", data, USER);
      account.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
          "-A", "trust", "-E", "UTF-8", "--locale=C"));
    }
    int actualPort = port == 0 ? freePort() : port;
    List<String> command = new ArrayList<>(List.of("setsid"));
    command.addAll(account.setpriv("--pdeathsig=INT"));
    command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p",
        Integer.toString(actualPort), "-c", "listen_addresses=127.0.0.1", "-c", "timezone=UTC",
        "-c", "max_connections=300"));
    ProcessBuilder pb = account.builder(command, data)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    ServiceUserPostgres server = new ServiceUserPostgres(account, bin, data, logFile, actualPort,
        startOnOwnThread(pb));
    try {
      server.awaitReady();
    } catch (RuntimeException e) {
      try {
        server.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return server;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  @Override
  public void close() {
    if (postmaster.isAlive()) {
      account.run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast",
          "-w", "-t", "30"));
    }
    try {
      if (!postmaster.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
        postmaster.destroyForcibly();
        throw new IllegalStateException("embedded PostgreSQL (pid " + postmaster.pid() + ") did not stop; killed it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts the postmaster from a thread that lives as long as it: the kernel sends the parent-death signal
   * when the thread that started the process ends, not only when the JVM does.
   */
  private static Process startOnOwnThread(ProcessBuilder pb) throws IOException {
    CompletableFuture<Process> started = new CompletableFuture<>();
    Thread owner = new Thread(() -> {
      Process process;
      try {
        process = pb.start();
      } catch (IOException | RuntimeException e) {
        started.completeExceptionally(e);
        return;
      }
      started.complete(process);
      try {
        log.info("Embedded PostgreSQL (pid {}) exited with {}", process.pid(), process.waitFor());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "embedded-postgres");
    owner.setDaemon(true);
    owner.start();
    try {
      return started.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!postmaster.isAlive()) {
        throw new IllegalStateException("embedded PostgreSQL exited with " + postmaster.exitValue() + "; "
            + logFile + " ends with:\n" + tail(logFile));
      }
      // another server may answer before ours fails to bind (on the port, or on this very directory): only
      // ours will do
      try (Connection c = DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
          ResultSet rs = c.createStatement().executeQuery("SHOW data_directory")) {
        rs.next();
        if (rs.getString(1).equals(dataDir.toString()) && isOurPidFile()) {
          return;
        }
        last = "port " + port + " answers as another PostgreSQL, of " + rs.getString(1);
      } catch (SQLException | IOException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while embedded PostgreSQL started", e);
      }
    }
    throw new IllegalStateException("embedded PostgreSQL did not accept connections within " + STARTUP
        + " (" + last + "); see " + logFile);
  }

  private boolean isOurPidFile() throws IOException {
    List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    return !lines.isEmpty() && lines.get(0).strip().equals(Long.toString(postmaster.pid()));
  }

  /** Unpacks zonky's binaries once; the SHA-256 of the archive in {@code .complete} says they are whole. */
  private static Path unpackBinaries(Path target) throws IOException {
    byte[] archive;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux",
        System.getProperty("os.arch"))) {
      archive = in.readAllBytes();
    }
    String sha256 = sha256(archive);
    Path marker = target.resolve(".complete");
    if (Files.exists(marker) && Files.readString(marker).equals(sha256)) {
      return target;
    }
    deleteTree(target);
    Path tmp = Files.createTempDirectory(target.getParent(), ".pg-unpack-");
    try {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(
          new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          unpack(tar, entry, tmp);
        }
      }
      // the archive lists not every directory (bin/, share/): those were made under the umask
      try (Stream<Path> paths = Files.walk(tmp)) {
        for (Path dir : paths.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      Files.writeString(tmp.resolve(".complete"), sha256);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(tmp);
    }
    log.info("Unpacked PostgreSQL binaries in {}", target);
    return target;
  }

  private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
    Path path = root.resolve(entry.getName()).normalize();
    if (!path.startsWith(root)) {
      throw new IOException("archive entry outside its directory: " + entry.getName());
    }
    if (entry.isDirectory()) {
      Files.createDirectories(path);
      return;
    }
    Files.createDirectories(path.getParent());
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
      return;
    } else if (entry.isLink()) {
      Files.createLink(path, root.resolve(entry.getLinkName()));
    } else {
      Files.copy(tar, path);
    }
    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, 0400 .. 0001
    for (int i = 0; i < all.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(all[i]);
      }
    }
    return set;
  }

  private static void chown(Path tree, Account account) throws IOException {
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        account.own(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        account.own(file);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteTree(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The system user the server runs as. */
  private record Account(String name, int uid, int gid) {
    static Account findOrCreate(String name) {
      if (exec(List.of("id", "-u", name)).exit() != 0) {
        Result created = exec(List.of("useradd", "--system", "--user-group", "--no-create-home",
            "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name));
        if (created.exit() != 0) {
          throw new IllegalStateException("embedded PostgreSQL refuses to run as root and the system user "
              + name + " to run it as could not be created (useradd: " + created.output().strip() + "). "
              + "Create it (useradd --system --user-group " + name + "), run the controller as an ordinary "
              + "user, or set ANPR_DB_URL to a PostgreSQL server.");
        }
        log.info("Created system user {} for the embedded PostgreSQL", name);
      }
      return new Account(name, Integer.parseInt(idOf(name, "-u")), Integer.parseInt(idOf(name, "-g")));
    }

    private static String idOf(String name, String flag) {
      Result r = exec(List.of("id", flag, name));
      if (r.exit() != 0) {
        throw new IllegalStateException("id " + flag + " " + name + " failed: " + r.output().strip());
      }
      return r.output().strip();
    }

    /** Why this user cannot reach {@code dir}: the first directory above it that does not let it through. */
    Optional<String> blockedOnTheWayTo(Path dir) throws IOException {
      for (Path p = dir.getParent().toRealPath(); p != null; p = p.getParent()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode");
        int mode = (Integer) a.get("mode");
        int searchBit = (Integer) a.get("uid") == uid ? 0100 : (Integer) a.get("gid") == gid ? 0010 : 0001;
        if ((mode & searchBit) == 0) {
          return Optional.of("system user " + name + " cannot enter " + p + " (mode "
              + Integer.toOctalString(mode & 07777) + ")");
        }
      }
      return Optional.empty();
    }

    void own(Path path) throws IOException {
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    List<String> setpriv(String... options) {
      List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
          "--clear-groups"));
      command.addAll(List.of(options));
      command.add("--");
      return command;
    }

    ProcessBuilder builder(List<String> command, Path dir) {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().clear();
      pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C"));
      return pb;
    }

    /** Runs a short command as this user, failing with its output when it fails. */
    void run(List<String> command) {
      List<String> full = new ArrayList<>(setpriv());
      full.addAll(command);
      Result r = exec(builder(full, Path.of("/")));
      if (r.exit() != 0) {
        throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " as " + name
            + " failed with " + r.exit() + ": " + r.output().strip());
      }
    }
  }

  private record Result(int exit, String output) {}

  private static Result exec(List<String> command) {
    return exec(new ProcessBuilder(command));
  }

  private static Result exec(ProcessBuilder pb) {
    try {
      Process p = pb.redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out after " + COMMAND);
      }
      return new Result(p.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
