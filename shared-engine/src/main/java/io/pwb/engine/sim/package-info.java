/**
 * A simulated virtualisation platform for replay and for the demo cluster.
 *
 * <p>Build one from {@link io.pwb.engine.sim.HostSpec}s, {@link io.pwb.engine.sim.VmSpec}s and a
 * {@link io.pwb.engine.sim.DemandSource} (recorded traces: {@link io.pwb.engine.sim.TraceDemandSource}; daily
 * patterns with bursts: {@link io.pwb.engine.sim.SyntheticDemandSource}), place the VMs, then loop:
 * <pre>{@code
 * SimulatedPlatform p = new SimulatedPlatform(hosts, vms, demand, 300, MigrationFailures.none(), true);
 * vms.forEach(vm -> p.place(vm.id(), pickHost(vm)));
 * while (p.hasNextStep()) {
 *     StepRecord accounting = p.step();             // demand, migrations, power and overload of one step
 *     ClusterObservation seen = p.observe();       // what an adapter would report
 *     for (Move m : decide(seen)) p.requestMigration(m.vm(), m.target());  // starts at the next step
 * }
 * }</pre>
 * The platform only exposes observations and accepts migration requests, like the oVirt and OpenStack adapters;
 * nothing reaches inside it. Migration time, the 10 % CPU cost of a moving VM, injected failures and power-off of
 * empty hosts are described in {@link io.pwb.engine.sim.SimulatedPlatform}.
 */
package io.pwb.engine.sim;
