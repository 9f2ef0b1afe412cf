package nl.opencordon.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nl.opencordon.vision.PlateFormat.Background;

/** A found plate's outline: its own rectified coordinates and which text lines are on it. */
class PlateOutlineTest {

    /** A plate 200 pixels wide seen from the side: the far (right) edge 30 % shorter than the near one. */
    private static final PlateDetector.Plate PLATE = new PlateDetector.Plate(
            new float[] {100, 100, 300, 106, 300, 134, 100, 140}, Background.YELLOW, false);

    @Test
    void theRectifiedPlateMapsBackOntoItsCorners() {
        float[] corners = PLATE.inner(0, 0, PLATE.width(), PLATE.height());
        assertArrayEquals(PLATE.corners(), corners, 0.01f);
        // seen in perspective, the plate's middle is where its diagonals cross, nearer the far edge than
        // the middle of the frame's x range (200): an upright box would put the middle there
        float[] middle = PLATE.toPlate(new float[] {217.65f, 120});
        assertEquals(PLATE.width() / 2, middle[0], 1);
        assertEquals(PLATE.height() / 2, middle[1], 1);
    }

    @Test
    void aLineOnThePlateFitsItAndOneStickingOutDoesNot() {
        TextDetector.Box onPlate = new TextDetector.Box(new float[] {120, 108, 290, 112, 290, 130, 120, 132}, 1);
        TextDetector.Box beyondTheRight = new TextDetector.Box(new float[] {120, 108, 340, 112, 340, 130, 120, 132}, 1);
        assertTrue(PLATE.holds(onPlate));
        assertTrue(PLATE.fits(onPlate));
        assertTrue(PLATE.holds(beyondTheRight), "its centre is on the plate");
        assertFalse(PLATE.fits(beyondTheRight), "but the outline would cut it short");
        assertFalse(PLATE.holds(new TextDetector.Box(new float[] {120, 160, 290, 160, 290, 180, 120, 180}, 1)));
    }
}
