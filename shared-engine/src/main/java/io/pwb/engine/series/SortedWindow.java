package io.pwb.engine.series;

import java.util.Arrays;

/**
 * The latest {@code capacity} values kept both in arrival order and sorted, so that any order statistic (median,
 * percentile, conformal quantile) is O(1) to read. An update costs one binary search and one array shift of at most
 * {@code capacity} elements, a small constant for the windows used here.
 */
public final class SortedWindow {
    private final DoubleRing arrival;
    private double[] sorted;
    private int size;

    public SortedWindow(int capacity) {
        this.arrival = new DoubleRing(capacity);
        this.sorted = new double[Math.min(capacity, 16)];
    }

    public void add(double v) {
        double dropped = arrival.add(v);
        if (Double.isNaN(dropped)) {
            insertSorted(v);
        } else {
            replaceSorted(dropped, v);
        }
    }

    /** Removes {@code old} and inserts {@code v} with one shift of only the values between their two places. */
    private void replaceSorted(double old, double v) {
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

    private void insertSorted(double v) {
        if (size == sorted.length) {
            sorted = Arrays.copyOf(sorted, Math.min(arrival.capacity(), Math.max(16, sorted.length * 2)));
        }
        int i = lowerBound(sorted, 0, size, v);
        System.arraycopy(sorted, i, sorted, i + 1, size - i);
        sorted[i] = v;
        size++;
    }

    /**
     * First index in [from, to) whose value is >= key (to when none). Written without data-dependent branches in the
     * loop (the JIT emits conditional moves): this search is the hot spot of every online update.
     */
    static int lowerBound(double[] a, int from, int to, double key) {
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
        return arrival.capacity();
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
        return (size & 1) == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
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
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
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
        arrival.clear();
        size = 0;
    }
}
