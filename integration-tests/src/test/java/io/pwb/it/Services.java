package io.pwb.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Where the real PostgreSQL and Kafka of a test run are. {@code adminJdbcUrl} points at a database of a
 * server on which the user may create databases; every test class gets a fresh database of its own.
 */
public record Services(String adminJdbcUrl, String username, String password, String kafkaBootstrap) {

    /** Creates an empty database and returns its JDBC URL. */
    public String freshDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, username, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + adminJdbcUrl + ": " + e.getMessage(), e);
        }
        int slash = adminJdbcUrl.lastIndexOf('/');
        int query = adminJdbcUrl.indexOf('?', slash);
        return adminJdbcUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminJdbcUrl.substring(query));
    }
}
