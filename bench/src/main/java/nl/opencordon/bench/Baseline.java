package nl.opencordon.bench;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.opencordon.actors.zone.Sighting;
import nl.opencordon.actors.zone.Zone;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.VehicleFacts;
import nl.opencordon.domain.Verdict;

/**
 * The pipeline's work without the pipeline: the same passages, the same zone rules
 * ({@code ZoneDefinition.evaluate}) and the same decision state ({@link Zone.State}) in one plain Java loop
 * on one thread, no actors, no messages, no I/O. The pipeline's figures are read as a ratio to this.
 */
final class Baseline {
  private Baseline() {}

  record Result(long passages, long cases, double seconds, long cpuNanos) {
    double rate() {
      return passages / seconds;
    }
  }

  static Result run(BenchCity city, long firstPassage, long passages) {
    Zone.State state = Zone.State.empty();
    Set<Long> inside = new HashSet<>();
    long cases = 0;
    long cpu0 = Cpu.processNanos();
    long start = System.nanoTime();
    for (long n = firstPassage; n < firstPassage + passages; n++) {
      CityLayout.Camera camera = city.camera(n);
      Passage p = city.passage(n, Instant.now());
      VehicleFacts facts = city.factsOf(p.plate());
      Verdict verdict = city.zone.evaluate(p.plate(), facts, p.at(), city.exemptions);
      Sighting.Source source = Sighting.Source.valueOf(city.layout.gate(camera.gateId()).kind().name());
      Sighting s = new Sighting(p.id(), source, p.plate(), p.plateHash(), p.at(), p.cameraId(), camera.site(),
          verdict, verdict.isViolation() ? Optional.ofNullable(facts) : Optional.empty(),
          verdict.isViolation() ? p.imageRefs() : List.of());
      if (source == Sighting.Source.EXIT) {
        inside.remove(Zone.vehicleKey(s.plateHash()));
      } else {
        inside.add(Zone.vehicleKey(s.plateHash()));
      }
      if (!verdict.isViolation()) {
        continue;
      }
      Zone.Decision.Outcome outcome = state.decide(city.zone, s);
      if (outcome == Zone.Decision.Outcome.CASE_OPENED || outcome == Zone.Decision.Outcome.WARNING_OPENED) {
        state.apply(new Zone.CaseOpened("case-" + n, outcome == Zone.Decision.Outcome.CASE_OPENED
            ? Zone.CaseKind.FINE : Zone.CaseKind.WARNING, city.zone.id(), s));
        cases++;
      }
    }
    return new Result(passages, cases, (System.nanoTime() - start) / 1e9, Cpu.processNanos() - cpu0);
  }
}
