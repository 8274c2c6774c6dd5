package dev.goro;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After Go's test/chan/powser1.go (McIlroy's "Squinting at Power Series"): power series as channels of
 * rational coefficients, each operator a goroutine, series defined by feedback through their own output.
 */
@Timeout(60)
class PowerSeriesTest {

    /** An exact rational, always reduced, positive denominator. */
    record Rat(BigInteger num, BigInteger den) {
        static final Rat ZERO = of(0, 1);
        static final Rat ONE = of(1, 1);

        static Rat of(long n, long d) {
            return make(BigInteger.valueOf(n), BigInteger.valueOf(d));
        }

        static Rat make(BigInteger n, BigInteger d) {
            if (d.signum() < 0) {
                n = n.negate();
                d = d.negate();
            }
            BigInteger g = n.gcd(d);
            return g.signum() == 0 ? new Rat(BigInteger.ZERO, BigInteger.ONE) : new Rat(n.divide(g), d.divide(g));
        }

        Rat add(Rat o) {
            return make(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Rat mul(Rat o) {
            return make(num.multiply(o.num), den.multiply(o.den));
        }
    }

    /** Copies each coefficient of {@code in} to both outputs (Go's split, here with buffered outputs). */
    static void split(RecvChan<Rat> in, SendChan<Rat> a, SendChan<Rat> b) {
        Go.go(() -> {
            for (Rat r : in) {
                a.send(r);
                b.send(r);
            }
        });
    }

    /** Integral with constant term c: c, u0/1, u1/2, u2/3, ... */
    static RecvChan<Rat> integ(Rat c, RecvChan<Rat> u) {
        Chan<Rat> out = Chan.make();
        Go.go(() -> {
            out.send(c);
            long n = 1;
            for (Rat r : u) {
                out.send(r.mul(Rat.of(1, n++)));
            }
        });
        return out;
    }

    /** Derivative: u1, 2 u2, 3 u3, ... */
    static RecvChan<Rat> deriv(RecvChan<Rat> u) {
        Chan<Rat> out = Chan.make();
        Go.go(() -> {
            u.recv(); // the constant term vanishes
            long n = 1;
            for (Rat r : u) {
                out.send(r.mul(Rat.of(n++, 1)));
            }
        });
        return out;
    }

    /** Cauchy product of two series (one goroutine keeping both histories). */
    static RecvChan<Rat> mul(RecvChan<Rat> f, RecvChan<Rat> g) {
        Chan<Rat> out = Chan.make();
        Go.go(() -> {
            List<Rat> fs = new ArrayList<>();
            List<Rat> gs = new ArrayList<>();
            for (;;) {
                fs.add(f.recv());
                gs.add(g.recv());
                int n = fs.size() - 1;
                Rat s = Rat.ZERO;
                for (int i = 0; i <= n; i++) {
                    s = s.add(fs.get(i).mul(gs.get(n - i)));
                }
                out.send(s);
            }
        });
        return out;
    }

    /** exp(x) as the fixed point X = 1 + integral of X: the integrator reads its own output through a split. */
    static RecvChan<Rat> exp() {
        Chan<Rat> feedback = Chan.make(1);
        Chan<Rat> out = Chan.make();
        split(integ(Rat.ONE, feedback), out, feedback);
        return out;
    }

    @Test
    void powerSeries_expByFeedback_hasCoefficientsOneOverFactorial() throws Exception {
        List<Rat> got = Go.main(() -> take(exp(), 20));
        BigInteger fact = BigInteger.ONE;
        for (int n = 0; n < 20; n++) {
            if (n > 0) {
                fact = fact.multiply(BigInteger.valueOf(n));
            }
            assertEquals(Rat.make(BigInteger.ONE, fact), got.get(n), "coefficient " + n);
        }
    }

    @Test
    void powerSeries_manyStagePipeline_derivIntegRoundTripsAndSquareIsExpTwoX() throws Exception {
        List<Rat> got = Go.main(() -> {
            // 300 goroutines: d/dx then integrate with constant 1, 150 times; exp is its own derivative.
            RecvChan<Rat> s = exp();
            for (int i = 0; i < 150; i++) {
                s = integ(Rat.ONE, deriv(s));
            }
            return take(mul(s, exp()), 15); // exp(x)^2 = exp(2x): coefficients 2^n / n!
        });
        BigInteger fact = BigInteger.ONE;
        for (int n = 0; n < 15; n++) {
            if (n > 0) {
                fact = fact.multiply(BigInteger.valueOf(n));
            }
            assertEquals(Rat.make(BigInteger.TWO.pow(n), fact), got.get(n), "coefficient " + n);
        }
    }

    private static List<Rat> take(RecvChan<Rat> s, int n) {
        List<Rat> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.recv());
        }
        return out;
    }
}
