package nl.opencordon.persistence;

import com.typesafe.config.Config;

/** Where the PostgreSQL database is. An empty url means: start the embedded one. */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

  public static DatabaseSettings fromConfig(Config c) {
    return new DatabaseSettings(c.getString("url"), c.getString("user"), c.getString("password"),
        c.getInt("pool-size"));
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  public DatabaseSettings withUrl(String newUrl) {
    return new DatabaseSettings(newUrl, user, password, poolSize);
  }
}
