package nl.opencordon.security;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The browser libraries the pages load from the jar (WebJars), so nothing is fetched at run time. */
public final class WebJars {
  private WebJars() {}

  /** An npm WebJar's version from its Maven metadata, so the pages' URLs need none. */
  public static String version(String artifact) throws IOException {
    try (InputStream in = WebJars.class.getResourceAsStream(
        "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the " + artifact + " WebJar is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }
}
