package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class MotionGateTest {

    private static Mat road(int vehicleX) {
        Mat frame = new Mat(480, 640, CV_8UC3, new Scalar(90, 90, 90, 0));
        if (vehicleX >= 0) {
            rectangle(frame, new Point(vehicleX, 200), new Point(vehicleX + 120, 300), new Scalar(30, 30, 160, 0), -1, 8, 0);
        }
        return frame;
    }

    @Test
    void firstFrameCountsThenOnlyChangesDo() {
        MotionGate gate = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        assertEquals(Optional.of(new Rect(0, 0, 640, 480)).map(MotionGateTest::xywh),
                gate.moved(road(-1)).map(MotionGateTest::xywh), "nothing to compare the first frame with");
        assertFalse(gate.moved(road(-1)).isPresent(), "same empty road");
        assertTrue(gate.moved(road(100)).isPresent(), "a vehicle enters");
        assertTrue(gate.moved(road(140)).isPresent(), "it drives on");
        assertFalse(gate.moved(road(140)).isPresent(), "it stands still");
    }

    @Test
    void theRegionHoldsWhatMovedWithAMarginAndNotTheRest() {
        MotionGate gate = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        gate.moved(road(100));
        Rect region = gate.moved(road(140)).orElseThrow();
        // the vehicle covers x 100-260 then 140-260, y 200-300; 3 cells of 8x8 pixels around what changed
        assertTrue(region.x() <= 100 - 16 && region.x() + region.width() >= 260 + 16, xywh(region));
        assertTrue(region.y() <= 200 - 16 && region.y() + region.height() >= 300 + 16, xywh(region));
        assertTrue(region.x() >= 100 - 40 && region.x() + region.width() <= 260 + 40, xywh(region));
        assertTrue(region.y() >= 200 - 40 && region.y() + region.height() <= 300 + 40, xywh(region));
    }

    private static String xywh(Rect r) {
        return r.x() + "," + r.y() + " " + r.width() + "x" + r.height();
    }

    @Test
    void sensorNoiseIsNoMotion() {
        MotionGate gate = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        Mat noisy = road(-1);
        gate.moved(noisy);
        Mat next = road(-1);
        org.bytedeco.opencv.global.opencv_core.randn(next, new Mat(new double[] {90, 90, 90}),
                new Mat(new double[] {6, 6, 6}));
        assertFalse(gate.moved(next).isPresent());
    }
}
