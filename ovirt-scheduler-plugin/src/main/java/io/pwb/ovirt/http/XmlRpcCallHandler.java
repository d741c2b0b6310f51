package io.pwb.ovirt.http;

import io.pwb.ovirt.proxy.ExternalSchedulerProtocol;
import io.pwb.ovirt.xmlrpc.XmlRpcFault;
import io.pwb.ovirt.xmlrpc.XmlRpcRequest;
import io.pwb.ovirt.xmlrpc.XmlRpcRequestParser;
import io.pwb.ovirt.xmlrpc.XmlRpcResponseWriter;

import java.util.logging.Level;
import java.util.logging.Logger;

/** One request body in, one response document out: a result or a fault, never an exception. */
public final class XmlRpcCallHandler {

    private static final Logger LOG = Logger.getLogger(XmlRpcCallHandler.class.getName());

    private final XmlRpcRequestParser parser;
    private final ExternalSchedulerProtocol protocol;

    public XmlRpcCallHandler(XmlRpcRequestParser parser, ExternalSchedulerProtocol protocol) {
        this.parser = parser;
        this.protocol = protocol;
    }

    public String handle(byte[] body) {
        try {
            XmlRpcRequest request = parser.parse(body);
            return XmlRpcResponseWriter.success(protocol.call(request));
        } catch (XmlRpcFault fault) {
            LOG.fine(() -> "XML-RPC fault " + fault.code() + ": " + fault.getMessage());
            return XmlRpcResponseWriter.fault(fault);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.WARNING, "XML-RPC call failed", e);
            return XmlRpcResponseWriter.fault(XmlRpcFault.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
        }
    }
}
