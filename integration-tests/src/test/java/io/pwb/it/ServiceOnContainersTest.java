package io.pwb.it;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The same service tests on PostgreSQL and Kafka containers, where a Docker engine exists. */
@Testcontainers(disabledWithoutDocker = true)
class ServiceOnContainersTest extends AbstractServiceTest {
    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15-alpine");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Override
    protected Services services() {
        return new Services(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword(), KAFKA.getBootstrapServers());
    }
}
