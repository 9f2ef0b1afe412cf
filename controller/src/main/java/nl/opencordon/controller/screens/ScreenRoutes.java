package nl.opencordon.controller.screens;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.opencordon.actors.DeviceHealth;
import nl.opencordon.actors.Guardian;
import nl.opencordon.actors.display.Display;
import nl.opencordon.security.WebJars;
import nl.opencordon.domain.Json;
import nl.opencordon.security.Access;
import nl.opencordon.security.AccessLog;
import nl.opencordon.security.Role;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The pages of the users besides the control room: officer review ({@code /officer}), operations
 * ({@code /operations}) and the live view of a roadside sign ({@code /signs/{displayId}}), the plot library
 * they share with the control room, and the sign's live stream. Pages hold no data (public); what they show
 * comes from the API behind the same login.
 */
public final class ScreenRoutes {
  /** How often a watched sign is asked what it shows: well inside the second a verdict may take. */
  private static final Duration SIGN_POLL = Duration.ofMillis(100);
  private static final List<Role> ANYONE = List.of(Role.values());

  /** What a sign shows now, as its page draws it: the message (with the plate the sign itself shows) or blank. */
  record SignView(String displayId, DeviceHealth health, Optional<Display.Message> showing) {}

  private ScreenRoutes() {}

  public static Route routes(ActorSystem<?> system, Guardian.Devices devices, Access access, AccessLog accessLog,
                             Duration askTimeout) throws IOException {
    String chartVersion = WebJars.version("chart.js");
    return concat(
        pathPrefix("officer", () -> pathEndOrSingleSlash(() -> get(() ->
            getFromResource("web/officer.html", ContentTypes.TEXT_HTML_UTF8)))),
        pathPrefix("operations", () -> pathEndOrSingleSlash(() -> get(() ->
            getFromResource("web/operations.html", ContentTypes.TEXT_HTML_UTF8)))),
        path(segment("signs").slash(segment()), id -> get(() ->
            getFromResource("web/sign.html", ContentTypes.TEXT_HTML_UTF8))),
        pathPrefix("lib", () -> pathPrefix("chart.js", () -> get(() ->
            getFromResourceDirectory("META-INF/resources/webjars/chart.js/" + chartVersion + "/dist")))),
        path(segment("api").slash("displays").slash(segment()).slash("stream"), id -> get(() ->
            access.require(ANYONE, user -> {
              ActorRef<Display.Command> display = devices.displays().get(id);
              if (display == null) {
                return complete(StatusCodes.NOT_FOUND, "no display " + id);
              }
              // the sign shows plates in the street; watching it from here is still written down
              return accessLog.logged(user, "display:" + id, () ->
                  completeOK(signStream(system, display, askTimeout), EventStreamMarshalling.toEventStream()));
            }))));
  }

  /** "sign" events: what the sign shows, at once and on every change; a heartbeat keeps proxies open. */
  private static Source<ServerSentEvent, NotUsed> signStream(ActorSystem<?> system, ActorRef<Display.Command> display,
                                                             Duration askTimeout) {
    return Source.tick(Duration.ZERO, SIGN_POLL, NotUsed.getInstance())
        .mapMaterializedValue(c -> NotUsed.getInstance())
        .mapAsync(1, t -> AskPattern.ask(display, Display.GetStatus::new, askTimeout, system.scheduler()))
        .map(s -> new SignView(s.displayId(), s.health(), s.showing()))
        .statefulMapConcat(() -> {
          SignView[] last = new SignView[1];
          return view -> {
            if (view.equals(last[0])) {
              return List.<SignView>of();
            }
            last[0] = view;
            return new ArrayList<>(List.of(view));
          };
        })
        .map(v -> ServerSentEvent.create(Json.write(v), "sign"))
        .keepAlive(Duration.ofSeconds(10), ServerSentEvent::heartbeat);
  }
}
