package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegexpDecoderTest {

    private final RegexpDecoder decoder = new RegexpDecoder();
    private final DecoderSpec journald = DecoderSpec.regexp(List.of("^systemd-journal$", "^syslog-ng$"));

    @Test
    void matchingInputPassesThroughUnchanged() throws Exception {
        assertEquals("syslog-ng", run(decoder, text("syslog-ng"), journald));
        assertEquals("systemd-journal", run(decoder, text("systemd-journal"), journald));
    }

    @Test
    void nonMatchingInputSkipsTheSeries() {
        SkipSeries skip = assertThrows(SkipSeries.class, () -> run(decoder, text("bash"), journald));
        assertSame(SkipSeries.INSTANCE, skip);
    }

    @Test
    void patternsAreUnanchoredLikeGoMatchString() throws Exception {
        assertEquals("kworker/3:1", run(decoder, text("kworker/3:1"), DecoderSpec.regexp(List.of("worker"))));
    }

    @Test
    void noPatternsIsAnError() {
        assertThrows(DecodeException.class, () -> run(decoder, text("x"), DecoderSpec.regexp(List.of())));
    }
}
