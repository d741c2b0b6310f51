package io.pwb.engine.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedWindowTest {
    @Test
    void orderStatisticsMatchASortOfTheLatestValues() {
        Random r = new Random(3);
        SortedWindow w = new SortedWindow(50);
        DoubleRing ring = new DoubleRing(50);
        for (int i = 0; i < 1000; i++) {
            double v = Math.floor(r.nextDouble() * 20); // many ties
            w.add(v);
            ring.add(v);
            double[] sorted = ring.toArray();
            Arrays.sort(sorted);
            assertEquals(sorted.length, w.size());
            assertEquals(sorted[0], w.min());
            assertEquals(sorted[sorted.length - 1], w.max());
            int mid = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            assertEquals(median, w.median());
        }
    }

    @Test
    void conformalUpperNeedsEnoughValuesAndTakesTheRightRank() {
        SortedWindow w = new SortedWindow(100);
        for (int i = 1; i <= 18; i++) {
            w.add(i);
        }
        assertTrue(Double.isNaN(w.conformalUpper(0.95)), "ceil(19 x 0.95) = 19 > 18 values");
        w.add(19);
        assertEquals(19, w.conformalUpper(0.95));
        for (int i = 20; i <= 100; i++) {
            w.add(i);
        }
        assertEquals(96, w.conformalUpper(0.95)); // ceil(101 x 0.95) = 96
        assertEquals(50.5, w.quantile(0.5), 1e-12);
    }

    @Test
    void ringKeepsTheLatestValuesOldestFirst() {
        DoubleRing r = new DoubleRing(3);
        assertTrue(Double.isNaN(r.add(1)));
        r.add(2);
        r.add(3);
        assertEquals(1, r.add(4));
        assertArrayEquals(new double[]{2, 3, 4}, r.toArray());
        assertArrayEquals(new double[]{3, 4}, r.latest(2));
        assertEquals(4, r.last());
    }

    @Test
    void timestampsGoToTheNearestStep() {
        assertEquals(0, StepGrid.stepIndex(149, 300));
        assertEquals(1, StepGrid.stepIndex(150, 300));
        assertEquals(1, StepGrid.stepIndex(449, 300));
        assertEquals(-1, StepGrid.stepIndex(-151, 300));
    }
}
