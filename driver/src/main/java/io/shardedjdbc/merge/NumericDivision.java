package io.shardedjdbc.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * numeric division with the result scale PostgreSQL chooses, so that an average computed from the shards' sums and
 * counts prints the same digits as one server's {@code avg()}. PostgreSQL stores numerics in base-10000 digits and
 * picks the scale from the quotient's estimated weight: at least 16 significant decimal digits, at least the inputs'
 * scales, at most 1000; the last digit rounds half away from zero.
 */
final class NumericDivision {
    private static final int MIN_SIGNIFICANT_DIGITS = 16;
    private static final int MAX_DISPLAY_SCALE = 1000;
    private static final BigInteger BASE = BigInteger.valueOf(10_000);

    private NumericDivision() {
    }

    static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        long[] a = weightAndFirstDigit(dividend);
        long[] b = weightAndFirstDigit(divisor);
        long quotientWeight = a[0] - b[0];
        if (a[1] <= b[1]) {
            quotientWeight--;
        }
        long scale = MIN_SIGNIFICANT_DIGITS - quotientWeight * 4;
        scale = Math.max(scale, Math.max(dividend.scale(), 0));
        scale = Math.max(scale, Math.max(divisor.scale(), 0));
        scale = Math.max(scale, 0);
        scale = Math.min(scale, MAX_DISPLAY_SCALE);
        return dividend.divide(divisor, (int) scale, RoundingMode.HALF_UP);
    }

    /** The base-10000 weight of the leading non-zero digit, and that digit; zero for 0. */
    private static long[] weightAndFirstDigit(BigDecimal v) {
        if (v.signum() == 0) {
            return new long[]{0, 0};
        }
        BigDecimal abs = v.abs();
        // decimal exponent of the leading digit: abs = d.ddd x 10^e
        long e = (long) abs.precision() - abs.scale() - 1;
        long weight = Math.floorDiv(e, 4);
        BigDecimal scaled = abs.movePointLeft((int) (weight * 4));
        long first = scaled.setScale(0, RoundingMode.DOWN).toBigIntegerExact().min(BASE.subtract(BigInteger.ONE))
                .longValue();
        return new long[]{weight, first};
    }
}
