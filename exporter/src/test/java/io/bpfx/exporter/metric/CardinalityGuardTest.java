package io.bpfx.exporter.metric;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CardinalityGuardTest {

    private static final LabelValues A = LabelValues.of("a");
    private static final LabelValues B = LabelValues.of("b");
    private static final LabelValues C = LabelValues.of("c");

    @Test
    void keepsAtMostTheLimitFirstComeFirstServed() {
        CardinalityGuard guard = new CardinalityGuard(2);
        assertEquals(Set.of(A, B), guard.admit(List.of(A, B, C)));
    }

    @Test
    void admittedSeriesKeepTheirPlaceAndGoneOnesFreeIt() {
        CardinalityGuard guard = new CardinalityGuard(2);
        guard.admit(List.of(A, B));
        assertEquals(Set.of(B, C), guard.admit(List.of(C, B)));      // A went away, C takes its place
        assertEquals(Set.of(B, C), guard.admit(List.of(A, B, C)));   // A is back but has no place
    }

    @Test
    void zeroMeansNoLimit() {
        assertEquals(Set.of(A, B, C), new CardinalityGuard(0).admit(List.of(A, B, C)));
    }
}
