package io.pwb.engine.forecast.model;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * Minimises an in-sample loss over box-bounded smoothing parameters with Commons Math: Brent for one parameter,
 * BOBYQA (derivative-free, bounded) for several. The search runs on the unit cube, so one trust-region radius fits
 * every parameter. A failed or non-improving search keeps the starting parameters.
 */
final class ParameterFit {
    /** Loss evaluations per fit: each one replays the history once, so this bounds the cost of a refit. */
    static final int MAX_EVALUATIONS = 120;

    private ParameterFit() {
    }

    static double[] minimise(ToDoubleFunction<double[]> loss, double[] start, double[] lower, double[] upper) {
        int n = start.length;
        double[] u0 = new double[n];
        for (int i = 0; i < n; i++) {
            u0[i] = clamp01((start[i] - lower[i]) / (upper[i] - lower[i]));
        }
        // The best point seen is remembered, so that running out of evaluations still returns progress.
        double[] bestSeen = u0.clone();
        double[] bestSeenLoss = {Double.MAX_VALUE};
        ToDoubleFunction<double[]> onCube = u -> {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = lower[i] + clamp01(u[i]) * (upper[i] - lower[i]);
            }
            double v = loss.applyAsDouble(p);
            v = Double.isFinite(v) ? v : Double.MAX_VALUE;
            if (v < bestSeenLoss[0]) {
                bestSeenLoss[0] = v;
                System.arraycopy(u, 0, bestSeen, 0, n);
            }
            return v;
        };
        double bestLoss = onCube.applyAsDouble(u0);
        double[] best = u0;
        try {
            if (n == 1) {
                BrentOptimizer brent = new BrentOptimizer(1e-4, 1e-4);
                UnivariatePointValuePair r = brent.optimize(new MaxEval(MAX_EVALUATIONS),
                        new UnivariateObjectiveFunction(x -> onCube.applyAsDouble(new double[]{x})),
                        GoalType.MINIMIZE, new SearchInterval(0, 1, u0[0]));
                if (r.getValue() < bestLoss) {
                    best = new double[]{r.getPoint()};
                }
            } else {
                BOBYQAOptimizer bobyqa = new BOBYQAOptimizer(2 * n + 1, 0.15, 1e-3);
                double[] lo = new double[n];
                double[] hi = new double[n];
                java.util.Arrays.fill(hi, 1.0);
                PointValuePair r = bobyqa.optimize(new MaxEval(MAX_EVALUATIONS),
                        new ObjectiveFunction(onCube::applyAsDouble), GoalType.MINIMIZE,
                        new InitialGuess(u0), new SimpleBounds(lo, hi));
                if (r.getValue() < bestLoss) {
                    best = r.getPoint();
                }
            }
        } catch (MathIllegalStateException | IllegalArgumentException e) {
            // Out of evaluations or a degenerate problem: take the best point seen (at worst the start).
            best = bestSeen;
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = lower[i] + clamp01(best[i]) * (upper[i] - lower[i]);
        }
        return p;
    }

    private static double clamp01(double u) {
        return u < 0 ? 0 : (u > 1 ? 1 : u);
    }
}
