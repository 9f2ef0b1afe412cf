package nl.opencordon.cameradrivers.video;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.opencordon.actors.camera.Camera;
import nl.opencordon.cameradrivers.IngestListener;
import nl.opencordon.cameradrivers.PassageFormat;
import nl.opencordon.domain.CityLayout;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.domain.Plate;
import nl.opencordon.domain.PlateHasher;
import nl.opencordon.domain.VehicleCategory;
import nl.opencordon.vision.PlateRecognizer;
import nl.opencordon.vision.RecognizedPassage;
import nl.opencordon.vision.VideoPlateSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A camera whose plates we read ourselves from its video (issue 8's vision module): plays an RTSP stream or
 * a file on a thread of its own, turns every recognised vehicle into a passage with its plate crop and
 * overview travelling with it to its gate, and heartbeats while the playback lives. A file can loop, paced
 * to its frame times, which is what the demo's video camera does; a stream that ends or fails tells the
 * camera and fails the driver, which its camera restarts with backoff. A stream, and a file played in real
 * time, is read live: frames the node has fallen more than {@code max-lag} behind on are dropped, so that its
 * passages stay in time however slow reading gets; the drops are counted per camera for the metrics.
 */
public final class VideoCameraDriver extends AbstractBehavior<VideoCameraDriver.Command> {

  interface Command {}

  /*
   * Messages from the playback thread carry the player they came from: after a restart this actor (same ref)
   * has a new player, and what the old one still reports must not count for the new one.
   */
  private record Recognized(Object source, RecognizedPassage passage) implements Command {}

  private record Deliver(Passage passage, List<Picture> pictures) implements Command {}

  private record PlaybackEnded(Object source, int frames, Throwable failure) implements Command {}

  private enum Beat implements Command { INSTANCE }

  private enum Play implements Command { INSTANCE }

  private enum TimerKey { BEAT, PLAY }

  /** Thrown to have the camera restart this driver, with backoff. */
  static final class PlaybackFailed extends IOException {
    PlaybackFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static final String CLASSPATH = "classpath:";

  /**
   * From {@code anpr.camera-drivers.video} plus the camera's {@code url}.
   *
   * @param url an RTSP URL, a file, or {@code classpath:/resource}
   * @param loop play a file again when it ends, at most once per {@code loopInterval}
   * @param realtime hand each passage over at its frame time instead of as fast as the file decodes, and
   *     drop frames as a stream does; else a file's every frame is read
   * @param maxLag how far a stream, or a file played in real time, may fall behind before frames are dropped
   */
  public record Settings(String url, boolean loop, Duration loopInterval, boolean realtime,
                         Duration heartbeatInterval, Duration maxLag) {
    public static Settings fromConfig(Config video, String url) {
      return new Settings(url, video.getBoolean("loop"), video.getDuration("loop-interval"),
          video.getBoolean("realtime"), video.getDuration("heartbeat-interval"), video.getDuration("max-lag"));
    }

    /** A stream (RTSP and the like) arrives in real time whatever we set; a file only when played so. */
    boolean live() {
      return realtime || (url.matches("[a-z]+://.*") && !url.startsWith("file:"));
    }
  }

  /** @param listener told how many frames the camera dropped, at each heartbeat */
  public static Behavior<Command> create(CityLayout.Camera camera, ActorRef<Camera.Command> target,
                                         Settings settings, PlateHasher hasher, IngestListener listener) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new VideoCameraDriver(ctx, timers, camera, target, settings, hasher, listener)));
  }

  private final TimerScheduler<Command> timers;
  private final CityLayout.Camera camera;
  private final ActorRef<Camera.Command> target;
  private final Settings settings;
  private final PlateHasher hasher;
  private final IngestListener listener;
  /** One thread per camera: decoding blocks, and the recognizer is not thread-safe. */
  private final ExecutorService playback;
  private final Player player = new Player();
  private Instant playStarted;
  /** Of {@link Player#framesDropped}, what the listener has been told. */
  private long framesDroppedReported;
  /** Whether frames were dropped since the heartbeat before. */
  private boolean fallingBehind;

  /**
   * The recognizer and the playing source; used on the playback thread only, except {@link #stop()} and
   * {@link #framesDropped()}.
   */
  private static final class Player {
    private PlateRecognizer recognizer;
    private VideoPlateSource source;
    /** Frames the sources played before this one dropped. */
    private long droppedBefore;

    int play(Settings settings, String url, Instant origin,
             java.util.function.Consumer<RecognizedPassage> listener) throws IOException {
      if (recognizer == null) {
        recognizer = PlateRecognizer.fromSystemProperties();
      }
      VideoPlateSource next = settings.live()
          ? VideoPlateSource.live(url, recognizer, VideoPlateSource.DEFAULT_MERGE_WINDOW, settings.maxLag())
          : new VideoPlateSource(url, recognizer, VideoPlateSource.DEFAULT_MERGE_WINDOW);
      synchronized (this) {
        droppedBefore = framesDropped();
        source = next;
      }
      return next.run(origin, listener);
    }

    /** Frames dropped by every source this player played, the playing one's so far included. */
    synchronized long framesDropped() {
      return droppedBefore + (source == null ? 0 : source.framesDropped());
    }

    void stop() {
      VideoPlateSource playing;
      synchronized (this) {
        playing = source;
      }
      if (playing != null) {
        playing.stop();
      }
    }

    void close() {
      if (recognizer != null) {
        recognizer.close();
      }
    }
  }

  private VideoCameraDriver(ActorContext<Command> ctx, TimerScheduler<Command> timers, CityLayout.Camera camera,
                            ActorRef<Camera.Command> target, Settings settings, PlateHasher hasher,
                            IngestListener listener) {
    super(ctx);
    this.timers = timers;
    this.camera = camera;
    this.target = target;
    this.settings = settings;
    this.hasher = hasher;
    this.listener = listener;
    this.playback = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "video-" + camera.id());
      t.setDaemon(true);
      return t;
    });
    timers.startTimerWithFixedDelay(TimerKey.BEAT, Beat.INSTANCE, settings.heartbeatInterval());
    ctx.getSelf().tell(Play.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Play.INSTANCE, this::onPlay)
        .onMessage(Recognized.class, m -> m.source() == player, this::onRecognized)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(PlaybackEnded.class, m -> m.source() == player, this::onPlaybackEnded)
        .onMessage(Recognized.class, m -> this)
        .onMessage(PlaybackEnded.class, m -> this)
        .onMessageEquals(Beat.INSTANCE, this::onBeat)
        .onSignal(PreRestart.class, s -> stop())
        .onSignal(PostStop.class, s -> stop())
        .build();
  }

  private Behavior<Command> onPlay() {
    playStarted = Instant.now();
    ActorRef<Command> self = getContext().getSelf();
    Instant origin = playStarted;
    playback.execute(() -> {
      try {
        int frames = player.play(settings, resolve(settings.url()), origin, p -> self.tell(new Recognized(player, p)));
        self.tell(new PlaybackEnded(player, frames, null));
      } catch (Exception | LinkageError e) {
        self.tell(new PlaybackEnded(player, 0, e));
      }
    });
    return this;
  }

  /** FFmpeg reads files and URLs, not class path resources: those are copied to a temporary file once. */
  private String resolve(String url) throws IOException {
    if (!url.startsWith(CLASSPATH)) {
      return url;
    }
    String resource = url.substring(CLASSPATH.length());
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "anpr-video-" + camera.id()
        + resource.substring(resource.lastIndexOf('.')));
    try (InputStream in = VideoCameraDriver.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource);
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    file.toFile().deleteOnExit();
    return file.toString();
  }

  private Behavior<Command> onRecognized(Recognized r) {
    RecognizedPassage rp = r.passage();
    Plate plate;
    try {
      plate = Plate.of(rp.plate(), rp.country());
    } catch (IllegalArgumentException e) {
      getContext().getLog().debug("Camera [{}] read an unusable plate: {}", camera.id(), e.getMessage());
      return this;
    }
    String id = camera.id() + "-" + UUID.randomUUID();
    List<Picture> pictures = List.of(
        new Picture(PassageFormat.PUSHED + camera.id() + "/" + id + "/0-overview", "image/jpeg", rp.overviewCrop()),
        new Picture(PassageFormat.PUSHED + camera.id() + "/" + id + "/1-plate", "image/png", rp.plateCrop()));
    List<String> refs = pictures.stream().map(Picture::ref).toList();
    List<Double> charConfidences = rp.charConfidences().size() == plate.text().length() ? rp.charConfidences()
        : List.of();
    Passage passage = new Passage(id, rp.seenAt(), camera.id(), camera.site().locationCode(), camera.lane(),
        null, camera.site().position(), rp.plate(), plate, hasher.hash(plate),
        VehicleCategory.UNKNOWN, Math.max(0, Math.min(1, rp.confidence())), charConfidences, false, refs,
        Optional.empty());
    Duration wait = Duration.between(Instant.now(), rp.seenAt());
    if (settings.realtime() && !wait.isNegative()) {
      getContext().scheduleOnce(wait, getContext().getSelf(), new Deliver(passage, pictures));
    } else {
      onDeliver(new Deliver(passage, pictures));
    }
    return this;
  }

  private Behavior<Command> onDeliver(Deliver d) {
    // The camera actor is local and acknowledges at once; a video cannot resend, so there is nothing to wait for.
    target.tell(new Camera.RecordPassage(d.passage(), d.pictures(), getContext().getSystem().ignoreRef()));
    return this;
  }

  private Behavior<Command> onPlaybackEnded(PlaybackEnded e) throws PlaybackFailed {
    reportFramesDropped();
    if (e.failure() != null || (e.frames() == 0)) {
      String reason = "video " + settings.url() + (e.failure() != null ? " failed: " + e.failure() : " has no frames");
      target.tell(new Camera.DriverFailed(reason));
      throw new PlaybackFailed(reason, e.failure());
    }
    if (!settings.loop()) {
      timers.cancel(TimerKey.BEAT);
      target.tell(new Camera.DriverFailed("video " + settings.url() + " ended"));
      return Behaviors.stopped();
    }
    Duration sinceStart = Duration.between(playStarted, Instant.now());
    timers.startSingleTimer(TimerKey.PLAY, Play.INSTANCE,
        sinceStart.compareTo(settings.loopInterval()) >= 0 ? Duration.ZERO : settings.loopInterval().minus(sinceStart));
    return this;
  }

  private Behavior<Command> onBeat() {
    target.tell(new Camera.Heartbeat(Instant.now()));
    reportFramesDropped();
    return this;
  }

  /**
   * Tells the listener the frames dropped since it was last told and the camera that it falls behind (which
   * makes it degraded), and logs when reading falls behind and when it keeps up again (not at every heartbeat).
   */
  private void reportFramesDropped() {
    long dropped = player.framesDropped() - framesDroppedReported;
    if (dropped > 0) {
      listener.framesDropped(camera.id(), dropped);
      framesDroppedReported += dropped;
      target.tell(new Camera.FallingBehind(Instant.now()));
    }
    if (dropped > 0 && !fallingBehind) {
      getContext().getLog().warn("Camera [{}] reads its video too slowly: frames dropped to keep up", camera.id());
    } else if (dropped == 0 && fallingBehind) {
      getContext().getLog().info("Camera [{}] keeps up with its video again", camera.id());
    }
    fallingBehind = dropped > 0;
  }

  private Behavior<Command> stop() {
    player.stop();
    playback.execute(player::close);
    playback.shutdown();
    return this;
  }
}
