package io.pwb.ovirt.conformance;

import com.sun.net.httpserver.HttpServer;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw HTTP bodies against the real endpoint: the exact request the engine sends, hostile and broken XML. Every
 * hostile request gets a fault or an error status, nothing is fetched, and the endpoint keeps serving after each.
 */
class RawXmlTest {

    private static final String EX = "xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
    private static final String H1 = ScriptedBackend.H1;
    private static final String H2 = ScriptedBackend.H2;
    private static final String VM = ScriptedBackend.VM;

    private static EndpointFixture fixture;
    private static HttpServer recorder;
    private static final AtomicInteger recorderHits = new AtomicInteger();

    record Reply(int status, String body) {
        boolean isFault() {
            return body.contains("<fault>") && body.contains("<name>faultCode</name>");
        }

        boolean hasFaultCode(int code) {
            return body.contains("<name>faultCode</name><value><int>" + code + "</int></value>");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fixture = new EndpointFixture(new ScriptedBackend(), ScoreTuples.PER_UNIT, XmlRpcLimits.DEFAULT);
        // A local server standing for an attacker's or an internal URL: it must never be contacted.
        recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recorder.createContext("/", ex -> {
            recorderHits.incrementAndGet();
            byte[] dtd = "<!ENTITY leak \"leaked\">".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, dtd.length);
            ex.getResponseBody().write(dtd);
            ex.close();
        });
        recorder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        recorder.stop(0);
        fixture.close();
    }

