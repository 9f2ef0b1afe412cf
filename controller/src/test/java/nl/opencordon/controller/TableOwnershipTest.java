package nl.opencordon.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table is written by one module, its owner (STYLE.md, section 1): the owners are declared once, in the table
 * "Who writes each table" of persistence/README.md, and every module's main sources are scanned for SQL that
 * writes a table. ArchUnit sees classes, not the SQL in their strings, hence a scan of the sources.
 */
class TableOwnershipTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path OWNERS = ROOT.resolve("persistence/README.md");
  private static final Path MIGRATIONS = ROOT.resolve("persistence/src/main/resources/db/migration");

  /** Table names are lower case in our SQL, keywords upper case: "UPDATE SET" of an upsert is no table. */
  private static final Pattern WRITE = Pattern.compile(
      "\\b(?:INSERT INTO|UPDATE|DELETE FROM|TRUNCATE(?: TABLE)?)\\s+([a-z_][a-z0-9_]*)\\b");
  private static final Pattern CREATED = Pattern.compile("(?i)\\bCREATE TABLE (?:IF NOT EXISTS )?([a-z_0-9]+)");
  private static final Pattern DROPPED = Pattern.compile("(?i)\\bDROP TABLE (?:IF EXISTS )?([a-z_0-9]+)");
  private static final Pattern OWNER_ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (.+) \\|$");
  private static final Pattern NAME = Pattern.compile("`([a-z_0-9]+)`");

  /** module:table → why that module writes a table it does not own. */
  private static final Map<String, String> EXCEPTIONS = Map.of(
      "enforcement:event_journal", "JournalRedactor overwrites the payload of an erased case's events: the plate"
          + " must leave the journal too when a case is deleted, and the journal belongs to pekko-persistence-jdbc");

  @Test
  void eachTableIsWrittenByItsOwnerAlone() throws IOException {
    Map<String, String> owners = owners();
    List<String> violations = new ArrayList<>();
    Set<String> excepted = new TreeSet<>();
    writes().forEach((module, tables) -> tables.forEach(table -> {
      String owner = owners.get(table);
      String key = module + ":" + table;
      if (owner == null) {
        violations.add(key + ": the table has no owner in " + OWNERS);
      } else if (!owner.equals(module)) {
        if (EXCEPTIONS.containsKey(key)) {
          excepted.add(key);
        } else {
          violations.add(key + ": written by " + module + " but owned by " + owner);
        }
      }
    }));
    assertEquals(List.of(), violations);
    assertEquals(EXCEPTIONS.keySet(), excepted, "an exception that is no longer needed should go");
  }

  @Test
  void everyTableOfTheMigrationsHasAnOwner() throws IOException {
    Set<String> tables = new TreeSet<>();
    Set<String> dropped = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
        String sql = Files.readString(f);
        CREATED.matcher(sql).results().forEach(m -> tables.add(m.group(1).toLowerCase()));
        DROPPED.matcher(sql).results().forEach(m -> dropped.add(m.group(1).toLowerCase()));
      }
    }
    tables.removeAll(dropped);
    assertTrue(tables.size() > 30, "the migrations were not found: " + tables);
    tables.removeAll(owners().keySet());
    assertEquals(Set.of(), tables, "tables without an owner in " + OWNERS);
  }

  /** Table → owner, from the README's table. */
  private static Map<String, String> owners() throws IOException {
    Map<String, String> owners = new TreeMap<>();
    for (String line : Files.readAllLines(OWNERS)) {
      Matcher row = OWNER_ROW.matcher(line.strip());
      if (row.matches()) {
        NAME.matcher(row.group(2)).results().forEach(m -> {
          String previous = owners.put(m.group(1), row.group(1));
          assertTrue(previous == null, m.group(1) + " has two owners: " + previous + " and " + row.group(1));
        });
      }
    }
    return owners;
  }

  /** Module (its directory) → the tables its main sources write. */
  private static Map<String, Set<String>> writes() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
          sources.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
            try {
              WRITE.matcher(Files.readString(f)).results().forEach(m ->
                  out.computeIfAbsent(module.getFileName().toString(), k -> new TreeSet<>()).add(m.group(1)));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        }
      }
    }
    assertTrue(out.keySet().containsAll(List.of("enforcement", "control-room", "insight", "security")),
        "the modules' sources were not found: " + out.keySet());
    return out;
  }
}
