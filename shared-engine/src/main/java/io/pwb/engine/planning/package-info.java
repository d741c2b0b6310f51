/**
 * One planning cycle per cluster: maintenance evacuation, relief of predicted overloads, then protection from one
 * VM's burst (balance and advisory modes) or consolidation (cost mode), each move explained. Entry point:
 * {@link io.pwb.engine.planning.Planner}; the baseline for replays is
 * {@link io.pwb.engine.planning.ReactiveThresholdPolicy}. See docs/decisions.md.
 */
package io.pwb.engine.planning;
