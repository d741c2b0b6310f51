/**
 * Capacity projection: each host's schedulable capacity, projected use (resident VMs' upper forecasts plus
 * reservations) and maintenance per resource and horizon step. Entry point: {@link
 * io.pwb.engine.capacity.CapacityProjector#project}. See docs/decisions.md.
 */
package io.pwb.engine.capacity;
