package io.pwb.openstack.os4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.ExecutionOptions;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JDK response seen as OpenStack4j's: entities are mapped by OpenStack4j's own handler and ObjectMappers. */
final class JdkHttpResponse implements HttpResponse {

    private final java.net.http.HttpResponse<InputStream> response;

    JdkHttpResponse(java.net.http.HttpResponse<InputStream> response) {
        this.response = response;
    }

    @Override
    public <T> T getEntity(Class<T> returnType) {
        return getEntity(returnType, null);
    }

    /** Status handling (404 as null, errors as ResponseException, ActionResponse) is OpenStack4j's own. */
    @Override
    public <T> T getEntity(Class<T> returnType, ExecutionOptions<T> options) {
        return HttpEntityHandler.handle(this, returnType, options, true);
    }

    @Override
    public <T> T readEntity(Class<T> type) {
        try (InputStream body = response.body()) {
            return ObjectMapperSingleton.getContext(type).readerFor(type).readValue(body);
        } catch (IOException e) {
            // Jackson's original message names the bad value without its long source location.
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new ClientResponseException("cannot read " + type.getSimpleName() + " from the answer to "
                    + JdkHttpRequests.withoutQuery(response.uri()) + ": " + why, getStatus(), e);
        }
    }

    @Override
    public int getStatus() {
        return response.statusCode();
    }

    @Override
    public String getContentType() {
        return header(ClientConstants.HEADER_CONTENT_TYPE);
    }

    /** HTTP/1.1 reason phrases are not exposed by the JDK client; the status says the same. */
    @Override
    public String getStatusMessage() {
        return "HTTP " + response.statusCode();
    }

    @Override
    public InputStream getInputStream() {
        return response.body();
    }

    @Override
    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> first = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.put(name, values.get(0));
            }
        });
        return first;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
