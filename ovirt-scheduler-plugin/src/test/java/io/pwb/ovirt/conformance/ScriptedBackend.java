package io.pwb.ovirt.conformance;

import io.pwb.ovirt.proxy.ExternalSchedulerBackend;
import io.pwb.ovirt.proxy.PolicyProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The reference proxy's {@code test_plugin} as a backend: the filter passes every host, every score is 50, the
 * balancer always names VM 3333... with candidate 1111...; {@code failing} makes every call throw, like
 * {@code test_failing_plugin}. Records the properties it was given.
 */
final class ScriptedBackend implements ExternalSchedulerBackend {

    static final String H1 = "11111111-1111-1111-1111-111111111111";
    static final String H2 = "22222222-2222-2222-2222-222222222222";
    static final String VM = "33333333-3333-3333-3333-333333333333";

    volatile boolean failing;
    final List<PolicyProperties> seen = new CopyOnWriteArrayList<>();

    @Override
    public List<String> filter(String vmId, List<String> hostIds, PolicyProperties properties) {
        seen.add(properties);
        fail();
        return hostIds;
    }

    @Override
    public Map<String, Integer> score(String vmId, List<String> hostIds, PolicyProperties properties) {
        seen.add(properties);
        fail();
        Map<String, Integer> m = new LinkedHashMap<>();
        hostIds.forEach(h -> m.put(h, 50));
        return m;
    }

    @Override
    public Optional<BalanceProposal> balance(List<String> hostIds, PolicyProperties properties) {
        seen.add(properties);
        fail();
        return Optional.of(new BalanceProposal(VM, List.of(H1)));
    }

    private void fail() {
        if (failing) {
            throw new IllegalStateException("This plugin is expected to fail");
        }
    }
}
