package nl.opencordon.enforcement;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.util.concurrent.Executor;
import nl.opencordon.domain.Json;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.BlockingRoutes;
import nl.opencordon.security.HttpErrors;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What the enforcement module's routes share: the role check, the access log written before personal data
 * leaves, and the pool their blocking work runs on.
 */
abstract class OfficeRoutes {
  final Access access;
  final AccessLog accessLog;
  final Executor blocking;

  OfficeRoutes(Access access, AccessLog accessLog, Executor blocking) {
    this.access = access;
    this.accessLog = accessLog;
    this.blocking = blocking;
  }

  abstract Route routes();

  /** Runs blocking work (JDBC, files, PDF) off the HTTP threads; its failures reach {@link HttpErrors}. */
  final Route run(BlockingRoutes.Work work) {
    return BlockingRoutes.run(blocking, work);
  }

  static Route json(StatusCode status, Object value) {
    return complete(status, value, Jackson.marshaller(Json.MAPPER));
  }
}
