package io.pwb.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the tests of several modules need from this machine: programs and services that {@code .ci/run} installs,
 * and loopback ports. Shared as shared-engine's test-jar so that each module does not keep its own copy.
 */
public final class PlatformTools {
    /** Set to 1 by {@code .ci/run}: there a missing tool is a broken CI set-up, never a reason to skip. */
    public static final String REQUIRE = "PWB_REQUIRE_PLATFORM_TOOLS";

    private PlatformTools() {
    }

    /**
     * Skips the calling test when {@code present} is false, unless {@value #REQUIRE}=1, where it fails instead: a test
     * that CI silently skips checks nothing.
     */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (required()) {
            fail(missing + " (" + REQUIRE + "=1: .ci/run installs it, so a missing tool fails instead of skipping)");
        }
        assumeTrue(false, missing + ": skipped");
    }

    /** Whether this run must have every platform tool ({@value #REQUIRE}=1, as in CI). */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE));
    }

    /** Whether {@code program} is an executable file in a directory of {@code PATH}. */
    public static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /**
     * An ephemeral loopback port, free when asked and closed on return: a server may take it, or a test may use it
     * as an address where nothing listens (other test servers run on this machine too, so bind it soon).
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
