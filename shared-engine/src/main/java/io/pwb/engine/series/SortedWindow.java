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
        if (!Double.isNaN(dropped)) {
            removeSorted(dropped);
        }
        insertSorted(v);
    }

    private void insertSorted(double v) {
        if (size == sorted.length) {
            sorted = Arrays.copyOf(sorted, Math.min(arrival.capacity(), Math.max(16, sorted.length * 2)));
        }
        int i = Arrays.binarySearch(sorted, 0, size, v);
        if (i < 0) {
            i = -i - 1;
        }
        System.arraycopy(sorted, i, sorted, i + 1, size - i);
        sorted[i] = v;
        size++;
    }

    private void removeSorted(double v) {
        int i = Arrays.binarySearch(sorted, 0, size, v);
        if (i < 0) {
            throw new IllegalStateException("sorted window out of step with its ring");
        }
        System.arraycopy(sorted, i + 1, sorted, i, size - i - 1);
        size--;
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
