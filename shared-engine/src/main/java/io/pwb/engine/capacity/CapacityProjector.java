package io.pwb.engine.capacity;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.MaintenanceWindow;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Projects each host's free capacity per horizon step: capacity x overcommit - resident VMs (sum of point
 * forecasts plus a pooled margin, see {@link ClusterProjection}) - active reservations (shadows: the reserved VM
 * joins the target's pool with its reserved amount as upper bound; a reservation of a VM not in the snapshot counts at its reserved amount) - capacity
 * removed by a maintenance window in that step.
 */
public final class CapacityProjector {

    private CapacityProjector() {
    }

    /**
     * @param reservations active shadows of this cluster; a reservation whose VM already runs on its target is
     *                     not counted twice, one for an unknown host is ignored
     */
    public static ClusterProjection project(ClusterSnapshot snapshot, Collection<Reservation> reservations) {
        int steps = snapshot.settings().horizonSteps();
        int stepSeconds = snapshot.settings().stepSeconds();
        int n = snapshot.hosts().size();
        int width = Resource.COUNT * steps;
        Host[] hosts = snapshot.hosts().toArray(new Host[0]);
        Map<String, Integer> index = new HashMap<>(n * 2);
        double[][] capacity = new double[n][width];
        double[][] base = new double[n][width];
        double[][] squares = new double[n][width];
        double[][] outgoingBase = new double[n][width];
        double[][] outgoingSquares = new double[n][width];
        boolean[] maintenance = new boolean[n];
        Instant now = snapshot.time();

        for (int h = 0; h < n; h++) {
            Host host = hosts[h];
            index.put(host.id(), h);
            for (int r = 0; r < Resource.COUNT; r++) {
                double cap = host.schedulable(Resource.of(r));
                for (int s = 0; s < steps; s++) {
                    capacity[h][r * steps + s] = cap;
                }
            }
            for (MaintenanceWindow w : snapshot.windowsOf(host.id())) {
                for (int s = 0; s < steps; s++) {
                    Instant from = now.plusSeconds((long) s * stepSeconds);
                    Instant to = from.plusSeconds(stepSeconds);
                    if (w.overlaps(from, to)) {
                        maintenance[h] = true;
                        for (int r = 0; r < Resource.COUNT; r++) {
                            capacity[h][r * steps + s] = 0;
                        }
                    }
                }
            }
        }

        Map<String, VmDemand> demands = new HashMap<>(snapshot.vms().size() * 2);
        for (Vm vm : snapshot.vms()) {
            VmDemand d = DemandEstimator.estimate(vm, steps, stepSeconds);
            demands.put(vm.id(), d);
            if (vm.hostId() != null) {
                int h = index.get(vm.hostId());
                addPooled(base[h], squares[h], d);
            }
        }

        Map<String, Integer> arriving = new HashMap<>();
        int[] arrivals = new int[n];
        if (reservations != null) {
            for (Reservation res : reservations) {
                Integer target = index.get(res.targetHostId());
                if (target == null) {
                    continue;
                }
                Vm vm = snapshot.vm(res.vmId()).orElse(null);
                if (vm != null && res.targetHostId().equals(vm.hostId())) {
                    continue; // already resident: counted with the residents
                }
                if (arriving.put(res.vmId(), target) == null) {
                    arrivals[target]++;
                }
                if (vm != null) {
                    // The shadow holds the VM's own upper bound; on the target its margin pools with the residents',
                    // exactly as the planner checked the move and as it will count once the VM is resident.
                    addArriving(base[target], squares[target], demands.get(vm.id()), res.reserved(), steps);
                } else {
                    addReserved(base[target], res.reserved(), steps);
                }
                if (vm != null && vm.hostId() != null && vm.hostId().equals(res.sourceHostId())) {
                    int source = index.get(vm.hostId());
                    addPooled(outgoingBase[source], outgoingSquares[source], demands.get(vm.id()));
                }
            }
        }
        return new ClusterProjection(snapshot, steps, hosts, index, capacity, base, squares, outgoingBase,
                outgoingSquares, maintenance, demands, arriving, arrivals);
    }

    /** Adds a reservation of a VM the snapshot does not know at its reserved amount, unpooled. */
    private static void addReserved(double[] base, io.pwb.engine.model.Resources reserved, int steps) {
        for (int r = 0; r < Resource.COUNT; r++) {
            double amount = reserved.get(Resource.of(r));
            for (int s = 0; s < steps; s++) {
                base[r * steps + s] += amount;
            }
        }
    }

    /**
     * Adds a VM that is reserved or planned to arrive: its points, and as margin at each step the amount its shadow
     * holds ({@code reserved}, the VM's peak upper bound) minus its point.
     */
    static void addArriving(double[] base, double[] squares, VmDemand d, io.pwb.engine.model.Resources reserved,
                            int steps) {
        double[] point = d.point();
        for (int i = 0; i < base.length; i++) {
            double p = point[i];
            double m = Math.max(0, reserved.get(Resource.of(i / steps)) - p);
            base[i] += p;
            squares[i] += m * m;
        }
    }

    /** Adds a VM to a pool: its points to {@code base}, its squared margins (upper - point) to {@code squares}. */
    static void addPooled(double[] base, double[] squares, VmDemand d) {
        double[] upper = d.upper();
        double[] point = d.point();
        for (int i = 0; i < base.length; i++) {
            double m = Math.max(0, upper[i] - point[i]);
            base[i] += point[i];
            squares[i] += m * m;
        }
    }
}
