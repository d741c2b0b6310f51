package io.pwb.it;

import io.pwb.testsupport.PlatformTools;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The service tests on PostgreSQL from the Debian packages and an in-JVM KRaft broker (no Docker, as in CI).
 * Where a Docker engine exists and no local PostgreSQL does, {@link ServiceOnContainersTest} covers them instead.
 */
class ServiceOnLocalServicesTest extends AbstractServiceTest {
    @Override
    protected Services services() throws Exception {
        // Without a local PostgreSQL the Testcontainers variant covers these tests, where Docker is; in CI
        // (PWB_REQUIRE_PLATFORM_TOOLS=1) PostgreSQL is installed, so LocalServices.get() then fails instead.
        if (!LocalServices.postgresAvailable() && !PlatformTools.required()) {
            Assumptions.assumeFalse(dockerAvailable(), "no local PostgreSQL; the Testcontainers variant runs instead");
        }
        return LocalServices.get();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
