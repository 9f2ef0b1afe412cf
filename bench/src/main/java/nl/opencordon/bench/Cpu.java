package nl.opencordon.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time spent by this JVM and by the PostgreSQL server (all its processes, so other users' work too). */
final class Cpu {
  private Cpu() {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  /** USER_HZ of Linux /proc; 100 on every common kernel. */
  private static final long TICK_NANOS = 10_000_000L;

  static long processNanos() {
    return OS.getProcessCpuTime();
  }

  /** Sum of user and system time of every process named postgres, or -1 where /proc cannot tell. */
  static long postgresNanos() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(Cpu::postgresTicks).sum() * TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long postgresTicks(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      int close = stat.lastIndexOf(')');
      if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
        return 0;
      }
      String[] f = stat.substring(close + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime and stime, fields 14 and 15 of stat
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
