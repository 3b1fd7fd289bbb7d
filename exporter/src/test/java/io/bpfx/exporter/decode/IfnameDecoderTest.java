package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.bpfx.exporter.Snapshots.u32;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IfnameDecoderTest {

    private static void iface(Path netClass, String name, int index) throws Exception {
        Path dir = Files.createDirectories(netClass.resolve(name));
        Files.writeString(dir.resolve("ifindex"), index + "\n");
    }

    @Test
    void namesInterfacesByIndex(@TempDir Path net) throws Exception {
        iface(net, "lo", 1);
        iface(net, "eth0", 2);
        IfnameDecoder decoder = new IfnameDecoder(net);
        assertEquals("lo", run(decoder, u32(1)));
        assertEquals("eth0", run(decoder, u32(2)));
    }

    @Test
    void unknownThenNewInterface(@TempDir Path net) throws Exception {
        iface(net, "lo", 1);
        IfnameDecoder decoder = new IfnameDecoder(net);
        assertEquals("unknown:9", run(decoder, u32(9)));
        iface(net, "wg0", 9);
        assertEquals("wg0", run(decoder, u32(9)));
    }
}
