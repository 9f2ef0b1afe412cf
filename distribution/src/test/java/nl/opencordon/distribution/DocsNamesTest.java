package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docs are true to the code: every file, class, setting and environment variable that README.md,
 * SECURITY.md, docs/*.md and the READMEs of the modules name exists in the repository. Names are taken from
 * relative links and from inline code (`...`) outside code blocks:
 * <ul>
 *   <li>a path (with a slash, or a source file's name) exists, from the repository root, from the page's own
 *       folder, or in the archive's layout ({@code distribution/src/dist}: {@code bin/}, {@code conf/});
 *       {@code X/…/Y} stands for {@code X/src/main/java/nl/opencordon/Y}; what the build writes under
 *       {@code target/} is not looked for;</li>
 *   <li>a class ({@code UpperCamelCase}, optionally with {@code .member} or {@code #member}) is a type declared
 *       in a .java file of the repository, and each member named is a word of that file; a name that is no
 *       Java type may be one of the repository's YAML files (an alert, a Kubernetes kind);</li>
 *   <li>a setting under {@code anpr.} or {@code pekko.} is in a .conf file of the repository or in the
 *       defaults on the classpath ({@code *} matches any part of a name), or a system property the Java code
 *       names in quotes;</li>
 *   <li>an environment variable {@code ANPR_…} is read somewhere (a .conf, a script, Java code).</li>
 * </ul>
 * A link to a heading ({@code page.md#anchor}) must find it, and each test a command selects
 * ({@code -Dtest=…}, {@code -Dit.test=…}, in code blocks too) is a test class of the repository. It fails with the list of what is missing, page by
 * page.
 */
class DocsNamesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** Where paths of the unpacked archive ({@code bin/cordon}, {@code conf/cordon.conf}) live in the repository. */
  static final Path ARCHIVE = ROOT.resolve("distribution/src/dist");
  static final String JAVA_ROOT = "src/main/java/nl/opencordon/";

  /**
   * Names that are rightly not in the repository, each with why. Keep it short: a name missing because the
   * code changed belongs fixed in the docs, not here.
   */
  static final Map<String, String> NOT_IN_THE_REPOSITORY = Map.ofEntries(
      Map.entry("lib/", "made by the assembly: the archive's jars"),
      Map.entry("sbom/cordon.cdx.json", "made by the build (CycloneDX) into the archive"),
      Map.entry("ProjectionBehavior", "Pekko Projections' class"),
      Map.entry("ShardedDaemonProcess", "Pekko Cluster Sharding's class"),
      Map.entry("ExceptionHandler", "pekko-http's class"),
      Map.entry("CapturingAppender", "Pekko's test kit class"),
      Map.entry("LogCapturingExtension", "Pekko's test kit class"),
      Map.entry("TestKitJUnit5Extension", "Pekko's test kit class"),
      Map.entry("EventSourcedBehaviorTestKit", "Pekko's test kit class"),
      Map.entry("JacksonMigration", "Pekko's serialization class"),
      Map.entry("ManualTime", "Pekko's test kit class"),
      Map.entry("ActorContext.ask", "Pekko's method"),
      Map.entry("Instant", "the JDK's java.time.Instant"),
      Map.entry("IllegalArgumentException", "the JDK's exception"),
      Map.entry("FFmpegFrameRecorder", "JavaCV's class"),
      Map.entry("Enter", "a key on the keyboard"));

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern SELECTED_TESTS = Pattern.compile("-D(?:it\\.)?test=['\"]?([A-Za-z0-9_*,]+)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern SETTING = Pattern.compile("(anpr|pekko)(\\.[A-Za-z0-9_*-]+)+");
  private static final Pattern ENV = Pattern.compile("ANPR_[A-Z0-9_]*[A-Z0-9*]");
  private static final Pattern CLASS =
      Pattern.compile("([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)((?:[.#][A-Za-z_][A-Za-z0-9_]*)*)(\\(.*\\))?");
  /** Source files, looked for by their name alone; data a program writes (.csv, .json, .png) is not. */
  private static final Pattern SOURCE_FILE =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.(md|java|conf|ya?ml|xml|sql|sh|properties|js|html|css)");
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9]*)");

  static final Set<Path> files = new HashSet<>();
  static final Set<String> fileNames = new HashSet<>();
  /** Each type (top-level or nested) to the files that declare it. */
  static final Map<String, List<Path>> javaTypes = new HashMap<>();
  static final StringBuilder javaSources = new StringBuilder();
  static final StringBuilder yamlFiles = new StringBuilder();
  static final List<ConfigObject> configs = new ArrayList<>();
  static final StringBuilder envReaders = new StringBuilder();

  @BeforeAll
  static void readRepository() throws IOException {
    assertTrue(Files.isRegularFile(ROOT.resolve("distribution/pom.xml")), "repository root at " + ROOT);
    List<Path> all = new ArrayList<>();
    Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (skipped(ROOT.relativize(dir))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        all.add(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        all.add(file);
        return FileVisitResult.CONTINUE;
      }
    });
    for (Path p : all) {
      files.add(p);
      String name = p.getFileName().toString();
      fileNames.add(name);
      if (name.endsWith(".java")) {
        String source = read(p);
        javaSources.append(source);
        javaTypes.computeIfAbsent(name.substring(0, name.length() - 5), n -> new ArrayList<>()).add(p);
        Matcher type = TYPE_DECLARATION.matcher(source);
        while (type.find()) {
          List<Path> declaring = javaTypes.computeIfAbsent(type.group(1), n -> new ArrayList<>());
          if (!declaring.contains(p)) {
            declaring.add(p);
          }
        }
      }
      if (name.endsWith(".yml") || name.endsWith(".yaml")) {
        yamlFiles.append(read(p));
      }
      // deploy/mosquitto holds Mosquitto's own configuration, not HOCON
      if (name.endsWith(".conf") && !p.startsWith(ROOT.resolve("deploy/mosquitto"))) {
        configs.add(ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).root());
      }
      if (Files.isRegularFile(p) && (name.endsWith(".conf") || name.endsWith(".java") || name.endsWith(".xml")
          || name.endsWith(".yaml") || name.endsWith(".sh") || p.getParent().getFileName().toString().equals("bin"))) {
        envReaders.append(read(p));
      }
    }
    configs.add(ConfigFactory.defaultReference().root());
  }

  /** Build output, version control, and the data folder a demo run leaves in the root or a module. */
  private static boolean skipped(Path rel) {
    for (Path part : rel) {
      String s = part.toString();
      if (s.equals("target") || s.equals(".git") || s.equals("node_modules")) {
        return true;
      }
    }
    return rel.getNameCount() <= 2 && rel.getFileName() != null && rel.getFileName().toString().equals("data");
  }

  /** The pages: README.md, SECURITY.md, docs/*.md, and every module's (and data folder's) README.md. */
  static List<Path> pages() {
    return files.stream().filter(p -> {
      Path rel = ROOT.relativize(p);
      String name = p.getFileName().toString();
      return name.equals("README.md") || rel.toString().equals("SECURITY.md")
          || (rel.getNameCount() == 2 && rel.getName(0).toString().equals("docs") && name.endsWith(".md"));
    }).sorted().toList();
  }

  @Test
  void everyNameInTheDocsExists() {
    List<String> missing = new ArrayList<>();
    for (Path page : pages()) {
      Set<String> wrong = new TreeSet<>();
      String whole = read(page);
      Matcher selected = SELECTED_TESTS.matcher(whole);
      while (selected.find()) {
        for (String test : selected.group(1).split(",")) {
          if (!test.matches("(?i)none\\w*") && javaTypes.keySet().stream().noneMatch(
              t -> t.matches(test.replace("*", "\\w*")) && javaTypes.get(t).stream()
                  .anyMatch(f -> f.toString().contains("/src/test/java/")))) {
            wrong.add("no test class " + test);
          }
        }
      }
      String text = FENCE.matcher(whole).replaceAll("");
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1).replaceFirst("#.*", "");
        String anchor = link.group(1).contains("#") ? link.group(1).substring(link.group(1).indexOf('#') + 1) : "";
        Path file = target.isEmpty() ? page : page.getParent().resolve(target);
        if (link.group(1).matches("[a-z]+:.*")) {
          continue;
        }
        if (!inRepository(file)) {
          wrong.add("link " + target);
        } else if (!anchor.isEmpty() && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
          wrong.add("link to no heading " + link.group(1));
        }
      }
      Matcher code = CODE.matcher(text);
      while (code.find()) {
        String name = code.group(1).trim();
        String problem = problem(page, name);
        if (problem != null && !NOT_IN_THE_REPOSITORY.containsKey(name)) {
          wrong.add(problem + " `" + name + "`");
        }
      }
      if (!wrong.isEmpty()) {
        missing.add(ROOT.relativize(page) + ":\n    " + String.join("\n    ", wrong));
      }
    }
    assertTrue(missing.isEmpty(), "names in the docs that are not in the repository:\n  " + String.join("\n  ", missing));
  }

  /** The other way round: every environment variable the product's settings read is in docs/configuration.md. */
  @Test
  void everyEnvironmentVariableOfTheSettingsIsDocumented() {
    Pattern override = Pattern.compile("\\$\\{\\?(ANPR_[A-Z0-9_]+)}");
    String page = read(ROOT.resolve("docs/configuration.md"));
    Set<String> undocumented = new TreeSet<>();
    files.stream().filter(p -> p.toString().endsWith(".conf") && p.toString().contains("/src/main/resources/"))
        .forEach(conf -> {
          Matcher m = override.matcher(read(conf));
          while (m.find()) {
            if (!page.contains("`" + m.group(1) + "`")) {
              undocumented.add(m.group(1) + " (" + ROOT.relativize(conf) + ")");
            }
          }
        });
    assertTrue(undocumented.isEmpty(), "not in docs/configuration.md: " + undocumented);
  }

  /** Why the name in inline code is wrong, or null when it exists or is no name this test knows. */
  static String problem(Path page, String name) {
    if (SETTING.matcher(name).matches()) {
      return setting(name) ? null : "no setting";
    }
    if (ENV.matcher(name).matches()) {
      return Pattern.compile(name.replace("*", "[A-Z0-9_]*")).matcher(envReaders).find() ? null : "no variable";
    }
    if (SOURCE_FILE.matcher(name).matches()) {
      return fileNames.contains(name) ? null : "no file";
    }
    if (name.contains("/")) {
      return path(page, name) ? null : "no file";
    }
    Matcher c = CLASS.matcher(name);
    if (c.matches()) {
      return javaClass(c.group(1), c.group(2)) || (c.group(2).isEmpty() && c.group(3) == null && word(yamlFiles, name))
          ? null : "no class or member";
    }
    return null;
  }

  /** A path: taken as one only when its first part is a folder or file of one of the bases. */
  static boolean path(Path page, String name) {
    if (!name.matches("[A-Za-z0-9._/…-]+") || name.startsWith("/") || name.contains("...") || name.equals("…/")
        || name.matches("(.*/)?target/.*")) {
      return true; // a route, a media type, a pattern, what the build writes: not a path of the repository
    }
    String path = name.replaceFirst("^\\./", "").replaceFirst("^([A-Za-z0-9_-]+)/…/", "$1/" + JAVA_ROOT);
    if (path.contains("…")) {
      return false;
    }
    String first = path.split("/")[0];
    boolean known = false;
    for (Path base : List.of(ROOT, page.getParent(), ARCHIVE)) {
      if (Files.exists(base.resolve(first))) {
        known = true;
        if (inRepository(base.resolve(path))) {
          return true;
        }
      }
    }
    return !known;
  }

  /** A class of the repository, and each of {@code members} ({@code .a.b} or {@code #a}) a word in it. */
  static boolean javaClass(String simpleName, String members) {
    List<Path> sources = javaTypes.get(simpleName);
    if (sources == null) {
      return false;
    }
    String source = sources.stream().map(DocsNamesTest::read).reduce("", String::concat);
    for (String member : members.split("[.#]")) {
      if (!member.isEmpty() && !word(source, member)) {
        return false;
      }
    }
    return true;
  }

  /** The anchors of a page's headings, as GitHub makes them. */
  static Set<String> anchors(Path page) {
    Set<String> out = new HashSet<>();
    Matcher h = HEADING.matcher(FENCE.matcher(read(page)).replaceAll(""));
    while (h.find()) {
      out.add(h.group(1).trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
          .replace(' ', '-'));
    }
    return out;
  }

  /** Exists, and inside the repository: a clone has nothing beside it (no {@code ../shared}). */
  static boolean inRepository(Path p) {
    Path normal = p.toAbsolutePath().normalize();
    return normal.startsWith(ROOT) && Files.exists(normal);
  }

  private static boolean word(CharSequence text, String word) {
    return Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(text).find();
  }

  /** A setting of some .conf file of the repository or of the defaults on the classpath. */
  static boolean setting(String key) {
    List<String> parts = ConfigUtil.splitPath(key.replace("*", "STAR"));
    return configs.stream().anyMatch(root -> exists(root, parts, 0))
        || (!key.contains("*") && javaSources.indexOf('"' + key + '"') >= 0);
  }

  private static boolean exists(ConfigObject object, List<String> parts, int i) {
    if (i == parts.size()) {
      return true;
    }
    Pattern part = Pattern.compile(Pattern.quote(parts.get(i)).replace("STAR", "\\E.*\\Q"));
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      if (part.matcher(e.getKey()).matches()) {
        if (i + 1 == parts.size() || (e.getValue() instanceof ConfigObject o && exists(o, parts, i + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
