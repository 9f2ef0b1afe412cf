package nl.opencordon.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * conf/cordon.conf lists every setting of every module's reference.conf (anpr.*) with its default, and
 * nothing else: a key added to, renamed in or changed in a reference.conf fails this test until the
 * distribution's list follows.
 */
class CordonConfTest {
  static final File CORDON_CONF = new File("src/dist/conf/cordon.conf");

  /** Every module's defaults, as the controller sees them: all reference.conf files on the classpath. */
  static Config reference() {
    return ConfigFactory.defaultReference().getConfig("anpr");
  }

  static Config cordonConf() {
    return ConfigFactory.parseFile(CORDON_CONF).resolve().getConfig("anpr");
  }

  @Test
  void listsEverySettingOfEveryModuleWithItsDefault() {
    Map<String, ConfigValue> defaults = settings(reference().root());
    Map<String, ConfigValue> listed = settings(cordonConf().root());
    List<String> missing = defaults.keySet().stream().filter(k -> !listed.containsKey(k)).toList();
    List<String> unknown = listed.keySet().stream().filter(k -> !defaults.containsKey(k)).toList();
    List<String> different = defaults.keySet().stream().filter(listed::containsKey)
        .filter(k -> !defaults.get(k).unwrapped().equals(listed.get(k).unwrapped()))
        .map(k -> k + " = " + listed.get(k).render() + " but the default is " + defaults.get(k).render()).toList();
    assertEquals(List.of(), missing, "settings of a reference.conf missing from " + CORDON_CONF);
    assertEquals(List.of(), unknown, "settings in " + CORDON_CONF + " that no reference.conf has");
    assertEquals(List.of(), different, "defaults in " + CORDON_CONF + " that differ from the reference.conf");
  }

  @Test
  void coversTheModulesThatHaveSettings() {
    // a guard against an empty classpath making the comparison above vacuous
    assertTrue(reference().root().keySet().containsAll(List.of("controller", "persistence", "vehicle-register",
        "actors", "security", "enforcement", "camera-drivers", "roadside-displays")), reference().root().keySet()
        .toString());
  }

  /** Path to value of every setting; an empty object (e.g. {@code cameras {}}) is a setting of its own. */
  static Map<String, ConfigValue> settings(ConfigObject root) {
    Map<String, ConfigValue> out = new TreeMap<>();
    collect("anpr", root, out);
    return out;
  }

  private static void collect(String path, ConfigObject object, Map<String, ConfigValue> out) {
    object.forEach((key, value) -> {
      String p = path + "." + key;
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        collect(p, (ConfigObject) value, out);
      } else {
        out.put(p, value);
      }
    });
  }
}
