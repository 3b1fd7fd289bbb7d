package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code inet_ip}: 4 or 16 bytes in network order to an address string, formatted
 * as Go's {@code net.IP.String}: dotted quad for IPv4 and IPv4-mapped IPv6,
 * otherwise lowercase IPv6 with the longest run of two or more zero groups as
 * {@code ::}. Other lengths give {@code ?<hex>} (and empty input {@code <nil>}),
 * also as Go.
 */
public final class InetIpDecoder implements Decoder {

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) {
        return Bytes.ascii(format(in));
    }

    static String format(byte[] ip) {
        if (ip.length == 0) {
            return "<nil>";
        }
        if (ip.length == 4) {
            return dotted(ip, 0);
        }
        if (ip.length != 16) {
            return "?" + Bytes.hex(ip);
        }
        if (isV4Mapped(ip)) {
            return dotted(ip, 12);
        }

        // longest run of zero groups, first one on ties, only if at least two groups
        int e0 = -1;
        int e1 = -1;
        for (int i = 0; i < 16; i += 2) {
            int j = i;
            while (j < 16 && ip[j] == 0 && ip[j + 1] == 0) {
                j += 2;
            }
            if (j > i && j - i > e1 - e0) {
                e0 = i;
                e1 = j;
                i = j;
            }
        }
        if (e1 - e0 <= 2) {
            e0 = -1;
            e1 = -1;
        }

        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 16; i += 2) {
            if (i == e0) {
                sb.append("::");
                i = e1;
                if (i >= 16) {
                    break;
                }
            } else if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff)));
        }
        return sb.toString();
    }

    private static boolean isV4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    private static String dotted(byte[] ip, int off) {
        return (ip[off] & 0xff) + "." + (ip[off + 1] & 0xff) + "." + (ip[off + 2] & 0xff) + "." + (ip[off + 3] & 0xff);
    }
}
