package io.pwb.engine.trace;

/**
 * One recorded series from a trace file: values at a fixed step, oldest first.
 *
 * @param name         identity of the series (for PlanetLab: date/file name)
 * @param stepSeconds  spacing of the values
 * @param values       the samples; NaN marks a missing step
 */
public record TraceSeries(String name, int stepSeconds, double[] values) {
    public TraceSeries {
        if (name == null || values == null || stepSeconds <= 0) {
            throw new IllegalArgumentException("a trace series needs a name, values and a positive step");
        }
    }

    public int length() {
        return values.length;
    }
}
