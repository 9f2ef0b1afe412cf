package nl.opencordon.cameradrivers.sim;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Simulated vehicles drawn from the real traffic mix of Amsterdam's milieuzone cameras on 2021-09-01
 * (Amsterdam/iotsignals, MPL-2.0, plate-free grouped rows): each gets a made-up plate and the register facts
 * of its row. The fleet also answers as the demo's vehicle register.
 */
public final class Fleet {
  private static final String MIX = "/sim/amsterdam-milieuzone-vehicle-mix-2021-09-01.csv";
  private static final Pattern FUEL = Pattern.compile("'brandstof': '([^']+)'");
  private static final Pattern EURO = Pattern.compile("EU[A-Z]?(\\d)");
  private static final String LETTERS = "BDFGHJKLNPRSTVXZ"; // Dutch plates use no vowels

  /** A simulated vehicle: its plate and, for Dutch plates, its register facts. */
  public record Vehicle(Plate plate, Optional<VehicleFacts> facts) {}

  private final List<Vehicle> vehicles;
  private final Map<Plate, VehicleFacts> register = new HashMap<>();

  private Fleet(List<Vehicle> vehicles) {
    this.vehicles = List.copyOf(vehicles);
    vehicles.forEach(v -> v.facts().ifPresent(f -> register.put(v.plate(), f)));
  }

  /** A fleet of {@code size} vehicles whose make-up follows the traffic mix; the same seed gives the same fleet. */
  public static Fleet generate(int size, long seed) {
    Random random = new Random(seed);
    List<CSVRecord> rows = readMix();
    long total = rows.stream().mapToLong(r -> Long.parseLong(r.get("count"))).sum();
    List<Vehicle> out = new ArrayList<>(size);
    Set<String> used = new HashSet<>();
    for (int i = 0; i < size; i++) {
      long pick = (long) (random.nextDouble() * total);
      CSVRecord row = rows.get(rows.size() - 1);
      for (CSVRecord r : rows) {
        pick -= Long.parseLong(r.get("count"));
        if (pick < 0) {
          row = r;
          break;
        }
      }
      out.add(vehicle(row, random, used));
    }
    return new Fleet(out);
  }

  private static List<CSVRecord> readMix() {
    try (Reader in = new InputStreamReader(Fleet.class.getResourceAsStream(MIX), StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException("traffic mix missing from the classpath", e);
    }
  }

  private static Vehicle vehicle(CSVRecord row, Random random, Set<String> used) {
    String country = row.get("kenteken_land");
    if (!Plate.NL.equals(country)) {
      return new Vehicle(Plate.of(unique(used, () -> randomText(random, "XX999XX")), country), Optional.empty());
    }
    Plate plate = Plate.dutch(unique(used, () -> randomText(random,
        List.of("XX999X", "X999XX", "XXX99X", "X99XXX", "99XXX9", "9XXX99", "XX99XX").get(random.nextInt(7)))));
    String det = row.get("datum_eerste_toelating");
    if (det.isBlank()) {
      return new Vehicle(plate, Optional.empty());
    }
    Set<Fuel> fuels = EnumSet.noneOf(Fuel.class);
    Matcher m = FUEL.matcher(row.get("brandstoffen"));
    while (m.find()) {
      fuels.add(Fuel.fromRdw(m.group(1)));
    }
    String versit = row.get("versit_klasse");
    Matcher euro = EURO.matcher(versit);
    Optional<String> emissionClass = versit.contains("ZE") ? Optional.of("Z")
        : euro.find() ? Optional.of(euro.group(1)) : Optional.empty();
    LocalDate first = LocalDate.parse(det).plusDays(random.nextInt(365));
    int maxMass = row.get("toegestane_maximum_massa_voertuig").isBlank() ? 0
        : Integer.parseInt(row.get("toegestane_maximum_massa_voertuig"));
    String category = row.get("europese_voertuigcategorie");
    String inrichting = row.get("inrichting");
    return new Vehicle(plate, Optional.of(new VehicleFacts(plate, row.get("voertuig_soort"), category, inrichting,
        fuels, emissionClass, first, maxMass, 0, bodyworkCodes(category, inrichting))));
  }

  /**
   * The mix has no carrosserie: a simulated goods vehicle gets the code RDW registers for its kind (BB van, BC
   * tractor, BA lorry), so none is wheelchair accessible (SH) and none is UNKNOWN for want of a carrosserie.
   */
  private static Set<String> bodyworkCodes(String category, String inrichting) {
    if (!category.startsWith("N")) {
      return Set.of();
    }
    return Set.of(category.equals("N1") ? "BB" : inrichting.toLowerCase(Locale.ROOT).contains("opleggertrekker")
        ? "BC" : "BA");
  }

  private static String unique(Set<String> used, java.util.function.Supplier<String> next) {
    String s;
    do {
      s = next.get();
    } while (!used.add(s));
    return s;
  }

  private static String randomText(Random random, String pattern) {
    StringBuilder b = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      b.append(c == 'X' ? LETTERS.charAt(random.nextInt(LETTERS.length())) : (char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }

  public List<Vehicle> vehicles() {
    return vehicles;
  }

  public Vehicle pick(Random random) {
    return vehicles.get(random.nextInt(vehicles.size()));
  }

  /** The demo's vehicle register: answers at once from the fleet's facts. */
  public CompletionStage<Optional<VehicleFacts>> lookup(Plate plate) {
    return CompletableFuture.completedFuture(Optional.ofNullable(register.get(plate)));
  }
}
