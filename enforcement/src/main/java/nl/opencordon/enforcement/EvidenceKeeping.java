package nl.opencordon.enforcement;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * resend stores nothing twice, and drops them again when the zone made no case. Runs on its own executor: the
 * gate never waits on JDBC.
 */
public final class EvidenceKeeping implements Gate.EvidenceKeeper {
  private static final Logger log = LoggerFactory.getLogger(EvidenceKeeping.class);

  private final EvidenceStore store;
  private final Executor executor;

  public EvidenceKeeping(EvidenceStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  @Override
  public CompletionStage<Kept> keep(Passage passage, List<Picture> pictures) {
    return CompletableFuture.supplyAsync(() -> {
      Map<String, String> stored = new HashMap<>();
      boolean fresh = true;
      try {
        for (Picture picture : pictures) {
          EvidenceStore.Kept kept = store.keep(passage.cameraId(), passage.id(),
              passage.imageRefs().indexOf(picture.ref()), picture.content(), picture.mediaType());
          stored.put(picture.ref(), kept.evidence().ref());
          fresh &= kept.fresh();
        }
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
      return new Kept(passage.imageRefs().stream().map(r -> stored.getOrDefault(r, r)).toList(),
          fresh && !stored.isEmpty());
    }, executor);
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
