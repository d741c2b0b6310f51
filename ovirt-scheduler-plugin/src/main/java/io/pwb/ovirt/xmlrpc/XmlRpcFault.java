package io.pwb.ovirt.xmlrpc;

/**
 * An XML-RPC fault to send back instead of a result. The codes follow the widely used
 * "specification for fault code interoperability" (parse error -32700, method not found -32601, ...).
 */
public final class XmlRpcFault extends Exception {

    public static final int PARSE_ERROR = -32700;
    public static final int UNSUPPORTED_ENCODING = -32701;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Server-defined: the request exceeded a size, depth or time limit. */
    public static final int LIMIT_EXCEEDED = -32000;

    private final int code;

    public XmlRpcFault(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
