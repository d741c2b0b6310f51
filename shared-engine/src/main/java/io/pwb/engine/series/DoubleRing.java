package io.pwb.engine.series;

import java.util.Arrays;

/** A bounded window of the latest values, oldest first; adding to a full window drops the oldest. */
public final class DoubleRing {
    private double[] values;
    private final int capacity;
    private int start;
    private int size;

    public DoubleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.values = new double[Math.min(capacity, 16)];
    }

    /** Adds a value; returns the value dropped from a full window, or NaN when none was. */
    public double add(double v) {
        if (size < capacity) {
            if (size == values.length) {
                grow();
            }
            values[wrap(start + size)] = v;
            size++;
            return Double.NaN;
        }
        double dropped = values[start];
        values[start] = v;
        start = wrap(start + 1);
        return dropped;
    }

    /** Index modulo the array length for 0 <= i < 2 x length, without a division (this is on every update). */
    private int wrap(int i) {
        return i >= values.length ? i - values.length : i;
    }

    private void grow() {
        double[] bigger = new double[Math.min(capacity, values.length * 2)];
        for (int i = 0; i < size; i++) {
            bigger[i] = values[wrap(start + i)];
        }
        values = bigger;
        start = 0;
    }

    /** The i-th value, 0 = oldest. */
    public double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[wrap(start + i)];
    }

    /** The latest value; NaN when empty. */
    public double last() {
        return size == 0 ? Double.NaN : get(size - 1);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean full() {
        return size == capacity;
    }

    public void clear() {
        start = 0;
        size = 0;
    }

    /** The latest {@code n} values (all when fewer), oldest first. */
    public double[] latest(int n) {
        int k = Math.min(n, size);
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = get(size - k + i);
        }
        return out;
    }

    public double[] toArray() {
        return latest(size);
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
