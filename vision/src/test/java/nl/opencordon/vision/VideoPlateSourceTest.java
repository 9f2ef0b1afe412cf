package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The bundled clip, decoded by FFmpeg, yields each vehicle exactly once; still frames are not read. */
class VideoPlateSourceTest {

    @Test
    void bundledVideoYieldsOnePassagePerVehicle(@TempDir Path dir) throws Exception {
        Path video = dir.resolve("demo.mp4");
        try (InputStream in = getClass().getResourceAsStream(DemoClip.RESOURCE)) {
            Files.copy(in, video);
        }
        List<RecognizedPassage> passages = new ArrayList<>();
        Instant origin = Instant.parse("2024-05-08T08:00:00Z");
        int frames;
        VideoPlateSource source;
        try (PlateRecognizer recognizer = new PlateRecognizer(PlateRecognizer.DEFAULT_MIN_CONFIDENCE)) {
            source = new VideoPlateSource(video.toString(), recognizer, VideoPlateSource.DEFAULT_MERGE_WINDOW);
            frames = source.run(origin, passages::add);
        }

        assertEquals(DemoClip.FRAMES, frames);
        assertTrue(source.framesRead() < frames, "frames of the empty road between vehicles are skipped");
        assertEquals(DemoClip.PLATES, passages.stream().map(RecognizedPassage::plate).toList());
        for (RecognizedPassage passage : passages) {
            assertTrue(passage.frameCount() >= 5, passage + " merged too few frames");
            assertTrue(passage.seenAt().isAfter(origin) && passage.seenAt().isBefore(origin.plusSeconds(10)));
        }
        assertEquals(List.of("NL", "NL", "NL", "D"), passages.stream().map(RecognizedPassage::country).toList());
    }
}
