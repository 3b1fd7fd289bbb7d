package io.bpfx.exporter.http;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenAddressTest {

    @Test
    void emptyHostIsEveryInterface() {
        ListenAddress a = ListenAddress.parse(":9435");
        assertTrue(a.wildcard());
        assertEquals(9435, a.port());
        assertTrue(a.socketAddress().getAddress().isAnyLocalAddress());
        assertEquals(":9435", a.toString());
    }

    @Test
    void hostsAndIpv6() throws Exception {
        ListenAddress v4 = ListenAddress.parse("127.0.0.1:9435");
        assertFalse(v4.wildcard());
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9435), v4.socketAddress());
        ListenAddress v6 = ListenAddress.parse("[::1]:0");
        assertEquals("::1", v6.host());
        assertEquals(0, v6.port());
        assertEquals(InetAddress.getByName("::1"), v6.socketAddress().getAddress());
    }

    @Test
    void badAddressesAreBadInput() {
        assertEquals("invalid listen address \"9435\": missing port (expected ADDR:PORT, e.g. :9435)",
                assertThrows(BpfxException.BadInput.class, () -> ListenAddress.parse("9435")).getMessage());
        assertEquals("invalid listen address \":http\": port \"http\" is not a number",
                assertThrows(BpfxException.BadInput.class, () -> ListenAddress.parse(":http")).getMessage());
        assertEquals("invalid listen address \":70000\": port 70000 is out of range",
                assertThrows(BpfxException.BadInput.class, () -> ListenAddress.parse(":70000")).getMessage());
        assertThrows(BpfxException.BadInput.class, () -> ListenAddress.parse("::1:9435"));
        assertThrows(BpfxException.BadInput.class, () -> ListenAddress.parse("[::1:9435"));
        assertThrows(BpfxException.BadInput.class, () -> ListenAddress.parse(""));
    }
}
