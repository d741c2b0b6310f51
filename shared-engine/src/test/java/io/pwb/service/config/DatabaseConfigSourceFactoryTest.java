package io.pwb.service.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's pwb.database.* keys become the one datasource's settings, through SmallRye Config as Quarkus runs it. */
class DatabaseConfigSourceFactoryTest {

    private static SmallRyeConfig config(Map<String, String> operator) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(operator, "operator", 250))
                .withSources(new DatabaseConfigSourceFactory())
                .build();
    }

    private static Optional<String> value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class);
    }

    @Test
    void h2IsTheDefaultInPostgresqlModeUnderData() {
        SmallRyeConfig c = config(Map.of());
        assertEquals("jdbc:h2:file:./data/pwb;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", value(c, "quarkus.datasource.jdbc.url").orElseThrow());
        assertEquals("false", value(c, "quarkus.hibernate-orm.database.version-check.enabled").orElseThrow());
        assertTrue(value(c, "quarkus.datasource.username").isEmpty(), "an H2 file keeps the user it was created with");
        assertEquals("jdbc:h2:file:./var/pwb;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                value(config(Map.of("pwb.database.h2-path", "var/pwb")), "quarkus.datasource.jdbc.url").orElseThrow());
    }

    @Test
    void postgresqlTakesUrlUserAndThePasswordFromItsFile() throws Exception {
        Path secret = Files.createTempFile("pwb-db-password", "");
        Files.writeString(secret, "s3cret\n");
        SmallRyeConfig c = config(Map.of("pwb.database.kind", "postgresql", "pwb.database.url", "jdbc:postgresql://db:5432/pwb",
                "pwb.database.username", "pwb", "pwb.database.password-file", secret.toString()));
        assertEquals("jdbc:postgresql://db:5432/pwb", value(c, "quarkus.datasource.jdbc.url").orElseThrow());
        assertEquals("pwb", value(c, "quarkus.datasource.username").orElseThrow());
        assertEquals("s3cret", value(c, "quarkus.datasource.password").orElseThrow());
        assertEquals("true", value(c, "quarkus.datasource.jdbc.additional-jdbc-properties.reWriteBatchedInserts").orElseThrow());
        assertTrue(value(c, "quarkus.hibernate-orm.database.version-check.enabled").isEmpty(), "PostgreSQL's version is checked");
    }

    @Test
    void explicitDatasourceSettingsWinAndTheFormerPoolSizeKeyStillCounts() {
        assertEquals("7", value(config(Map.of("quarkus.datasource.pg.jdbc.max-size", "7")), "quarkus.datasource.jdbc.max-size").orElseThrow());
        assertEquals("9", value(config(Map.of("quarkus.datasource.pg.jdbc.max-size", "7", "quarkus.datasource.jdbc.max-size", "9")),
                "quarkus.datasource.jdbc.max-size").orElseThrow());
        assertEquals("jdbc:h2:mem:x", value(config(Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:x")),
                "quarkus.datasource.jdbc.url").orElseThrow());
    }

    @Test
    void anUnknownKindStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(Map.of("pwb.database.kind", "oracle")));
        assertTrue(e.getMessage().contains("'oracle'"), e.getMessage());
    }
}
