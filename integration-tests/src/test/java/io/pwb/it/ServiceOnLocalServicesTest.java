package io.pwb.it;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The service tests on PostgreSQL from the Debian packages and an in-JVM KRaft broker (no Docker, as in CI).
 * Where a Docker engine exists and no local PostgreSQL does, {@link ServiceOnContainersTest} covers them instead.
 */
class ServiceOnLocalServicesTest extends AbstractServiceTest {
    @Override
    protected Services services() throws Exception {
        if (!LocalServices.postgresAvailable()) {
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
