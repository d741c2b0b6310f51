package io.pwb.openstack.os4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.openstack.compute.domain.NovaFlavor;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PWB's OpenStack4j connector against a loopback server that records what it received. */
class JdkHttpExecutorServiceTest {

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/flavors", this::flavor);
        server.createContext("/slow", ex -> {
            try (ex) {
                Thread.sleep(2_000);
                ex.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/missing", ex -> {
            try (ex) {
                ex.sendResponseHeaders(404, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void flavor(HttpExchange ex) throws IOException {
        try (ex) {
            seen.put("method", ex.getRequestMethod());
            seen.put("query", ex.getRequestURI().getRawQuery());
            seen.put("token", String.valueOf(ex.getRequestHeaders().getFirst("X-Auth-Token")));
            seen.put("contentType", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
            seen.put("os4jMarkerSent", String.valueOf(ex.getRequestHeaders().containsKey("OS4J-Auth-Command")));
            seen.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"flavor\": {\"id\": \"f-1\", \"name\": \"m1.small\", \"vcpus\": 2, \"ram\": 2048}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    @Test
    void openStack4jFindsThisConnectorThroughItsServiceFile() {
        assertInstanceOf(JdkHttpExecutorService.class, ServiceLoader.load(
                org.openstack4j.core.transport.HttpExecutorService.class).findFirst().orElseThrow());
    }

    @Test
    void sendsMethodQueryHeadersAndTheEntityAsOpenStack4jSerialisesItAndReadsTheAnswerBack() {
        Flavor flavor = NovaFlavor.builder().name("m1.small").vcpus(2).ram(2048).disk(20).build();
        HttpRequest<NovaFlavor> request = HttpRequest.builder(NovaFlavor.class).endpoint(base).path("/flavors")
                .method(HttpMethod.POST).entity(flavor).queryParam("name", "m1 small&x").header("X-Auth-Token", "tok")
                .header(ClientConstants.HEADER_OS4J_AUTH, "true").config(Config.newConfig().withReadTimeout(5_000))
                .build();

        HttpResponse response = new JdkHttpExecutorService().execute(request);

        assertEquals("POST", seen.get("method"));
        assertEquals("name=m1+small%26x", seen.get("query"), "OpenStack4j's URL-encoded query");
        assertEquals("tok", seen.get("token"));
        assertEquals("false", seen.get("os4jMarkerSent"), "the login marker stays inside OpenStack4j");
        assertEquals("application/json", seen.get("contentType"));
        // OpenStack4j's own mapper wraps the flavor in its JSON root name, as Nova expects.
        assertEquals("m1.small", readTree(seen.get("body")).path("flavor").path("name").asText(), seen.get("body"));
        assertEquals(200, response.getStatus());
        assertEquals("application/json", response.header("content-type"));
        NovaFlavor answer = response.getEntity(NovaFlavor.class);
        assertEquals("f-1", answer.getId());
        assertEquals(2, answer.getVcpus());
    }

    @Test
    void aMissingResourceIsNullThroughOpenStack4jsHandler() {
        HttpResponse response = new JdkHttpExecutorService().execute(HttpRequest.builder(NovaFlavor.class)
                .endpoint(base).path("/missing").method(HttpMethod.GET).build());
        assertEquals(404, response.getStatus());
        assertNull(response.getEntity(NovaFlavor.class));
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsUnreachableNamingTheUrlWithoutItsQuery() {
        HttpRequest<Void> request = HttpRequest.builder().endpoint(base).path("/slow").method(HttpMethod.GET)
                .queryParam("marker", "secret-ish").config(Config.newConfig().withReadTimeout(200)).build();
        UnreachableException e = assertThrows(UnreachableException.class,
                () -> new JdkHttpExecutorService().execute(request));
        assertEquals(base + "/slow", e.url());
        assertEquals("no answer within 200 ms", e.problem());
        assertEquals(0, e.getStatus());
        assertFalse(e.getMessage().contains("secret-ish"), e.getMessage());
    }

    @Test
    void requestsWithTheSameTlsContextAndTimeoutsShareOneClient() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, null, null);
        Config a = Config.newConfig().withConnectionTimeout(1_000).withSSLContext(ssl);
        Config b = Config.newConfig().withConnectionTimeout(1_000).withSSLContext(ssl).withReadTimeout(9_000);
        assertSame(JdkHttpClients.forConfig(a), JdkHttpClients.forConfig(b), "the read timeout is per request");
        assertNotSame(JdkHttpClients.forConfig(a), JdkHttpClients.forConfig(Config.newConfig()
                .withConnectionTimeout(2_000).withSSLContext(ssl)));
        SSLContext other = SSLContext.getInstance("TLS");
        other.init(null, null, null);
        assertNotSame(JdkHttpClients.forConfig(a), JdkHttpClients.forConfig(Config.newConfig()
                .withConnectionTimeout(1_000).withSSLContext(other)));
        assertSame(ssl, JdkHttpClients.forConfig(a).sslContext(), "the Config's context, not a default one");
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
