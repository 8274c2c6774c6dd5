package dev.goro.internal.pprof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The protobuf wire encoding, against bytes worked out from the protobuf encoding rules. */
class ProtoBufTest {

    @Test
    void varintField_valuesAcrossByteBoundaries_encodeBase128LittleEndian() throws Exception {
        ProtoBuf b = new ProtoBuf();
        b.varintField(1, 1);
        b.varintField(2, 300);
        b.varintField(3, -1);
        assertArrayEquals(new byte[] {0x08, 0x01, 0x10, (byte) 0xAC, 0x02, 0x18,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}, bytes(b));
    }

    @Test
    void varintFieldOpt_zero_isLeftOut() throws Exception {
        ProtoBuf b = new ProtoBuf();
        b.varintFieldOpt(1, 0);
        b.varintFieldOpt(2, 5);
        assertArrayEquals(new byte[] {0x10, 0x05}, bytes(b));
    }

    @Test
    void stringPackedAndMessageFields_encodeLengthDelimited() throws Exception {
        ProtoBuf inner = new ProtoBuf();
        inner.varintField(1, 150);
        ProtoBuf b = new ProtoBuf();
        b.stringField(6, "é");
        b.packedField(1, new long[] {3, 270, 86942}, 3);
        b.message(4, inner);
        assertArrayEquals(new byte[] {0x32, 0x02, (byte) 0xC3, (byte) 0xA9,
                0x0A, 0x06, 0x03, (byte) 0x8E, 0x02, (byte) 0x9E, (byte) 0xA7, 0x05,
                0x22, 0x03, 0x08, (byte) 0x96, 0x01}, bytes(b));
    }

    private static byte[] bytes(ProtoBuf b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.writeTo(out);
        return out.toByteArray();
    }
}
