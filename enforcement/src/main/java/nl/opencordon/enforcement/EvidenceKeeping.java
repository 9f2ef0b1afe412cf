package nl.opencordon.enforcement;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import nl.opencordon.actors.gate.Gate;
import nl.opencordon.domain.Passage;
import nl.opencordon.domain.Picture;
import nl.opencordon.enforcement.store.EvidenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gates' evidence keeper: stores the pictures of a violation in the evidence store (PostgreSQL, which every
 * node reads) before the zone is asked and the camera answered, keyed by camera, passage and position so that a
 * resend stores nothing twice, and drops them again when the zone made no case. Pictures given by reference are
 * fetched first; one that cannot be fetched keeps its URL, for the case intake to try once more. Runs on its own
 * executor: the gate never waits on JDBC or HTTP.
 */
public final class EvidenceKeeping implements Gate.EvidenceKeeper {
  private static final Logger log = LoggerFactory.getLogger(EvidenceKeeping.class);

  private final EvidenceStore store;
  private final EvidenceFetcher fetcher;
  private final Executor executor;

  public EvidenceKeeping(EvidenceStore store, EvidenceFetcher fetcher, Executor executor) {
    this.store = store;
    this.fetcher = fetcher;
    this.executor = executor;
  }

  @Override
  public CompletionStage<Kept> keep(Passage passage, List<Picture> pictures) {
    return CompletableFuture.supplyAsync(() -> {
      Map<String, String> stored = new HashMap<>();
      boolean fresh = true;
      try {
        List<String> refs = passage.imageRefs();
        for (int position = 0; position < refs.size(); position++) {
          Optional<Picture> picture = picture(refs.get(position), pictures);
          if (picture.isPresent()) {
            EvidenceStore.Kept kept = store.keep(passage.cameraId(), passage.id(), position,
                picture.get().content(), picture.get().mediaType());
            stored.put(refs.get(position), kept.evidence().ref());
            fresh &= kept.fresh();
          }
        }
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
      return new Kept(passage.imageRefs().stream().map(r -> stored.getOrDefault(r, r)).toList(),
          fresh && !stored.isEmpty());
    }, executor);
  }

  /** The picture sent with the passage under {@code ref}, or fetched from its URL; empty when neither works. */
  private Optional<Picture> picture(String ref, List<Picture> sent) {
    Optional<Picture> pushed = sent.stream().filter(p -> p.ref().equals(ref)).findFirst();
    if (pushed.isPresent() || !EvidenceFetcher.fetches(ref)) {
      return pushed;
    }
    try {
      EvidenceSource.Image image = fetcher.fetch(ref);
      return Optional.of(new Picture(ref, image.mediaType(), image.content()));
    } catch (IOException e) {
      log.warn("Picture given by reference not fetched, the case intake tries again: {}", e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void drop(List<String> refs) {
    List<String> ours = refs.stream().filter(EvidenceStore::owns).toList();
    CompletableFuture.runAsync(() -> {
      try {
        store.delete(ours);
      } catch (SQLException e) {
        log.warn("{} pictures of a violation without a case not deleted; retention will: {}", ours.size(),
            e.toString());
      }
    }, executor);
  }
}
