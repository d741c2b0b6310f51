/**
 * Where may a VM go (one {@link io.pwb.engine.placement.HostFilter} per hard constraint) and where should it go
 * (one {@link io.pwb.engine.placement.RankingCriterion} per preference, weighted, lower is better). Entry point:
 * {@link io.pwb.engine.placement.Placement}. See docs/decisions.md.
 */
package io.pwb.engine.placement;
