package io.pwb.ovirt.conformance;

import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that sends headers and never the whole body gets a fault and is hung up on; others are still served. */
class SlowClientTest {

    @Test
    void aBodyThatNeverCompletesTimesOut() throws Exception {
        XmlRpcLimits limits = new XmlRpcLimits(1 << 20, 32, 10_000, Duration.ofMillis(500));
        try (EndpointFixture fixture = new EndpointFixture(new ScriptedBackend(), ScoreTuples.PER_UNIT, limits);
             Socket s = new Socket("127.0.0.1", fixture.port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n"
                    + "<methodCall><methodName>disc").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends when the server hangs up
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("<name>faultCode</name><value><int>-32000</int>"), answer);
            Object discovered = new EngineClient(fixture.url("/")).discover();
            assertTrue(discovered instanceof java.util.Map<?, ?>);
        }
    }
}
