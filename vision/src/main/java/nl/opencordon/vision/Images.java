package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Encoding and raw pixel access for OpenCV images. */
public final class Images {

    private Images() {
    }

    /** Encodes to an image file format chosen by {@code extension} (".png", ".jpg"). */
    public static byte[] encode(Mat image, String extension, int... params) {
        try (BytePointer buffer = new BytePointer(); IntPointer options = new IntPointer(params)) {
            if (!imencode(extension, image, buffer, options)) {
                throw new IllegalStateException("OpenCV cannot encode " + extension);
            }
            byte[] bytes = new byte[(int) buffer.limit()];
            buffer.get(bytes);
            return bytes;
        }
    }

    public static Mat decode(byte[] encoded) {
        return imdecode(new Mat(encoded), IMREAD_COLOR);
    }

    /** Copies the pixels of a continuous 8-bit image into a Java array. */
    public static byte[] pixels(Mat image) {
        byte[] data = new byte[(int) (image.total() * image.channels())];
        image.data().get(data);
        return data;
    }

    /**
     * A 3-channel 8-bit image as the planar float tensor (channel, row, column) vision models take:
     * {@code (value / 255 - mean[c]) / std[c]} per channel, channels in the image's own order.
     */
    public static float[] planes(Mat image, float[] mean, float[] std) {
        byte[] pixels = pixels(image);
        int n = image.rows() * image.cols();
        float[] chw = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                chw[c * n + i] = ((pixels[3 * i + c] & 0xff) / 255f - mean[c]) / std[c];
            }
        }
        return chw;
    }

    /** Four (x, y) points as the 4x1 two-channel float Mat that perspective transforms take. */
    public static Mat quad(float... xy) {
        try (FloatPointer points = new FloatPointer(xy)) {
            return new Mat(4, 1, CV_32FC2, points).clone();
        }
    }

    /** Warps the quadrilateral {@code corners} (x, y clockwise from top left) of {@code image} to a w by h image. */
    public static Mat warp(Mat image, float[] corners, int w, int h) {
        Mat out = new Mat();
        Mat transform = getPerspectiveTransform(quad(corners), quad(0, 0, w, 0, w, h, 0, h));
        warpPerspective(image, out, transform, new Size(w, h), INTER_LINEAR, BORDER_REPLICATE, new Scalar());
        return out;
    }

    /** The 3x3 perspective transform (row major) taking the quadrilateral {@code from} to {@code to}. */
    static double[] perspective(float[] from, float[] to) {
        Mat transform = getPerspectiveTransform(quad(from), quad(to));
        double[] m = new double[9];
        try (DoubleIndexer values = transform.createIndexer()) {
            for (int i = 0; i < 9; i++) {
                m[i] = values.get(i / 3, i % 3);
            }
        }
        return m;
    }

    /** Points (x, y pairs) mapped by a perspective transform from {@link #perspective}. */
    static float[] map(double[] m, float[] xy) {
        float[] out = new float[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            double w = m[6] * xy[i] + m[7] * xy[i + 1] + m[8];
            out[i] = (float) ((m[0] * xy[i] + m[1] * xy[i + 1] + m[2]) / w);
            out[i + 1] = (float) ((m[3] * xy[i] + m[4] * xy[i + 1] + m[5]) / w);
        }
        return out;
    }

    public static void setPixels(Mat image, byte[] data) {
        image.data().put(data);
    }
}
