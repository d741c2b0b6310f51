package io.pwb.openstack.collector;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pwb.openstack.nova-microversion}: {@code 2.<n>} from 2.53 on, anything else a clear error. */
class NovaMicroversionTest {

    @Test
    void twoDotNFromTheMinimumOn() {
        assertEquals("2.56", NovaMicroversion.parse("2.56").toString());
        assertEquals("2.88", NovaMicroversion.parse(" 2.88 ").toString());
        assertEquals(53, NovaMicroversion.parse("2.53").minor());
    }

    @Test
    void anythingElseSaysWhatIsExpected() {
        for (String bad : new String[] {"", "2", "2.", "2.x", "v2.56", "3.1", "2.056", "2.56.1", "latest"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NovaMicroversion.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("pwb.openstack.nova-microversion must look like 2.<n>"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("got '" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> NovaMicroversion.parse("2.46"));
        assertEquals("pwb.openstack.nova-microversion must be at least 2.53 (hypervisor ids that are Placement's "
                + "resource providers), got 2.46", old.getMessage());
    }

    @Test
    void theSettingsRefuseABadMicroversionAndDefaultToWatchers() {
        assertThrows(IllegalArgumentException.class, () -> settings("2.x"));
        assertEquals("2.56", settings(null).novaMicroversion());
        assertEquals("2.90", settings("2.90 ").novaMicroversion());
    }

    private static OpenStackSettings settings(String microversion) {
        return new OpenStackSettings("https://keystone.example:5000/v3", "pwb", null, "admin", null,
                Path.of("/etc/pwb/openstack-password"), null, null, microversion, Duration.ofHours(1), 300,
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(8));
    }
}
