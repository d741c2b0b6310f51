package io.pwb.service.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.hibernate.orm.PersistenceUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.util.Locale;

/**
 * The active database: H2 or PostgreSQL, chosen at run time by {@code pwb.database.kind} (see
 * {@link io.pwb.service.config.DatabaseConfigSourceFactory}). Both persistence units map the same
 * entities; only the active one is started, so callers always go through this bean.
 */
@ApplicationScoped
public class Database {
    private final boolean postgres;
    private final Instance<Session> h2Session;
    private final Instance<Session> pgSession;
    private final Instance<AgroalDataSource> h2DataSource;
    private final Instance<AgroalDataSource> pgDataSource;

    public Database(@ConfigProperty(name = "pwb.database.kind", defaultValue = "h2") String kind,
                    @PersistenceUnit("h2") Instance<Session> h2Session,
                    @PersistenceUnit("pg") Instance<Session> pgSession,
                    @DataSource("h2") Instance<AgroalDataSource> h2DataSource,
                    @DataSource("pg") Instance<AgroalDataSource> pgDataSource) {
        this.postgres = !kind.trim().toLowerCase(Locale.ROOT).equals("h2");
        this.h2Session = h2Session;
        this.pgSession = pgSession;
        this.h2DataSource = h2DataSource;
        this.pgDataSource = pgDataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public String kind() {
        return postgres ? "postgresql" : "h2";
    }

    /** The transaction-bound session of the active persistence unit. */
    public Session session() {
        return postgres ? pgSession.get() : h2Session.get();
    }

    /** The active connection pool, for bulk sample writes that bypass the ORM. */
    public AgroalDataSource dataSource() {
        return postgres ? pgDataSource.get() : h2DataSource.get();
    }
}
