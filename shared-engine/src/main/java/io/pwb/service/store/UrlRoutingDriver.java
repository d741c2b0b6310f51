package io.pwb.service.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver of PWB's one datasource. Quarkus fixes a datasource's driver class when the application is
 * built, but PWB chooses H2 or PostgreSQL at run time, so the build names this driver and it hands each
 * connection to the real driver its URL names ({@code jdbc:h2:} or {@code jdbc:postgresql:}). The connections
 * are the real drivers' own (the PostgreSQL COPY path unwraps them).
 */
public final class UrlRoutingDriver implements Driver {
    private static final Driver H2 = new org.h2.Driver();
    private static final Driver POSTGRESQL = new org.postgresql.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Driver target = target(url);
        return target == null ? null : target.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return target(url) != null;
    }

    private static Driver target(String url) {
        if (url == null) {
            return null;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        return url.startsWith("jdbc:postgresql:") ? POSTGRESQL : null;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Driver target = target(url);
        return target == null ? new DriverPropertyInfo[0] : target.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging logger");
    }
}
