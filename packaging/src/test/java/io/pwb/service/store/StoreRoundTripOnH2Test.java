package io.pwb.service.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.Map;
import java.util.UUID;

/** {@link StoreRoundTrip} on the embedded H2 database (the default kind), in a fresh file. */
@QuarkusTest
@TestProfile(StoreRoundTripOnH2Test.Profile.class)
class StoreRoundTripOnH2Test extends StoreRoundTrip {
    public static class Profile implements QuarkusTestProfile {
        private static final String PATH = "target/test-h2-round-trip/" + UUID.randomUUID() + "/pwb";

        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides(Map.of("pwb.database.h2-path", PATH));
        }
    }

    @Override
    String expectedProduct() {
        return "H2";
    }
}
