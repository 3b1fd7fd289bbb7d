package io.bpfx.exporter.metric;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected strings are what Go's strconv.FormatFloat(f, 'g', -1, 64) prints (see ebpf_exporter's README). */
class GoFloatTest {

    @Test
    void smallNumbersSwitchToExponentBelowOneTenThousandth() {
        assertEquals("1e-06", GoFloat.format(0.000001));
        assertEquals("1.6e-05", GoFloat.format(1.6e-05));
        assertEquals("6.4e-05", GoFloat.format(0.000064));
        assertEquals("0.000128", GoFloat.format(0.000128));
        assertEquals("0.524288", GoFloat.format(0.524288));
    }

    @Test
    void largeNumbersSwitchToExponentFromOneMillion() {
        assertEquals("1024", GoFloat.format(1024));
        assertEquals("524288", GoFloat.format(524288));
        assertEquals("1.048576e+06", GoFloat.format(1048576));
        assertEquals("3.3554432e+07", GoFloat.format(33554432));
        assertEquals("2.147483648e+09", GoFloat.format(2147483648.0));
        assertEquals("1e+07", GoFloat.format(1e7));
        assertEquals("1e+100", GoFloat.format(1e100));
    }

    @Test
    void ordinaryNumbers() {
        assertEquals("0", GoFloat.format(0));
        assertEquals("1", GoFloat.format(1));
        assertEquals("100", GoFloat.format(100));
        assertEquals("67.108864", GoFloat.format(67.108864));
        assertEquals("0.1", GoFloat.format(0.1));
        assertEquals("-2.5", GoFloat.format(-2.5));
        assertEquals("0.30000000000000004", GoFloat.format(0.1 + 0.2));
    }

    @Test
    void specialValues() {
        assertEquals("+Inf", GoFloat.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFloat.format(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", GoFloat.format(Double.NaN));
    }
}
