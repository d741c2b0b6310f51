package io.pwb.engine.forecast.model;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * Minimises an in-sample loss over box-bounded smoothing parameters with Commons Math: Brent for one parameter,
 * Nelder-Mead (derivative-free) for several. The search runs on the unit cube, so one trust-region radius fits
 * every parameter. A failed or non-improving search keeps the starting parameters.
 */
final class ParameterFit {
    /** Loss evaluations of a first fit: each one replays the history once, so this bounds the cost of a fit. */
    static final int MAX_EVALUATIONS = 120;
    /** A refit starts from the previous parameters, which drift slowly: a smaller search suffices. */
    static final int MAX_EVALUATIONS_WARM = 50;

    private ParameterFit() {
    }

    static double[] minimise(ToDoubleFunction<double[]> loss, double[] start, double[] lower, double[] upper,
                             boolean warm) {
        int maxEvaluations = warm ? MAX_EVALUATIONS_WARM : MAX_EVALUATIONS;
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
                BrentOptimizer brent = new BrentOptimizer(1e-3, 1e-4);
                UnivariatePointValuePair r = brent.optimize(new MaxEval(maxEvaluations),
                        new UnivariateObjectiveFunction(x -> onCube.applyAsDouble(new double[]{x})),
                        GoalType.MINIMIZE, new SearchInterval(0, 1, u0[0]));
                if (r.getValue() < bestLoss) {
                    best = new double[]{r.getPoint()};
                }
            } else {
                // Nelder-Mead on the unit cube (the loss clamps to the cube, so the bounds hold). Commons Math's
                // BOBYQA gave the same fits at several times the cost per evaluation for these 3-4 parameters.
                SimplexOptimizer simplex = new SimplexOptimizer(new SimpleValueChecker(1e-3, 1e-4));
                PointValuePair r = simplex.optimize(new MaxEval(maxEvaluations),
                        new ObjectiveFunction(onCube::applyAsDouble), GoalType.MINIMIZE,
                        new InitialGuess(u0), new NelderMeadSimplex(n, warm ? 0.05 : 0.2));
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
