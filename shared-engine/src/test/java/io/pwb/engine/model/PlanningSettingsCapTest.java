package io.pwb.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PlanningSettingsCapTest {

    @Test
    void clusterCapGrowsWithTheClusterAndNeverFallsBelowTheConfiguredCap() {
        PlanningSettings s = PlanningSettings.DEFAULT;
        assertEquals(5, s.maxMovesPerCycle(0));
        assertEquals(5, s.maxMovesPerCycle(50));
        assertEquals(6, s.maxMovesPerCycle(51));
        assertEquals(6, s.maxMovesPerCycle(59));
        assertEquals(80, s.maxMovesPerCycle(800));
        assertEquals(5, s.withMovesPerCycleShareOfHosts(0).maxMovesPerCycle(800), "0: a fixed cap");
        assertEquals(0, s.withCaps(0, 2).withMovesPerCycleShareOfHosts(0).maxMovesPerCycle(800));
        assertThrows(IllegalArgumentException.class, () -> s.withMovesPerCycleShareOfHosts(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.withMovesPerCycleShareOfHosts(1.5));
    }

    @Test
    void theElevenArgumentConstructorKeepsTheDefaultShare() {
        PlanningSettings d = PlanningSettings.DEFAULT;
        PlanningSettings s = new PlanningSettings(d.mode(), d.thresholdUtilisation(), d.horizonSteps(),
                d.stepSeconds(), d.maxMovesPerCycle(), d.maxMovesPerHostPerCycle(), d.minGainUtilisation(),
                d.evacuationLeadSeconds(), d.cycleIntervalSeconds(), d.consolidationBelowUtilisation(), d.weights());
        assertEquals(d, s);
        assertEquals(60, d.withStepSeconds(60).cycleIntervalSeconds());
    }
}
