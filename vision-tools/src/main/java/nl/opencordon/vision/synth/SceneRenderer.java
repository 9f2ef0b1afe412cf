package nl.opencordon.vision.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import nl.opencordon.vision.Images;

/**
 * Composes camera-like frames: a cluttered background, vehicles with a dark bumper around the plate,
 * the plate warped in perspective, then lighting, blur, sensor noise and JPEG compression.
 */
public final class SceneRenderer {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;

    /** A vehicle whose plate centre is at (centreX, centreY), plate {@code plateWidth} pixels wide. */
    public record Vehicle(Mat plate, double centreX, double centreY, double plateWidth, double tiltDegrees,
                          double perspective, Scalar body) {
    }

    /**
     * Imaging conditions: overall light factor, left-to-right light gradient, blur sigmas (x larger
     * than y means horizontal motion), noise amplitude in grey levels and JPEG quality (0 = none).
     */
    public record Conditions(double light, double gradient, double blurX, double blurY, double noise,
                             int jpegQuality) {

        public static Conditions random(RandomGenerator random) {
            double blur = random.nextDouble(1.1);
            double motion = random.nextDouble() < 0.3 ? random.nextDouble(1.6) : 0;
            return new Conditions(random.nextDouble(0.55, 1.25), random.nextDouble(-0.5, 0.5), blur + motion,
                    blur, random.nextDouble(12), 35 + random.nextInt(61));
        }
    }

    private SceneRenderer() {
    }

    public static Mat render(long backgroundSeed, List<Vehicle> vehicles, Conditions conditions, RandomGenerator random) {
        Mat scene = background(new SplittableRandom(backgroundSeed));
        vehicles.forEach(v -> drawVehicle(scene, v));
        if (conditions.blurX() > 0.05) {
            GaussianBlur(scene, scene, new Size(0, 0), conditions.blurX(), conditions.blurY(), 4);
        }
        lightAndNoise(scene, conditions, random);
        return conditions.jpegQuality() > 0
                ? Images.decode(Images.encode(scene, ".jpg", IMWRITE_JPEG_QUALITY, conditions.jpegQuality()))
                : scene;
    }

    private static Mat background(RandomGenerator random) {
        Mat scene = new Mat(HEIGHT, WIDTH, CV_8UC3, randomColour(random, 60, 200));
        rectangle(scene, new Rect(0, HEIGHT / 3, WIDTH, HEIGHT - HEIGHT / 3), grey(random, 70, 130), -1, LINE_AA, 0);
        // Clutter, sometimes bright or yellowish, so the locator meets false candidates.
        for (int i = 0; i < 8; i++) {
            int w = 10 + random.nextInt(120);
            int h = 5 + random.nextInt(50);
            rectangle(scene, new Rect(random.nextInt(WIDTH - w), random.nextInt(HEIGHT - h), w, h),
                    randomColour(random, 0, 256), -1, LINE_AA, 0);
        }
        return scene;
    }

    private static void drawVehicle(Mat scene, Vehicle v) {
        double pw = v.plateWidth();
        double ph = pw * v.plate().rows() / v.plate().cols();
        fill(scene, v.centreX(), v.centreY() - 0.35 * pw, 3.4 * pw, 1.9 * pw, v.body());
        fill(scene, v.centreX(), v.centreY() - 1.0 * pw, 2.6 * pw, 0.55 * pw, new Scalar(60, 55, 50, 0));
        fill(scene, v.centreX(), v.centreY(), 1.35 * pw, 2.4 * ph, new Scalar(45, 45, 45, 0));

        double angle = Math.toRadians(v.tiltDegrees());
        double[][] corners = {{-pw / 2, -ph / 2}, {pw / 2, -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}};
        float[] dst = new float[8];
        for (int i = 0; i < 4; i++) {
            // A yaw view shortens the right edge; then the whole plate is rolled by the tilt.
            double x = corners[i][0];
            double y = corners[i][1] * (x > 0 ? 1 - v.perspective() : 1);
            dst[2 * i] = (float) (v.centreX() + x * Math.cos(angle) - y * Math.sin(angle));
            dst[2 * i + 1] = (float) (v.centreY() + x * Math.sin(angle) + y * Math.cos(angle));
        }
        float w = v.plate().cols();
        float h = v.plate().rows();
        Mat transform = getPerspectiveTransform(Images.quad(0, 0, w, 0, w, h, 0, h), Images.quad(dst));
        Mat warped = new Mat();
        Mat mask = new Mat();
        Size size = new Size(WIDTH, HEIGHT);
        warpPerspective(v.plate(), warped, transform, size, INTER_LINEAR, 0, new Scalar(0, 0, 0, 0));
        warpPerspective(new Mat(v.plate().rows(), v.plate().cols(), CV_8UC1, new Scalar(255)), mask, transform, size,
                INTER_LINEAR, 0, new Scalar(0));
        warped.copyTo(scene, mask);
    }

    private static void fill(Mat scene, double cx, double cy, double w, double h, Scalar colour) {
        int x0 = (int) Math.max(0, cx - w / 2);
        int y0 = (int) Math.max(0, cy - h / 2);
        int x1 = (int) Math.min(WIDTH, cx + w / 2);
        int y1 = (int) Math.min(HEIGHT, cy + h / 2);
        if (x1 > x0 && y1 > y0) {
            rectangle(scene, new Rect(x0, y0, x1 - x0, y1 - y0), colour, -1, LINE_AA, 0);
        }
    }

    private static void lightAndNoise(Mat scene, Conditions c, RandomGenerator random) {
        byte[] px = Images.pixels(scene);
        double amplitude = c.noise();
        for (int i = 0; i < px.length; i++) {
            int x = (i / 3) % WIDTH;
            double gain = c.light() * (1 + c.gradient() * ((double) x / WIDTH - 0.5));
            double noise = amplitude == 0 ? 0 : (random.nextDouble() + random.nextDouble() - 1) * amplitude;
            px[i] = (byte) Math.max(0, Math.min(255, (px[i] & 0xff) * gain + noise));
        }
        Images.setPixels(scene, px);
    }

    public static Scalar randomColour(RandomGenerator random, int low, int high) {
        return new Scalar(random.nextInt(low, high), random.nextInt(low, high), random.nextInt(low, high), 0);
    }

    private static Scalar grey(RandomGenerator random, int low, int high) {
        int g = random.nextInt(low, high);
        return new Scalar(g, g, g, 0);
    }
}
