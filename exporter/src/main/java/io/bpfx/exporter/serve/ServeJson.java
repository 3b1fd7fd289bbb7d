package io.bpfx.exporter.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The control plane's one Jackson mapper (thread-safe once configured). */
final class ServeJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ServeJson() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON-able: " + value.getClass().getName(), e);
        }
    }
}
