package io.pwb.service.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * Reads a write request's body refusing unknown properties, so that a misspelt field ({@code cpuThreshold} for
 * {@code cpuThresholdPercent}) is a 400 naming it instead of a silent no-op. Only the API's own request bodies use
 * it; the application-wide mapper stays lenient for the platforms' payloads.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {
    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type)).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
