package dev.goro.internal.pprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few protocol-buffer encoders profile.proto needs: varint fields (wire type
 * 0), length-delimited fields (wire type 2: strings, packed varints, embedded messages). No generated code: the
 * message set is small and fixed, and writing it by hand keeps goro-core free of a protobuf runtime.
 *
 * <p>An embedded message is encoded into its own {@code ProtoBuf} first and then copied in with
 * {@link #message}, so its length is known before its bytes (protobuf puts the length first). Profile
 * messages nest at most two deep (Location holds Lines; Sample holds Labels), so two scratch buffers suffice.
 *
 * <p>Not thread-safe: one profile writer owns its buffers.
 */
final class ProtoBuf {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LEN = 2;

    private byte[] buf = new byte[256];
    private int len;

    int size() {
        return len;
    }

    void reset() {
        len = 0;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** A varint field, written even when zero. */
    void varintField(int field, long v) {
        key(field, WIRE_VARINT);
        varint(v);
    }

    /** A varint field left out when zero (proto3's default), as profile.proto readers expect. */
    void varintFieldOpt(int field, long v) {
        if (v != 0) {
            varintField(field, v);
        }
    }

    /** A string field, UTF-8 encoded. */
    void stringField(int field, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        key(field, WIRE_LEN);
        varint(b.length);
        put(b, 0, b.length);
    }

    /** A repeated varint field in packed form: one length-delimited run of varints. */
    void packedField(int field, long[] vs, int n) {
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += varintSize(vs[i]);
        }
        key(field, WIRE_LEN);
        varint(bytes);
        for (int i = 0; i < n; i++) {
            varint(vs[i]);
        }
    }

    /** An embedded message field holding {@code inner}'s bytes. */
    void message(int field, ProtoBuf inner) {
        key(field, WIRE_LEN);
        varint(inner.len);
        put(inner.buf, 0, inner.len);
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Base-128, least significant group first, high bit set on all but the last byte; negatives take 10. */
    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
