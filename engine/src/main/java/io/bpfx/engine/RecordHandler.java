package io.bpfx.engine;

import java.nio.ByteBuffer;

/**
 * Receives raw event records on the thread that polls the {@link EventLoop}.
 * {@code buf} (little-endian) is only valid during the call: decode or copy,
 * don't keep it.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(ByteBuffer buf, int offset, int length);
}