    @AfterEach
    void endpointStillServes() throws Exception {
        Reply r = post("/RPC2", "<?xml version=\"1.0\"?><methodCall><methodName>discover</methodName><params/></methodCall>");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("PwbPredictiveFilter"), r.body());
        assertEquals(0, recorderHits.get(), "nothing may be fetched on behalf of a request");
    }

    @Test
    void theExactRequestOfTheEngineWithUntypedStringsAndI4() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall " + EX + "><methodName>runCostFunctions"
                + "</methodName><params><param><value><array><data><value><array><data><value>PwbPredictiveWeight</value>"
                + "<value><i4>2</i4></value></data></array></value></data></array></value></param><param><value><array>"
                + "<data><value>" + H1 + "</value><value>" + H2 + "</value></data></array></value></param><param><value>"
                + VM + "</value></param><param><value><struct><member><name>HighUtilization</name><value>80</value>"
                + "</member></struct></value></param></params></methodCall>");
        assertEquals(200, r.status());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value><struct>"
                + "<member><name>result_code</name><value><int>0</int></value></member><member><name>result</name>"
                + "<value><array><data><value><array><data><value><string>" + H1 + "</string></value><value><int>50</int>"
                + "</value><value><string>PwbPredictiveWeight</string></value></data></array></value><value><array><data>"
                + "<value><string>" + H2 + "</string></value><value><int>50</int></value><value><string>PwbPredictiveWeight"
                + "</string></value></data></array></value></data></array></value></member></struct></value></param>"
                + "</params></methodResponse>", r.body());
        assertFalse(r.body().contains("nil"));
    }

    @Test
    void theEngineBalanceRequestWithExNilProperties() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall " + EX + "><methodName>runLoadBalancing"
                + "</methodName><params><param><value>PwbPredictiveBalance</value></param><param><value><array><data>"
                + "<value>" + H1 + "</value><value>" + H2 + "</value></data></array></value></param><param><value>"
                + "<ex:nil/></value></param></params></methodCall>");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("<value><string>" + VM + "</string></value><value><array><data><value><string>"
                + H1 + "</string></value></data></array></value>"), r.body());
    }

    @Test
    void anExternalDtdIsRefusedAndNeverFetched() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"http://127.0.0.1:"
                + recorder.getAddress().getPort() + "/evil.dtd\"><methodCall><methodName>discover</methodName></methodCall>");
        assertTrue(r.isFault(), r.body());
        assertTrue(r.body().contains("DOCTYPE"), r.body());
    }

    @Test
    void anExternalEntityIsRefusedAndNeverFetched() throws Exception {
        String url = "http://127.0.0.1:" + recorder.getAddress().getPort() + "/secret";
        Reply r = post("/", "<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"" + url + "\">"
                + "<!ENTITY % p SYSTEM \"" + url + "/p\"> %p;]><methodCall><methodName>runFilters</methodName><params>"
                + "<param><value>&xxe;</value></param></params></methodCall>");
        assertTrue(r.isFault(), r.body());
        assertFalse(r.body().contains("leaked"));
    }

    @Test
    void aLocalFileEntityIsRefused() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY f SYSTEM \"file:///etc/hostname\">]>"
                + "<methodCall><methodName>&f;</methodName></methodCall>");
        assertTrue(r.isFault(), r.body());
    }

    @Test
    void entityExpansionIsRefused() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
                + "&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><methodCall><methodName>&c;</methodName>"
                + "</methodCall>");
        assertTrue(r.isFault(), r.body());
    }

    @Test
    void aTruncatedBodyIsAParseFault() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\"?><methodCall " + EX + "><methodName>runFilters</methodName><params>"
                + "<param><value><array><data><value>PwbPredictiveFilter</value></da");
        assertEquals(200, r.status());
        assertTrue(r.hasFaultCode(-32700), r.body());
    }

    @Test
    void aWrongMethodNameIsAMethodNotFoundFault() throws Exception {
        Reply r = post("/", "<?xml version=\"1.0\"?><methodCall><methodName>runFilter</methodName><params><param>"
                + "<value>x</value></param></params></methodCall>");
        assertTrue(r.hasFaultCode(-32601), r.body());
    }

    @Test
    void aFiftyMegabyteBodyIsRefusedWithoutReadingIt() throws Exception {
        Reply r = postLarge(50L * 1024 * 1024, false);
        assertEquals(413, r.status());
        assertTrue(r.hasFaultCode(-32000), r.body());
    }

    @Test
    void aFiftyMegabyteChunkedBodyIsRefusedToo() throws Exception {
        Reply r = postLarge(50L * 1024 * 1024, true);
        assertEquals(413, r.status());
        assertTrue(r.hasFaultCode(-32000), r.body());
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        String open = "<value><array><data>".repeat(200);
        String close = "</data></array></value>".repeat(200);
        Reply r = post("/", "<methodCall><methodName>runFilters</methodName><params><param>" + open + close
                + "</param></params></methodCall>");
        assertTrue(r.hasFaultCode(-32000), r.body());
    }

    @Test
    void serializableAndUnknownTypesAreRefused() throws Exception {
        Reply r = post("/", "<methodCall " + EX + "><methodName>runFilters</methodName><params><param><value>"
                + "<ex:serializable>rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==</ex:serializable></value></param></params>"
                + "</methodCall>");
        assertTrue(r.hasFaultCode(-32602), r.body());
        r = post("/", "<methodCall><methodName>discover</methodName><params><param><value><base64>AA==</base64>"
                + "</value></param></params></methodCall>");
        assertTrue(r.isFault(), r.body());
    }

    @Test
    void notXmlAtAllAndEmptyBodies() throws Exception {
        assertTrue(post("/", "{\"method\":\"discover\"}").hasFaultCode(-32700));
        assertTrue(post("/", "").hasFaultCode(-32700));
        assertTrue(post("/", "<methodCall><methodName>discover</methodName></methodCall><extra/>").isFault());
        byte[] invalidUtf8 = {'<', 'm', 'e', 't', 'h', 'o', 'd', 'C', 'a', 'l', 'l', '>', (byte) 0xC3, (byte) 0x28};
        assertTrue(post("/", invalidUtf8).isFault());
    }

    @Test
    void otherPathsAndVerbsAreRefused() throws Exception {
        assertEquals(404, post("/xmlrpc", "<methodCall><methodName>discover</methodName></methodCall>").status());
        HttpURLConnection c = (HttpURLConnection) new URL(fixture.url("/")).openConnection();
        assertEquals(405, c.getResponseCode());
        c.disconnect();
    }

    // ---- plain HTTP, no XML-RPC library ----

    private static Reply post(String path, String body) throws IOException {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply post(String path, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(fixture.url(path)).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Content-Type", "text/xml");
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        return read(c);
    }

    private static Reply postLarge(long bytes, boolean chunked) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(fixture.url("/")).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(60_000);
        c.setRequestProperty("Content-Type", "text/xml");
        if (chunked) {
            c.setChunkedStreamingMode(64 * 1024);
        } else {
            c.setFixedLengthStreamingMode(bytes);
        }
        byte[] head = ("<?xml version=\"1.0\"?><methodCall><methodName>runFilters</methodName><params><param><value>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[1024 * 1024];
        Arrays.fill(block, (byte) 'x');
        try (OutputStream out = c.getOutputStream()) {
            out.write(head);
            long left = bytes - head.length;
            while (left > 0) {
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            // The server may hang up once it has answered; the answer is still there to read.
        }
        return read(c);
    }

    private static Reply read(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        if (in != null) {
            in.transferTo(buf);
            in.close();
        }
        return new Reply(status, buf.toString(StandardCharsets.UTF_8));
    }

}
