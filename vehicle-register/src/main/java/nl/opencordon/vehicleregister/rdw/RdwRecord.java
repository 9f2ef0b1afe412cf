package nl.opencordon.vehicleregister.rdw;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.opencordon.domain.Fuel;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;

/**
 * What RDW registers for one plate: the vehicle, its fuel rows, its carrosserie rows, the specific numbers of its
 * carrosserie and its bijzonderheden. Each list is complete: a record is built from RDW's answer for all five
 * datasets, or from a mirror that holds all five for the plate.
 */
public record RdwRecord(RdwVehicle vehicle, List<RdwFuel> fuels, List<RdwBody> bodies,
                        List<RdwBodySpecific> bodySpecifics, List<RdwParticular> particulars) {

  public RdwRecord {
    Objects.requireNonNull(vehicle, "vehicle");
    fuels = fuels.stream().sorted(Comparator.comparingInt(RdwFuel::sequence)).toList();
    bodies = bodies.stream().sorted(Comparator.comparingInt(RdwBody::sequence)).toList();
    bodySpecifics = bodySpecifics.stream().sorted(Comparator.comparingInt(RdwBodySpecific::bodySequence)
        .thenComparingInt(RdwBodySpecific::sequence)).toList();
    particulars = particulars.stream().sorted(Comparator.comparingInt(RdwParticular::sequence)).toList();
  }

  /**
   * The facts a regime needs, as registered: nothing is filled in. Empty when the register lacks the date of
   * first admission, which every regime needs. No fuel rows give no fuels, a row without a fuel
   * {@link Fuel#UNKNOWN}, a missing mass 0, no carrosserie rows no bodywork codes: the regimes answer UNKNOWN
   * where such a fact matters. No specific carrosserie rows and no bijzonderheden are "none registered".
   */
  public Optional<VehicleFacts> toFacts(Plate plate) {
    if (vehicle.firstAdmission() == null) {
      return Optional.empty();
    }
    Set<Fuel> fuelSet = EnumSet.noneOf(Fuel.class);
    fuels.forEach(f -> fuelSet.add(Fuel.fromRdw(f.fuel())));
    // A hybrid's combustion rows decide its class, so a "Z" on its electric row never makes it zero emission.
    List<RdwFuel> combustionFirst = fuels.stream()
        .sorted(Comparator.comparing(f -> Fuel.fromRdw(f.fuel()).zeroEmission())).toList();
    Optional<String> emission = combustionFirst.stream()
        .map(f -> RdwValues.emissionClass(f.emissionCode(), f.exhaustLevel()))
        .flatMap(Optional::stream).findFirst();
    Optional<String> approval = combustionFirst.stream().map(RdwFuel::approval).filter(Objects::nonNull).findFirst();
    return Optional.of(new VehicleFacts(plate, vehicle.vehicleType(), vehicle.euCategory(), vehicle.bodyType(),
        fuelSet, emission, vehicle.firstAdmission(), orZero(vehicle.maxMassKg()),
        orZero(vehicle.massInRunningOrderKg()),
        bodies.stream().map(RdwBody::code).filter(Objects::nonNull).collect(Collectors.toSet()),
        Optional.of(bodySpecifics.stream().map(RdwBodySpecific::code).filter(Objects::nonNull).collect(Collectors.toSet())),
        Optional.of(particulars.stream().map(RdwParticular::code).filter(Objects::nonNull).collect(Collectors.toSet())),
        approval, vehicle.make(), vehicle.model(), vehicle.colour()));
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
