package io.pwb.engine.replay;

import io.pwb.engine.sim.DemandSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CloudSimVmExitsTest {
    /** Percent samples per VM. */
    private record Samples(double[]... percent) implements DemandSource {
        public double utilisation(int vmIndex, long step) {
            return percent[vmIndex][(int) step] / 100.0;
        }

        public long steps() {
            return percent[0].length;
        }
    }

    @Test
    void aVmLeavesAtTheFirstOfTwoZeroSamplesFromTheSecondSampleOn() {
        CloudSimVmExits exits = new CloudSimVmExits(new Samples(
                new double[]{5, 0, 0, 3, 4},   // two zeros from sample 1: leaves at step 1
                new double[]{0, 0, 5, 0, 4},   // zeros at 0 and 1 only: CloudSim's first update is at sample 1, whose next is 5
                new double[]{5, 3, 0, 7, 0},   // no two consecutive zeros... the last sample is repeated: 0, 0 at step 4
                new double[]{5, 3, 0, 7, 2}), 4); // never
        assertEquals(1, exits.departureStep(0));
        assertEquals(Long.MAX_VALUE, exits.departureStep(1));
        assertEquals(4, exits.departureStep(2));
        assertEquals(Long.MAX_VALUE, exits.departureStep(3));
        assertEquals(0.05, exits.utilisation(0, 0), 1e-12);
    }
}
