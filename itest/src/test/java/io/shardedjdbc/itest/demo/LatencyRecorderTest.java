package io.shardedjdbc.itest.demo;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecorderTest {

    @Test
    void bucketsAreContiguousAndContainTheirValues() {
        for (long v : new long[]{0, 1, 63, 64, 65, 127, 128, 1_000, 123_456_789, Long.MAX_VALUE / 3}) {
            int i = LatencyRecorder.index(v);
            assertTrue(LatencyRecorder.lowest(i) <= v && v <= LatencyRecorder.highest(i), "value " + v);
            assertEquals(LatencyRecorder.highest(i) + 1, LatencyRecorder.lowest(i + 1), "after bucket of " + v);
        }
    }

    @Test
    void percentilesOfMergedRecordersAreWithinThreePercentOfExact() {
        SplittableRandom random = new SplittableRandom(7);
        long[] samples = new long[50_000];
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 50_000 + (long) (Math.exp(random.nextDouble() * 8) * 10_000);
            (i % 2 == 0 ? a : b).record(samples[i]);
        }
        a.merge(b);
        Arrays.sort(samples);
        assertEquals(samples.length, a.count());
        assertEquals(samples[samples.length - 1], a.maxNanos());
        for (double p : new double[]{50, 90, 99, 99.9}) {
            long exact = samples[(int) Math.ceil(samples.length * p / 100) - 1];
            long estimate = a.percentileNanos(p);
            assertTrue(Math.abs(estimate - exact) <= exact * 0.03, "p" + p + ": " + estimate + " vs " + exact);
        }
    }

    @Test
    void emptyRecorderReportsZero() {
        assertEquals(0, new LatencyRecorder().percentileNanos(99));
    }
}
