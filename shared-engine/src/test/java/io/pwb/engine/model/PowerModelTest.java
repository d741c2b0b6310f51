package io.pwb.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PowerModelTest {
    @Test
    void interpolatesLinearlyBetweenTablePoints() {
        PowerModel g4 = PowerModel.HP_PROLIANT_ML110_G4;
        assertEquals(86.0, g4.watts(0.0), 1e-9);
        assertEquals(117.0, g4.watts(1.0), 1e-9);
        assertEquals((102 + 106) / 2.0, g4.watts(0.55), 1e-9);
        assertEquals(117.0, g4.watts(1.7), 1e-9, "clamped above 100 %");
    }

    @Test
    void linearModelAndBadInput() {
        PowerModel lin = PowerModel.linear(100, 200);
        assertEquals(150, lin.watts(0.5), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> lin.watts(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PowerModel(new double[3]));
    }
}
