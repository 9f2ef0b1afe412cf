package nl.opencordon.vehicleregister.rdw;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.VehicleFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vehicle register as the gates use it: answers from the local mirror, fills gaps from the RDW API and
 * keeps what the API returned in the mirror. A plate that is not a Dutch registration (foreign, read without a
 * country, no Dutch sidecode) is answered empty at once. JDBC runs on the
 * given executor (a dedicated blocking pool), never on the caller's thread. {@link #lookup} fits the actors'
 * VehicleRegister port as a method reference.
 */
public final class RdwVehicleRegister {
  private static final Logger log = LoggerFactory.getLogger(RdwVehicleRegister.class);

  private final RdwMirror mirror;
  private final RdwClient api;
  private final Executor blocking;

  public RdwVehicleRegister(RdwMirror mirror, RdwClient api, Executor blocking) {
    this.mirror = mirror;
    this.api = api;
    this.blocking = blocking;
  }

  public CompletionStage<Optional<VehicleFacts>> lookup(Plate plate) {
    if (!plate.isDutchRegistration()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.supplyAsync(() -> findInMirror(plate), blocking)
        .thenCompose(local -> local.isPresent() ? CompletableFuture.completedFuture(local) : fromApi(plate))
        .thenApply(r -> r.flatMap(rec -> rec.toFacts(plate)));
  }

  private Optional<RdwRecord> findInMirror(Plate plate) {
    try {
      return mirror.find(plate.text());
    } catch (SQLException e) {
      // The API can still answer; a broken mirror must not stop the gates.
      // the SQL state only: a database message may quote the plate, and with the log line's time that is a passage
      log.warn("RDW mirror lookup of [{}] failed, asking the API: SQL state {}", plate, e.getSQLState());
      return Optional.empty();
    }
  }

  private CompletableFuture<Optional<RdwRecord>> fromApi(Plate plate) {
    return api.fetch(plate).thenApplyAsync(found -> {
      found.ifPresent(record -> {
        try {
          mirror.save(record);
        } catch (SQLException e) {
          log.warn("RDW mirror could not store [{}]: SQL state {}", plate, e.getSQLState());
        }
      });
      return found;
    }, blocking);
  }
}
