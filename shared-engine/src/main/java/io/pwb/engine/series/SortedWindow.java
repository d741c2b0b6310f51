package io.pwb.engine.series;

import java.util.Arrays;

/**
 * The latest {@code capacity} values kept both in arrival order and sorted, so that any order statistic (median,
 * percentile, conformal quantile) is O(1) to read. An update costs two binary searches and one array shift of the
 * values between the dropped value's place and the new one's, a small constant for the windows used here.
 * Values are stored in single precision (7 significant digits, plenty for errors and medians of monitoring data):
 * a service keeps several such windows for each of 10,000s of series.
 */
public final class SortedWindow {
    private final int capacity;
    private float[] ring;   // arrival order, oldest at 'start'
    private float[] sorted;
    private int start;
    private int size;

    public SortedWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.ring = new float[Math.min(capacity, 16)];
        this.sorted = new float[ring.length];
    }

    public void add(double value) {
        float v = (float) value;
        if (size < capacity) {
            if (size == ring.length) {
                grow();
            }
            ring[size] = v; // while filling up, start stays 0
            insertSorted(v);
            size++;
            return;
        }
        float dropped = ring[start];
        ring[start] = v;
        start = start + 1 == capacity ? 0 : start + 1;
        replaceSorted(dropped, v);
    }

    private void grow() {
        int bigger = Math.min(capacity, ring.length * 2);
        ring = Arrays.copyOf(ring, bigger);
        sorted = Arrays.copyOf(sorted, bigger);
    }

    /** Removes {@code old} and inserts {@code v} with one shift of only the values between their two places. */
    private void replaceSorted(float old, float v) {
        int from = lowerBound(sorted, 0, size, old);
        if (from >= size || sorted[from] != old) {
            throw new IllegalStateException("sorted window out of step with its ring");
        }
        if (v >= old) {
            // v goes just before the first value >= v after 'from'; the values in between move down by one.
            int to = lowerBound(sorted, from + 1, size, v) - 1;
            System.arraycopy(sorted, from + 1, sorted, from, to - from);
            sorted[to] = v;
        } else {
            int to = lowerBound(sorted, 0, from, v);
            System.arraycopy(sorted, to, sorted, to + 1, from - to);
            sorted[to] = v;
        }
    }

    /** Inserts into the sorted values [0, size). */
    private void insertSorted(float v) {
        int i = lowerBound(sorted, 0, size, v);
        System.arraycopy(sorted, i, sorted, i + 1, size - i);
        sorted[i] = v;
    }

    /**
     * First index in [from, to) whose value is >= key (to when none). Written without data-dependent branches in the
     * loop (the JIT emits conditional moves): this search is the hot spot of every online update.
     */
    static int lowerBound(float[] a, int from, int to, float key) {
        int base = from;
        int n = to - from;
        while (n > 1) {
            int half = n >>> 1;
            base = a[base + half - 1] < key ? base + half : base;
            n -= half;
        }
        return n == 1 && a[base] < key ? base + 1 : base;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** The k-th smallest value, 0-based. */
    public double orderStatistic(int k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException(k);
        }
        return sorted[k];
    }

    public double min() {
        return size == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return size == 0 ? Double.NaN : sorted[size - 1];
    }

    /** The median (mean of the two middle values for an even count); NaN when empty. */
    public double median() {
        if (size == 0) {
            return Double.NaN;
        }
        int mid = size / 2;
        return (size & 1) == 1 ? sorted[mid] : 0.5 * ((double) sorted[mid - 1] + sorted[mid]);
    }

    /** The empirical quantile with linear interpolation between order statistics; NaN when empty. */
    public double quantile(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        double pos = q * (size - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(size - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] + frac * ((double) sorted[hi] - sorted[lo]);
    }

    /**
     * The split-conformal upper quantile: the ceil((n + 1) q)-th smallest of n values, which covers a new
     * exchangeable value with probability at least q. NaN when n is too small for that rank to exist.
     */
    public double conformalUpper(double q) {
        int rank = (int) Math.ceil((size + 1) * q);
        return rank > size || rank < 1 ? Double.NaN : sorted[rank - 1];
    }

    public void clear() {
        start = 0;
        size = 0;
    }
}
