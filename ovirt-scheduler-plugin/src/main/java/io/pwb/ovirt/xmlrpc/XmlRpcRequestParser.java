package io.pwb.ovirt.xmlrpc;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an XML-RPC {@code methodCall} as Apache XML-RPC 3.1.3 (the oVirt engine's client, extensions on) writes
 * it: untyped strings, {@code <string>}, {@code <i4>}/{@code <int>}, {@code <boolean>}, {@code <double>},
 * {@code <array>}, {@code <struct>}, and from the extension namespace {@code <ex:nil/>} and {@code <ex:i8>}.
 *
 * <p>Safe by construction: the JDK's own StAX parser with DTD support and external entities off, any DOCTYPE
 * refused (nothing is ever fetched), and limits on bytes, nesting depth, number of values and parse time.
 * Extension types that would deserialise objects ({@code ex:serializable}) or DOM trees are refused
 * (the CVE-2016-5003 class of problems cannot arise). Thread-safe.
 */
public final class XmlRpcRequestParser {

    public static final String EXTENSIONS_NAMESPACE = "http://ws.apache.org/xmlrpc/namespaces/extensions";

    private final XMLInputFactory factory;
    private final XmlRpcLimits limits;

    public XmlRpcRequestParser(XmlRpcLimits limits) {
        this.limits = limits;
        // The JDK's built-in implementation, whatever else is on the class path (e.g. Woodstox).
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
        this.factory = f;
    }

    public XmlRpcRequest parse(byte[] body) throws XmlRpcFault {
        if (body == null || body.length == 0) {
            throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "empty request body");
        }
        if (body.length > limits.maxRequestBytes()) {
            throw new XmlRpcFault(XmlRpcFault.LIMIT_EXCEEDED,
                    "request of " + body.length + " bytes exceeds the limit of " + limits.maxRequestBytes());
        }
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            return new Session(reader, System.nanoTime() + limits.timeLimit().toNanos()).methodCall();
        } catch (XMLStreamException e) {
            throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "malformed XML: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            // The JDK parser reports some encoding problems as unchecked exceptions.
            throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "malformed XML: " + firstLine(String.valueOf(e.getMessage())));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(nl + 1).strip(); // JDK messages start with "ParseError at [row,col]:"
        return (nl < 0 ? m : m.substring(0, nl).strip() + " " + line).replaceAll("\\s+", " ");
    }

    /** One parse: the reader, its deadline and counters. */
    private final class Session {
        private final XMLStreamReader r;
        private final long deadlineNanos;
        private int values;
        private int events;

        Session(XMLStreamReader r, long deadlineNanos) {
            this.r = r;
            this.deadlineNanos = deadlineNanos;
        }

        XmlRpcRequest methodCall() throws XMLStreamException, XmlRpcFault {
            expectStart("methodCall", null);
            expectStart("methodName", null);
            String methodName = text().strip();
            if (methodName.isEmpty()) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "empty methodName");
            }
            List<Object> params = new ArrayList<>();
            int ev = nextTag();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                requireName("params", null);
                while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                    requireName("param", null);
                    expectStart("value", null);
                    params.add(value(1));
                    expectEnd("param");
                }
                requireEnd("params");
                ev = nextTag();
            }
            if (ev != XMLStreamConstants.END_ELEMENT || !"methodCall".equals(r.getLocalName())) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "unexpected content after params");
            }
            // Nothing but whitespace, comments or processing instructions may follow the root.
            while (r.hasNext()) {
                int e = advance();
                if (e == XMLStreamConstants.START_ELEMENT || e == XMLStreamConstants.CHARACTERS && !r.isWhiteSpace()) {
                    throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "content after methodCall");
                }
            }
            return new XmlRpcRequest(methodName, params);
        }

        /** Called with the reader on a {@code <value>} start tag; returns with it on the matching end tag. */
        private Object value(int depth) throws XMLStreamException, XmlRpcFault {
            if (depth > limits.maxDepth()) {
                throw new XmlRpcFault(XmlRpcFault.LIMIT_EXCEEDED, "values nested deeper than " + limits.maxDepth());
            }
            if (++values > limits.maxValues()) {
                throw new XmlRpcFault(XmlRpcFault.LIMIT_EXCEEDED, "more than " + limits.maxValues() + " values");
            }
            StringBuilder untyped = new StringBuilder();
            while (true) {
                int ev = advance();
                switch (ev) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            untyped.append(r.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        return untyped.toString(); // <value>text</value>: an untyped string
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (!untyped.toString().isBlank()) {
                            throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "text mixed with a typed value");
                        }
                        Object typed = typedValue(depth);
                        expectEnd("value");
                        return typed;
                    }
                    default -> { /* comments and processing instructions carry nothing */ }
                }
            }
        }

        private Object typedValue(int depth) throws XMLStreamException, XmlRpcFault {
            String ns = r.getNamespaceURI();
            String name = r.getLocalName();
            boolean extension = EXTENSIONS_NAMESPACE.equals(ns);
            if (!extension && ns != null && !ns.isEmpty()) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "unknown namespace " + ns);
            }
            if (extension) {
                return switch (name) {
                    case "nil" -> nil();
                    case "i8" -> parseLong(text());
                    case "i1", "i2" -> parseInt(text());
                    default -> throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS,
                            "extension type ex:" + name + " is not accepted");
                };
            }
            return switch (name) {
                case "string" -> text();
                case "i4", "int" -> parseInt(text());
                case "boolean" -> parseBoolean(text());
                case "double" -> parseDouble(text());
                case "array" -> array(depth);
                case "struct" -> struct(depth);
                case "nil" -> nil(); // Python's xmlrpc.client writes <nil/> without a namespace
                default -> throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "value type <" + name + "> is not accepted");
            };
        }

        private Object nil() throws XMLStreamException, XmlRpcFault {
            if (!text().isBlank()) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "nil must be empty");
            }
            return null;
        }

        private List<Object> array(int depth) throws XMLStreamException, XmlRpcFault {
            List<Object> items = new ArrayList<>();
            expectStart("data", null);
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                requireName("value", null);
                items.add(value(depth + 1));
            }
            requireEnd("data");
            expectEnd("array");
            return items;
        }

        private Map<String, Object> struct(int depth) throws XMLStreamException, XmlRpcFault {
            Map<String, Object> members = new LinkedHashMap<>();
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                requireName("member", null);
                expectStart("name", null);
                String key = text();
                expectStart("value", null);
                Object v = value(depth + 1);
                expectEnd("member");
                if (members.containsKey(key)) {
                    throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "duplicate struct member '" + key + "'");
                }
                members.put(key, v);
            }
            requireEnd("struct");
            return members;
        }

        /** Text content of a simple element; returns with the reader on its end tag. */
        private String text() throws XMLStreamException, XmlRpcFault {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int ev = advance();
                switch (ev) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            sb.append(r.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        return sb.toString();
                    }
                    case XMLStreamConstants.START_ELEMENT -> throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST,
                            "unexpected element <" + r.getLocalName() + "> inside a simple value");
                    default -> { /* comments, processing instructions */ }
                }
            }
        }

        /** Next start or end tag, skipping whitespace and comments; other text is an error. */
        private int nextTag() throws XMLStreamException, XmlRpcFault {
            while (true) {
                int ev = advance();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                        return ev;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!r.isWhiteSpace()) {
                            throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "unexpected text '"
                                    + abbreviate(r.getText()) + "'");
                        }
                    }
                    case XMLStreamConstants.END_DOCUMENT ->
                            throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "unexpected end of document");
                    default -> { /* comments, processing instructions */ }
                }
            }
        }

        /** Every event passes here: DTDs and entity references are refused, and the time limit is checked. */
        private int advance() throws XMLStreamException, XmlRpcFault {
            if (!r.hasNext()) {
                throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "unexpected end of document");
            }
            int ev = r.next();
            if (ev == XMLStreamConstants.DTD) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "DOCTYPE declarations are not allowed");
            }
            if (ev == XMLStreamConstants.ENTITY_REFERENCE || ev == XMLStreamConstants.ENTITY_DECLARATION) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "entity references are not allowed");
            }
            if ((++events & 0xFF) == 0 && System.nanoTime() - deadlineNanos > 0) {
                throw new XmlRpcFault(XmlRpcFault.LIMIT_EXCEEDED, "request took longer than " + limits.timeLimit());
            }
            return ev;
        }

        private void expectStart(String name, String ns) throws XMLStreamException, XmlRpcFault {
            if (nextTag() != XMLStreamConstants.START_ELEMENT) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "expected <" + name + ">, found </"
                        + r.getLocalName() + ">");
            }
            requireName(name, ns);
        }

        private void requireName(String name, String ns) throws XmlRpcFault {
            String actualNs = r.getNamespaceURI();
            boolean nsOk = ns == null ? actualNs == null || actualNs.isEmpty() : ns.equals(actualNs);
            if (!name.equals(r.getLocalName()) || !nsOk) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "expected <" + name + ">, found <"
                        + r.getLocalName() + ">");
            }
        }

        private void expectEnd(String name) throws XMLStreamException, XmlRpcFault {
            if (nextTag() != XMLStreamConstants.END_ELEMENT) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "expected </" + name + ">, found <"
                        + r.getLocalName() + ">");
            }
            requireEnd(name);
        }

        private void requireEnd(String name) throws XmlRpcFault {
            if (!name.equals(r.getLocalName())) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_REQUEST, "expected </" + name + ">, found </"
                        + r.getLocalName() + ">");
            }
        }
    }

    private static int parseInt(String s) throws XmlRpcFault {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "not a 32-bit integer: '" + abbreviate(s) + "'");
        }
    }

    private static long parseLong(String s) throws XmlRpcFault {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "not a 64-bit integer: '" + abbreviate(s) + "'");
        }
    }

    private static boolean parseBoolean(String s) throws XmlRpcFault {
        return switch (s.strip()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "not a boolean (0 or 1): '" + abbreviate(s) + "'");
        };
    }

    private static double parseDouble(String s) throws XmlRpcFault {
        try {
            double d = Double.parseDouble(s.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "not a finite double: '" + abbreviate(s) + "'");
        }
    }

    private static String abbreviate(String s) {
        return Abbreviation.abbreviate(s, 60);
    }
}
