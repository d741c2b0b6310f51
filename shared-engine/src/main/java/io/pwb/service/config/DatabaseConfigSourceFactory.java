package io.pwb.service.config;

import io.pwb.engine.runtime.SecretFile;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the database at RUN time. The build contains one datasource and one persistence unit whose driver
 * ({@link io.pwb.service.store.UrlRoutingDriver}) serves H2 and PostgreSQL URLs alike. The operator sets
 * {@code pwb.database.kind}; this factory derives the datasource URL: the H2 file under {@code pwb.database.h2-path}
 * (the default) or {@code pwb.database.url} with its credentials (the password may come from a file so that it
 * never sits in a config file). Its ordinal is below application.properties so that an explicit
 * {@code quarkus.datasource.*} wins.
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String kind = value(context, "pwb.database.kind", "h2").trim().toLowerCase(Locale.ROOT);
        boolean postgres = switch (kind) {
            case "h2" -> false;
            case "postgresql", "postgres", "pg" -> true;
            default -> throw new IllegalArgumentException(
                    "pwb.database.kind must be 'h2' or 'postgresql', not '" + kind + "'");
        };
        Map<String, String> derived = new HashMap<>();
        if (postgres) {
            derived.put("quarkus.datasource.jdbc.url", value(context, "pwb.database.url", "jdbc:postgresql://127.0.0.1:5432/pwb"));
            String user = value(context, "pwb.database.username", null);
            if (user != null) {
                derived.put("quarkus.datasource.username", user);
            }
            String password = value(context, "pwb.database.password", null);
            String passwordFile = value(context, "pwb.database.password-file", null);
            if (password == null && passwordFile != null && !passwordFile.isBlank()) {
                password = readSecret(Path.of(passwordFile));
            }
            if (password != null) {
                derived.put("quarkus.datasource.password", password);
            }
            // the VM rows of a sample batch are written as JDBC batches; the driver sends them as multi-row INSERTs
            derived.put("quarkus.datasource.jdbc.additional-jdbc-properties.reWriteBatchedInserts", "true");
        } else {
            String h2Path = h2Path(value(context, "pwb.database.h2-path", "./data/pwb"));
            derived.put("quarkus.datasource.jdbc.url", "jdbc:h2:file:" + h2Path + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
            // Hibernate speaks PostgreSQL's dialect to H2 (PostgreSQL mode); H2's own version number means nothing to it
            derived.put("quarkus.hibernate-orm.database.version-check.enabled", "false");
        }
        // the pool size key of the former two-datasource build keeps working
        String legacyPoolSize = value(context, "quarkus.datasource.pg.jdbc.max-size", null);
        if (legacyPoolSize != null) {
            derived.put("quarkus.datasource.jdbc.max-size", legacyPoolSize);
        }
        return List.of(new MapBackedConfigSource("pwb-database-selection", derived, ORDINAL) {
        });
    }

    /** H2 refuses paths implicitly relative to the working directory; make them explicitly relative. */
    static String h2Path(String path) {
        String p = path.strip();
        if (p.startsWith("/") || p.startsWith("./") || p.startsWith("../") || p.startsWith("~") || p.matches("^[A-Za-z]:.*")) {
            return p;
        }
        return "./" + p;
    }

    static String readSecret(Path file) {
        try {
            return SecretFile.read(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null ? fallback : v.getValue();
    }
}
