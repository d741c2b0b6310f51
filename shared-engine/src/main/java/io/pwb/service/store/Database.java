package io.pwb.service.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;

/**
 * The database chosen at run time by {@code pwb.database.kind} (see
 * {@link io.pwb.service.config.DatabaseConfigSourceFactory}): one datasource and one persistence unit serve H2 and
 * PostgreSQL alike. The entities are Panache entities; the connection pool is for the sample paths that bypass the
 * ORM (bulk writes, series reads, retention).
 */
@ApplicationScoped
public class Database {
    private final boolean postgres;
    private final AgroalDataSource dataSource;

    public Database(@ConfigProperty(name = "pwb.database.kind", defaultValue = "h2") String kind, AgroalDataSource dataSource) {
        this.postgres = !kind.trim().toLowerCase(Locale.ROOT).equals("h2");
        this.dataSource = dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** The connection pool, for bulk sample writes and reads that bypass the ORM. */
    public AgroalDataSource dataSource() {
        return dataSource;
    }
}
