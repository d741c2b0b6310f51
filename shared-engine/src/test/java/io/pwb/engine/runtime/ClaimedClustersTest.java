package io.pwb.engine.runtime;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Resources;
import io.pwb.engine.shadow.ReservationRequest;
import io.pwb.engine.shadow.ShadowEvent;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.engine.shadow.ShadowSettings;
import io.pwb.engine.shadow.ShadowState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.pwb.engine.Clusters.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimedClustersTest {
    private static final long GB = 1L << 30;

    /** Claims that remember {@code before} and record every claim; clusters named in {@code refused} cannot be taken. */
    private static ClusterClaims claims(List<String> before, List<String> claimed, List<String> refused) {
        return new ClusterClaims() {
            @Override
            public void claim(String clusterId) {
                if (refused.contains(clusterId)) {
                    throw new IllegalStateException(clusterId + ": database unreachable");
                }
                claimed.add(clusterId);
            }

            @Override
            public List<String> claimedBefore() {
                return before;
            }
        };
    }

    @Test
    void eachClusterIsClaimedOnceWhoeverTouchesItFirst() {
        List<String> claimed = new ArrayList<>();
        ClaimedClusters clusters = new ClaimedClusters(claims(List.of("c1"), claimed, List.of()));

        assertEquals(List.of("c1"), clusters.resume("OpenStack"));
        clusters.watch("c1");
        clusters.watch("c2");
        clusters.watch("c2");

        assertEquals(List.of("c1", "c2"), claimed);
        assertEquals(List.of("c1", "c2"), clusters.all());
    }

    @Test
    void aResumedClustersShadowExpiresWithTimeAloneAndOtherClustersAreLeftAlone() {
        ShadowLedger ledger = new ShadowLedger(ShadowSettings.DEFAULT, null);
        ledger.reserve(new ReservationRequest("c1", new Migration("v1", "h1", "h2"), Resources.of(3000, 4 * GB),
                0.5, 0.8, null), T0);
        ledger.reserve(new ReservationRequest("other", new Migration("v1", "h1", "h2"), Resources.of(3000, 4 * GB),
                0.5, 0.8, null), T0);
        ClaimedClusters clusters = new ClaimedClusters(claims(List.of("c1"), new ArrayList<>(), List.of()));
        clusters.resume("OpenStack");

        assertTrue(clusters.tick(ledger, T0.plusSeconds(1)).isEmpty(), "before its deadline nothing moves");
        List<ShadowEvent> events = clusters.tick(ledger, T0.plusSeconds(ShadowSettings.DEFAULT.timeoutSeconds()));

        assertEquals(1, events.size(), events.toString());
        assertEquals(ShadowState.EXPIRED, events.get(0).to());
        assertEquals("c1", events.get(0).shadow().clusterId());
        assertEquals(ShadowState.RESERVED, ledger.activeFor("other", "v1").orElseThrow().state(),
                "a cluster this collector does not drive runs on its own clock");
    }

    @Test
    void aClusterThatCannotBeTakenOverIsNamedAndClaimedAgainOnItsNextUse() {
        List<String> claimed = new ArrayList<>();
        List<String> refused = new ArrayList<>(List.of("c2"));
        ClaimedClusters clusters = new ClaimedClusters(claims(List.of("c1", "c2"), claimed, refused));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> clusters.resume("oVirt"));
        assertEquals("oVirt clusters not resumed: c2: database unreachable", e.getMessage());
        assertEquals(List.of("c1"), clusters.all(), "the others are resumed");

        refused.clear();
        clusters.watch("c2");
        assertEquals(List.of("c1", "c2"), claimed);
    }
}
