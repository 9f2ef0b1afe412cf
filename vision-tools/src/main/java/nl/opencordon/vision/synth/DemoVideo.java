package nl.opencordon.vision.synth;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import nl.opencordon.vision.DemoClip;
import nl.opencordon.vision.PlateFormats;

/**
 * Generates the bundled demo clip of the vision module: {@link DemoClip#PLATES} drive towards the camera one after another, with
 * empty road between them, encoded as MPEG-4 by FFmpeg. Arguments: [output .mp4 [width height]], by default
 * the vision module's copy (run from the repository root) at the scene size, 640x360; a larger size scales
 * each frame up (the bench's 1280x720 streams: the same scenes, every plate twice as many pixels wide).
 */
public final class DemoVideo {

    public static final int FRAME_RATE = 10;

    private static final int FRAMES_PER_VEHICLE = 18;
    private static final int EMPTY_FRAMES = 6;
    private static final long BACKGROUND_SEED = 3;

    private DemoVideo() {
    }

    public static void main(String[] args) throws Exception {
        Path output = args.length > 0 ? Path.of(args[0]) : Path.of("vision/src/main/resources" + DemoClip.RESOURCE);
        int width = args.length > 2 ? Integer.parseInt(args[1]) : SceneRenderer.WIDTH;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : SceneRenderer.HEIGHT;
        write(output, width, height);
        System.out.printf("wrote %s (%d bytes)%n", output, Files.size(output));
    }

    /** Writes the clip ({@link DemoClip#FRAMES} frames at {@link #FRAME_RATE}) at {@code width x height}. */
    public static void write(Path output, int width, int height) throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        SplittableRandom random = new SplittableRandom(BACKGROUND_SEED);
        Size size = new Size(width, height);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(output.toFile(), width, height);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FRAME_RATE);
            recorder.setVideoQuality(4);
            recorder.start();
            for (Mat frame : frames(random)) {
                if (frame.cols() != width || frame.rows() != height) {
                    resize(frame, frame, size, 0, 0, INTER_LINEAR);
                }
                recorder.record(converter.convert(frame));
            }
            recorder.stop();
        }
    }

    private static List<Mat> frames(SplittableRandom random) {
        SceneRenderer.Conditions conditions = new SceneRenderer.Conditions(1.0, 0.2, 0.7, 0.5, 4, 0);
        List<Mat> frames = new ArrayList<>();
        for (String text : DemoClip.PLATES) {
            Mat plate = PlateRenderer.render(text, PlateFormats.of(text).orElseThrow(), random);
            Scalar body = SceneRenderer.randomColour(random, 30, 220);
            for (int i = 0; i < FRAMES_PER_VEHICLE; i++) {
                double t = i / (double) (FRAMES_PER_VEHICLE - 1);
                SceneRenderer.Vehicle vehicle = new SceneRenderer.Vehicle(plate, 300 + 40 * t,
                        SceneRenderer.HEIGHT * (0.5 + 0.3 * t), 110 + 60 * t, 2 - 4 * t, 0.05, body);
                frames.add(SceneRenderer.render(BACKGROUND_SEED, List.of(vehicle), conditions, random));
            }
            for (int i = 0; i < EMPTY_FRAMES; i++) {
                frames.add(SceneRenderer.render(BACKGROUND_SEED, List.of(), conditions, random));
            }
        }
        return frames;
    }
}
