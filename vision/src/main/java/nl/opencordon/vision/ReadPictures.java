package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The plate crop (PNG) and overview (JPEG) of one read, encoded when first asked for: a stream reads a
 * vehicle in many frames and keeps the pictures of one read per passage, so encoding every read's pair
 * spent a fifth of a 1280x720 frame's recognition time on pictures that were thrown away. Encodes at
 * most once; not thread-safe, like the recogniser whose stream uses it.
 */
public final class ReadPictures {

    private Mat plate;
    private Mat overview;
    private byte[] plateBytes;
    private byte[] overviewBytes;

    private ReadPictures(Mat plate, Mat overview, byte[] plateBytes, byte[] overviewBytes) {
        this.plate = plate;
        this.overview = overview;
        this.plateBytes = plateBytes;
        this.overviewBytes = overviewBytes;
    }

    /** Pictures already encoded. */
    public static ReadPictures encoded(byte[] plateCrop, byte[] overviewCrop) {
        return new ReadPictures(null, null, plateCrop, overviewCrop);
    }

    /** Pictures to encode on demand; both images must be owned (not views into a frame the grabber reuses). */
    static ReadPictures of(Mat plateCrop, Mat overview) {
        return new ReadPictures(plateCrop, overview, null, null);
    }

    /**
     * Frees the images of a read that can no longer be its passage's best: a queue of vehicles can keep one
     * passage open for minutes, and its reads' unencoded images would hold a megabyte each meanwhile.
     */
    void release() {
        if (plate != null) {
            plate.close();
        }
        if (overview != null) {
            overview.close();
        }
        plate = null;
        overview = null;
        plateBytes = null;
        overviewBytes = null;
    }

    /** The rectified plate line with its margin, PNG. */
    public byte[] plateCrop() {
        if (plateBytes == null) {
            requireKept(plate);
            plateBytes = Images.encode(plate, ".png");
            plate = null;
        }
        return plateBytes;
    }

    /** The vehicle around the plate, JPEG. */
    public byte[] overviewCrop() {
        if (overviewBytes == null) {
            requireKept(overview);
            overviewBytes = Images.encode(overview, ".jpg", IMWRITE_JPEG_QUALITY, 85);
            overview = null;
        }
        return overviewBytes;
    }

    private static void requireKept(Mat image) {
        if (image == null) {
            throw new IllegalStateException("the pictures of this read were released");
        }
    }
}
