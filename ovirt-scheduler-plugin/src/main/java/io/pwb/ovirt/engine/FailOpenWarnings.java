package io.pwb.ovirt.engine;

import io.pwb.ovirt.xmlrpc.Abbreviation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Tells the operator when the filter unit passes every host because PWB's own filter would have left none (the VM
 * fits nowhere by PWB's forecast): one WARNING per VM when that starts, not one per engine call, since the engine
 * keeps asking while it schedules the VM. It is logged again after the filter has passed a host for that VM.
 */
final class FailOpenWarnings {

    private static final Logger LOG = Logger.getLogger(EngineSchedulerBackend.class.getName());
    /** Bounds the memory of VMs being warned about (VMs deleted meanwhile); forgetting costs a repeated warning. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final int MAX_REASONS_CHARS = 400;

    private final Set<String> failingOpen = ConcurrentHashMap.newKeySet();

    /** PWB's filter removed every one of {@code offered}: all of them are passed instead. */
    void noHostLeft(String clusterId, String vmId, List<String> offered, Map<String, String> rejected) {
        if (failingOpen.size() >= MAX_REMEMBERED) {
            failingOpen.clear();
        }
        if (!failingOpen.add(key(clusterId, vmId))) {
            LOG.fine(() -> "filter " + clusterId + ": still no host for VM " + vmId + "; all " + offered.size()
                    + " offered hosts pass");
            return;
        }
        Set<String> why = new TreeSet<>();
        offered.forEach(h -> why.add(String.valueOf(rejected.get(h))));
        LOG.warning(() -> "filter " + clusterId + ": PWB would remove all " + offered.size() + " host(s) the engine"
                + " offered for VM " + vmId + " (" + Abbreviation.abbreviate(String.join("; ", why), MAX_REASONS_CHARS)
                + "); passing them all: PWB recommends nothing rather than block scheduling (per-host reasons at"
                + " FINE; logged once until a host passes for this VM again)");
    }

    /** PWB's filter left at least one host for the VM. */
    void hostsLeft(String clusterId, String vmId) {
        if (!failingOpen.isEmpty()) {
            failingOpen.remove(key(clusterId, vmId));
        }
    }

    private static String key(String clusterId, String vmId) {
        return clusterId + '\u0000' + vmId;
    }
}
