package io.pwb.service.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link StoreRoundTrip} on a real PostgreSQL, chosen by {@code pwb.database.kind=postgresql} at run time, in a
 * database created for this run. Needs the server {@code .ci/start-postgres.sh} starts ({@code .ci/run} exports
 * PWB_TEST_PG_URL, _USER and _PASSWORD); without PWB_TEST_PG_URL it is skipped.
 */
@QuarkusTest
@TestProfile(StoreRoundTripOnPostgresTest.Profile.class)
@EnabledIfEnvironmentVariable(named = "PWB_TEST_PG_URL", matches = ".+")
class StoreRoundTripOnPostgresTest extends StoreRoundTrip {
    public static class Profile implements QuarkusTestProfile {
        private static String url;

        @Override
        public Map<String, String> getConfigOverrides() {
            if (env("PWB_TEST_PG_URL", "").isEmpty()) {
                return Map.of(); // Quarkus reads the profile even for a disabled test: no server, nothing to create
            }
            String user = env("PWB_TEST_PG_USER", "pwb");
            String password = env("PWB_TEST_PG_PASSWORD", "pwb");
            return overrides(Map.of("pwb.database.kind", "postgresql", "pwb.database.url", database(user, password),
                    "pwb.database.username", user, "pwb.database.password", password));
        }

        /** A new, empty database on the test server, named for this run. */
        private static synchronized String database(String user, String password) {
            if (url == null) {
                String server = System.getenv("PWB_TEST_PG_URL");
                String name = "pwb_round_trip_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                try (Connection c = DriverManager.getConnection(server, user, password); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot create a database on " + server + ": " + e.getMessage(), e);
                }
                url = server.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
            }
            return url;
        }

        private static String env(String name, String fallback) {
            return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
        }
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }
}
