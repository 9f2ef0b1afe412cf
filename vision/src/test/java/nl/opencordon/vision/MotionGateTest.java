package nl.opencordon.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
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
        assertTrue(gate.moved(road(-1)), "nothing to compare the first frame with");
        assertFalse(gate.moved(road(-1)), "same empty road");
        assertTrue(gate.moved(road(100)), "a vehicle enters");
        assertTrue(gate.moved(road(140)), "it drives on");
        assertFalse(gate.moved(road(140)), "it stands still");
    }

    @Test
    void sensorNoiseIsNoMotion() {
        MotionGate gate = new MotionGate(MotionGate.DEFAULT_SHARE, MotionGate.DEFAULT_LEVEL);
        Mat noisy = road(-1);
        gate.moved(noisy);
        Mat next = road(-1);
        org.bytedeco.opencv.global.opencv_core.randn(next, new Mat(new double[] {90, 90, 90}),
                new Mat(new double[] {6, 6, 6}));
        assertFalse(gate.moved(next));
    }
}
