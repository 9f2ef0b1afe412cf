package nl.opencordon.controller;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.opencordon.cameradrivers.CameraDrivers;
import nl.opencordon.displays.SignDrivers;
import nl.opencordon.domain.CityConfig;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.enforcement.EnforcementSettings;
import nl.opencordon.persistence.DatabaseSettings;
import nl.opencordon.security.Oidc;
import nl.opencordon.security.Users;

/**
 * Reads a deployment's configuration file over the shipped defaults and finds everything that keeps it from
 * running a real city, each problem with its path: `cordon check-config` prints them, `cordon run` refuses
 * to start on any.
 */
public final class ConfigCheck {
  /** Below this a keyed plate hash is guessable. */
  static final int MIN_SECRET_LENGTH = 32;

  /** The outcome: the configuration and city when there are no problems. */
  public record Result(Optional<Config> config, Optional<CityLayout> layout, List<String> problems,
                       List<String> warnings) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private ConfigCheck() {}

  /** FILE over the controller's application.conf and every module's reference.conf, environment included. */
  public static Config load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException.Generic(file + ": no such file");
    }
    // load(Config) takes the given config in place of application.conf, so the controller's is layered in here
    return ConfigFactory.load(ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()
        .setAllowMissing(false)).withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
  }

  public static Result check(Path file) {
    Config config;
    try {
      config = load(file);
    } catch (ConfigException e) {
      return new Result(Optional.empty(), Optional.empty(), List.of(e.getMessage()), List.of());
    }
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    CityLayout layout = null;
    try {
      layout = CityConfig.load(config.getConfig("anpr.city"));
    } catch (CityConfig.InvalidCityException e) {
      e.problems().forEach(p -> problems.add("anpr.city." + p));
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    }
    guard(problems, () -> {
      if (config.getString("anpr.controller.plate-hash-secret").length() < MIN_SECRET_LENGTH) {
        problems.add("anpr.controller.plate-hash-secret: set a random secret of at least " + MIN_SECRET_LENGTH
            + " characters (or ANPR_PLATE_HASH_SECRET)");
      }
    });
    // placeholder, demo and short secrets (SecretsCheck)
    guard(problems, () -> problems.addAll(SecretsCheck.problems(config)));
    guard(problems, () -> Oidc.Settings.fromConfig(config.getConfig("anpr.security.oidc")));
    guard(problems, () -> {
      // sign-in through the identity provider, or local users, or both
      if (config.getConfigList("anpr.controller.users").isEmpty()
          && Oidc.Settings.fromConfig(config.getConfig("anpr.security.oidc")).isEmpty()) {
        problems.add("anpr.controller.users: no users and no identity provider (anpr.security.oidc); add at least"
            + " one user, its hash made by `cordon hash-password`");
      } else {
        Users.fromConfig(config.getConfigList("anpr.controller.users"), Duration.ZERO);
      }
    });
    guard(problems, () -> {
      if (DatabaseSettings.fromConfig(config.getConfig("anpr.persistence.db")).embedded()) {
        problems.add("anpr.persistence.db.url: set the PostgreSQL JDBC url (or ANPR_DB_URL)");
      }
    });
    guard(problems, () -> {
      EnforcementSettings enforcement = EnforcementSettings.fromConfig(config.getConfig("anpr.enforcement"));
      if (enforcement.municipality().isBlank()) {
        problems.add("anpr.enforcement.municipality: name the municipality (it heads CJIB batches and letters)");
      }
      enforcement.offenceCodes().forEach((regime, code) -> {
        if (EnforcementSettings.isPlaceholder(code)) {
          warnings.add("anpr.enforcement.offence-codes." + regime + ": placeholder '" + code
              + "'; CJIB exports are refused until it is set");
        }
      });
    });
    if (layout != null) {
      CityLayout city = layout;
      city.warnings().forEach(w -> warnings.add("anpr.city: rule date to check: " + w));
      guard(problems, () -> problems.addAll(CameraDrivers.problems(config.getConfig("anpr.camera-drivers"), city)));
      guard(problems, () -> problems.addAll(SignDrivers.problems(config.getConfig("anpr.roadside-displays"), city)));
    }
    return new Result(problems.isEmpty() ? Optional.of(config) : Optional.empty(),
        Optional.ofNullable(layout), List.copyOf(problems), List.copyOf(warnings));
  }

  /** A setting that cannot be read at all is a problem too, reported with its path. */
  private static void guard(List<String> problems, Runnable check) {
    try {
      check.run();
    } catch (ConfigException | IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }
}
