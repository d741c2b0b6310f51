package io.pwb.openstack.watcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Relieves hosts whose predicted CPU is at or above the threshold, one move at a time, most loaded host
 * first. A move is only considered when the instance is movable (active, not excluded, not locked, not
 * frozen), its flavor fits the destination's free capacity and the destination stays strictly under the
 * threshold with it, and where hard affinity rules allow it. Balance mode takes the move that leaves the lowest host CPU standard deviation and
 * stops when no move lowers it; cost mode packs onto the busiest destination that stays under the threshold
 * so that idle hosts stay idle. Each instance moves at most once per audit.
 */
final class ThresholdReliefPlanner implements MovePlanner {

    private static final double EPSILON = 1e-12;

    private record Option(ClusterLoad.Candidate candidate, int source, int destination, double stdDevAfter,
                          double destinationPercentAfter) {
    }

    @Override
    public PlanOutcome plan(ClusterLoad load, AuditParameters parameters, Set<String> frozen, AffinityRules rules) {
        double threshold = parameters.thresholdPercent();
        boolean packing = parameters.planningMode() == PlanningMode.COST;
        List<String> notes = new ArrayList<>();
        List<PlannedMove> moves = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        double before = load.cpuStdDev();
        double current = before;
        notePinned(load, threshold, notes);

        while (moves.size() < parameters.maxMigrations()) {
            List<Integer> sources = overloaded(load, threshold);
            if (sources.isEmpty()) {
                notes.add(moves.isEmpty() ? "no host is predicted at or above " + percent(threshold) + " CPU"
                        : "every host is now predicted under " + percent(threshold) + " CPU");
                break;
            }
            Option best = null;
            for (int source : sources) {
                best = bestOption(load, source, threshold, packing, frozen, moved, rules);
                if (best != null) {
                    break;
                }
            }
            if (best == null) {
                notes.add("no movable instance fits a destination that stays under " + percent(threshold) + " CPU");
                break;
            }
            if (!packing && best.stdDevAfter() >= current - EPSILON) {
                notes.add("no remaining move lowers the host CPU standard deviation");
                break;
            }
            moves.add(explain(load, best, threshold, current));
            load.move(best.candidate(), best.source(), best.destination());
            moved.add(best.candidate().instance().uuid());
            current = best.stdDevAfter();
        }
        if (moves.size() >= parameters.maxMigrations() && parameters.maxMigrations() > 0
                && !overloaded(load, threshold).isEmpty()) {
            notes.add("stopped at max_migrations=" + parameters.maxMigrations());
        }
        return new PlanOutcome(moves, before, current, notes);
    }

    private static List<Integer> overloaded(ClusterLoad load, double threshold) {
        List<Integer> sources = new ArrayList<>();
        for (int h = 0; h < load.size(); h++) {
            if (load.utilisationPercent(h) >= threshold) {
                sources.add(h);
            }
        }
        sources.sort(Comparator.comparingDouble(load::utilisationPercent).reversed()
                .thenComparing(h -> load.host(h).hostname()));
        return sources;
    }

    private static Option bestOption(ClusterLoad load, int source, double threshold, boolean packing,
                                     Set<String> frozen, Set<String> moved, AffinityRules rules) {
        double[] moments = load.fractionMoments();
        int n = load.size();
        Option best = null;
        for (ClusterLoad.Candidate candidate : load.residents(source)) {
            WatcherInstance instance = candidate.instance();
            if (instance.pinnedReason().isPresent() || frozen.contains(instance.uuid())
                    || moved.contains(instance.uuid()) || candidate.cpuLoadVcpus() <= 0) {
                continue;
            }
            for (int destination = 0; destination < n; destination++) {
                if (destination == source || !load.cpuKnown(destination) || !load.fits(destination, instance)
                        || !rules.allows(instance.uuid(), load.members(destination))) {
                    continue;
                }
                double after = (load.loadVcpus(destination) + candidate.cpuLoadVcpus())
                        / load.host(destination).vcpus() * 100.0;
                if (after >= threshold) {
                    continue;
                }
                Option option = new Option(candidate, source, destination,
                        stdDevAfter(load, moments, n, source, destination, candidate.cpuLoadVcpus()), after);
                if (best == null || better(option, best, packing, load)) {
                    best = option;
                }
            }
        }
        return best;
    }

    /** Standard deviation after a move, from the cluster's moments in O(1). */
    private static double stdDevAfter(ClusterLoad load, double[] moments, int n, int source, int destination,
                                      double loadVcpus) {
        double xs = load.fraction(source);
        double xd = load.fraction(destination);
        double xs2 = xs - loadVcpus / load.host(source).vcpus();
        double xd2 = xd + loadVcpus / load.host(destination).vcpus();
        double sum = moments[0] - xs - xd + xs2 + xd2;
        double squares = moments[1] - xs * xs - xd * xd + xs2 * xs2 + xd2 * xd2;
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    private static boolean better(Option a, Option b, boolean packing, ClusterLoad load) {
        if (packing && Math.abs(a.destinationPercentAfter() - b.destinationPercentAfter()) > EPSILON) {
            return a.destinationPercentAfter() > b.destinationPercentAfter();
        }
        if (Math.abs(a.stdDevAfter() - b.stdDevAfter()) > EPSILON) {
            return a.stdDevAfter() < b.stdDevAfter();
        }
        // Cheaper migration first: less resident memory to copy.
        if (Math.abs(a.candidate().ramMb() - b.candidate().ramMb()) > EPSILON) {
            return a.candidate().ramMb() < b.candidate().ramMb();
        }
        int byHost = load.host(a.destination()).hostname().compareTo(load.host(b.destination()).hostname());
        if (byHost != 0) {
            return byHost < 0;
        }
        return a.candidate().instance().uuid().compareTo(b.candidate().instance().uuid()) < 0;
    }

    private static PlannedMove explain(ClusterLoad load, Option option, double threshold, double stdDevBefore) {
        WatcherNode source = load.host(option.source());
        WatcherNode destination = load.host(option.destination());
        ClusterLoad.Candidate c = option.candidate();
        double sourceAfter = (load.loadVcpus(option.source()) - c.cpuLoadVcpus()) / source.vcpus() * 100.0;
        String text = String.format(Locale.ROOT,
                "%s is predicted at %.1f%% CPU, at or above the %.1f%% threshold; moving %s (%.2f vCPU of load, "
                        + "%.0f MB resident) brings it to %.1f%% and %s from %.1f%% to %.1f%%; host CPU standard "
                        + "deviation %.4f -> %.4f",
                source.hostname(), load.utilisationPercent(option.source()), threshold, label(c.instance()),
                c.cpuLoadVcpus(), c.ramMb(), sourceAfter, destination.hostname(),
                load.utilisationPercent(option.destination()), option.destinationPercentAfter(), stdDevBefore,
                option.stdDevAfter());
        return new PlannedMove(c.instance(), source, destination, c.cpuLoadVcpus(),
                option.destinationPercentAfter() / 100.0, text);
    }

    private static void notePinned(ClusterLoad load, double threshold, List<String> notes) {
        for (int h = 0; h < load.size(); h++) {
            if (load.utilisationPercent(h) < threshold) {
                continue;
            }
            for (ClusterLoad.Candidate c : load.residents(h)) {
                Optional<String> reason = c.instance().pinnedReason();
                reason.ifPresent(r -> notes.add(label(c.instance()) + " stays: " + r));
            }
        }
    }

    private static String label(WatcherInstance instance) {
        return instance.name().isEmpty() ? instance.uuid() : instance.name() + " (" + instance.uuid() + ")";
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }
}
