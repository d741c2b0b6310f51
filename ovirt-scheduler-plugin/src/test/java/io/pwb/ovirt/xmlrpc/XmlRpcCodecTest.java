package io.pwb.ovirt.xmlrpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlRpcCodecTest {

    private final XmlRpcRequestParser parser = new XmlRpcRequestParser(XmlRpcLimits.DEFAULT);

    private XmlRpcRequest parse(String xml) throws XmlRpcFault {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyAcceptedType() throws Exception {
        XmlRpcRequest r = parse("<?xml version=\"1.0\"?><methodCall xmlns:ex=\"" + XmlRpcRequestParser.EXTENSIONS_NAMESPACE
                + "\"><methodName> m </methodName><params>"
                + "<param><value> untyped &amp; kept </value></param>"
                + "<param><value> <string>a&lt;b</string> </value></param>"
                + "<param><value><i4>-7</i4></value></param>"
                + "<param><value><int>42</int></value></param>"
                + "<param><value><boolean>1</boolean></value></param>"
                + "<param><value><double>0.5</double></value></param>"
                + "<param><value><ex:nil/></value></param>"
                + "<param><value><nil/></value></param>"
                + "<param><value><ex:i8>9000000000</ex:i8></value></param>"
                + "<param><value><array><data><value>x</value><value><array><data/></array></value></data></array></value></param>"
                + "<param><value><struct><member><name>k</name><value>v</value></member>"
                + "<member><name>n</name><value><i4>1</i4></value></member></struct></value></param>"
                + "<param><value></value></param>"
                + "<param><value><![CDATA[<raw>]]></value></param>"
                + "</params></methodCall>");
        assertEquals("m", r.methodName());
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("k", "v");
        struct.put("n", 1);
        assertEquals(Arrays.asList(" untyped & kept ", "a<b", -7, 42, true, 0.5, null, null, 9_000_000_000L,
                List.of("x", List.of()), struct, "", "<raw>"), r.params());
    }

    @Test
    void noParamsElementMeansNoParams() throws Exception {
        assertEquals(List.of(), parse("<methodCall><methodName>discover</methodName></methodCall>").params());
        assertEquals(List.of(), parse("<methodCall><methodName>discover</methodName><params/></methodCall>").params());
    }

    @Test
    void malformedStructuresAreFaults() {
        assertFault(XmlRpcFault.INVALID_REQUEST, "<methodCall><methodName>m</methodName><params><param><value>"
                + "text<i4>1</i4></value></param></params></methodCall>");
        assertFault(XmlRpcFault.INVALID_PARAMS, "<methodCall><methodName>m</methodName><params><param><value>"
                + "<i4>x</i4></value></param></params></methodCall>");
        assertFault(XmlRpcFault.INVALID_PARAMS, "<methodCall><methodName>m</methodName><params><param><value>"
                + "<double>NaN</double></value></param></params></methodCall>");
        assertFault(XmlRpcFault.INVALID_REQUEST, "<methodCall><methodName>m</methodName><params><param><value><struct>"
                + "<member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member>"
                + "</struct></value></param></params></methodCall>");
        assertFault(XmlRpcFault.INVALID_REQUEST, "<methodResponse><params/></methodResponse>");
        assertFault(XmlRpcFault.INVALID_REQUEST, "<methodCall><methodName></methodName></methodCall>");
        assertFault(XmlRpcFault.INVALID_REQUEST, "<methodCall xmlns=\"urn:x\"><methodName>m</methodName></methodCall>");
    }

    @Test
    void limitsOnSizeAndValueCount() {
        XmlRpcRequestParser small = new XmlRpcRequestParser(new XmlRpcLimits(100, 4, 3, Duration.ofSeconds(1)));
        byte[] big = ("<methodCall><methodName>" + "m".repeat(200) + "</methodName></methodCall>")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(XmlRpcFault.LIMIT_EXCEEDED, assertThrows(XmlRpcFault.class, () -> small.parse(big)).code());
        byte[] many = "<methodCall><methodName>m</methodName><params><param><value><array><data><value/><value/><value/></data></array></value></param></params></methodCall>"
                .getBytes(StandardCharsets.UTF_8);
        XmlRpcRequestParser few = new XmlRpcRequestParser(new XmlRpcLimits(10_000, 4, 3, Duration.ofSeconds(1)));
        assertEquals(XmlRpcFault.LIMIT_EXCEEDED, assertThrows(XmlRpcFault.class, () -> few.parse(many)).code());
    }

    @Test
    void responsesNeverCarryNilAndEscapeText() {
        assertThrows(IllegalArgumentException.class, () -> XmlRpcResponseWriter.success(Arrays.asList("a", null)));
        String doc = XmlRpcResponseWriter.success(List.of("a<&>\u0001b", 3, false));
        assertTrue(doc.contains("<value><string>a&lt;&amp;&gt;\uFFFDb</string></value><value><int>3</int></value>"
                + "<value><boolean>0</boolean></value>"), doc);
        String fault = XmlRpcResponseWriter.fault(-1, "bad");
        assertTrue(fault.contains("<fault><value><struct>"), fault);
    }

    @Test
    void aWrittenResponseParsesBackAsAValue() throws Exception {
        // The writer's value grammar is the parser's: wrap a response's value in a call and read it back.
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result_code", 0);
        m.put("result", List.of(List.of("h", 5, "u"), "x&y"));
        String doc = XmlRpcResponseWriter.success(m);
        String value = doc.substring(doc.indexOf("<value>"), doc.lastIndexOf("</param>"));
        XmlRpcRequest r = parse("<methodCall><methodName>m</methodName><params><param>" + value
                + "</param></params></methodCall>");
        assertEquals(List.of(m), r.params());
    }

    private void assertFault(int code, String xml) {
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> parse(xml));
        assertEquals(code, f.code(), f.getMessage());
    }
}
