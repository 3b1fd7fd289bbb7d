package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.bpfx.exporter.Snapshots.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderSetTest {

    private final DecoderSet set = DecoderSet.builder().kallsyms(Kallsyms.ofText("")).build();

    @Test
    void runsAChainEachStepOnThePreviousOutput() throws Exception {
        List<DecoderSpec> chain = List.of(DecoderSpec.of("uint"), DecoderSpec.staticMap(Map.of("1", "read", "2", "write"), false));
        assertEquals("write", new String(set.decode(u8(2), chain), StandardCharsets.UTF_8));
    }

    @Test
    void standardNamesAreAllThere() {
        assertEquals(DecoderSet.STANDARD_NAMES, set.names());
    }

    @Test
    void unknownDecoderFailsTheDecodeAndTheValidation() {
        List<DecoderSpec> chain = List.of(DecoderSpec.of("kube_podname"));
        assertThrows(DecodeException.class, () -> set.decode(u8(1), chain));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.validate(chain));
        assertTrue(e.getMessage().startsWith("unknown decoder \"kube_podname\""), e.getMessage());
    }

    @Test
    void validationCompilesRegexps() {
        assertThrows(IllegalArgumentException.class, () -> set.validate(List.of(DecoderSpec.regexp(List.of("(")))));
        assertThrows(IllegalArgumentException.class, () -> set.validate(List.of(DecoderSpec.regexp(List.of()))));
    }

    @Test
    void customDecodersCanBeRegistered() throws Exception {
        DecoderSet custom = DecoderSet.builder().kallsyms(Kallsyms.ofText(""))
                .register("upper", (in, conf) -> new String(in, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8))
                .build();
        List<DecoderSpec> chain = List.of(DecoderSpec.of("string"), DecoderSpec.of("upper"));
        assertEquals("SDA", new String(custom.decode("sda\0\0".getBytes(StandardCharsets.UTF_8), chain), StandardCharsets.UTF_8));
    }
}
