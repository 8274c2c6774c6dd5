package dev.goro.pprof;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A test-only reader of gzip-compressed profile.proto, written from the protobuf wire rules and the field
 * numbers of profile.proto, independent of the writer's code: it checks that what goro writes decodes into
 * the messages pprof expects.
 */
final class DecodedProfile {
    record ValueType(long type, long unit) {
    }

    record Sample(List<Long> locationIds, List<Long> values, Map<String, String> labels) {
    }

    record Line(long functionId, long line) {
    }

    record Location(long id, long mappingId, long address, List<Line> lines) {
    }

    record Function(long id, long name, long systemName, long filename) {
    }

    record Mapping(long id, long start, long limit, long filename, boolean hasFunctions, boolean hasFilenames,
                   boolean hasLineNumbers) {
    }

    final List<ValueType> sampleTypes = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    final List<Mapping> mappings = new ArrayList<>();
    final Map<Long, Location> locations = new HashMap<>();
    final Map<Long, Function> functions = new HashMap<>();
    final List<String> strings = new ArrayList<>();
    ValueType periodType;
    long period;
    long timeNanos;
    private final List<long[]> rawLabels = new ArrayList<>(); // per sample: key, str pairs, resolved at the end

    static DecodedProfile parse(byte[] gzipped) throws IOException {
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            raw = in.readAllBytes();
        }
        DecodedProfile p = new DecodedProfile();
        List<long[]> sampleLabelRefs = new ArrayList<>();
        Reader r = new Reader(raw, 0, raw.length);
        while (r.more()) {
            int key = (int) r.varint();
            int field = key >>> 3;
            switch (field) {
                case 1 -> p.sampleTypes.add(valueType(r.sub()));
                case 2 -> {
                    Reader s = r.sub();
                    List<Long> locs = new ArrayList<>(), vals = new ArrayList<>();
                    List<Long> lbl = new ArrayList<>();
                    while (s.more()) {
                        int k = (int) s.varint();
                        switch (k >>> 3) {
                            case 1 -> s.repeated(k, locs);
                            case 2 -> s.repeated(k, vals);
                            case 3 -> {
                                Reader l = s.sub();
                                long lk = 0, ls = 0;
                                while (l.more()) {
                                    int kk = (int) l.varint();
                                    long v = l.varint();
                                    if (kk >>> 3 == 1) {
                                        lk = v;
                                    } else if (kk >>> 3 == 2) {
                                        ls = v;
                                    }
                                }
                                lbl.add(lk);
                                lbl.add(ls);
                            }
                            default -> s.skip(k);
                        }
                    }
                    p.samples.add(new Sample(locs, vals, new HashMap<>()));
                    sampleLabelRefs.add(lbl.stream().mapToLong(Long::longValue).toArray());
                }
                case 3 -> {
                    Reader m = r.sub();
                    long[] f = new long[11];
                    while (m.more()) {
                        int k = (int) m.varint();
                        f[k >>> 3] = m.varint();
                    }
                    p.mappings.add(new Mapping(f[1], f[2], f[3], f[5], f[7] != 0, f[8] != 0, f[9] != 0));
                }
                case 4 -> {
                    Reader l = r.sub();
                    long id = 0, mapping = 0, addr = 0;
                    List<Line> lines = new ArrayList<>();
                    while (l.more()) {
                        int k = (int) l.varint();
                        switch (k >>> 3) {
                            case 1 -> id = l.varint();
                            case 2 -> mapping = l.varint();
                            case 3 -> addr = l.varint();
                            case 4 -> {
                                Reader ln = l.sub();
                                long fn = 0, line = 0;
                                while (ln.more()) {
                                    int kk = (int) ln.varint();
                                    long v = ln.varint();
                                    if (kk >>> 3 == 1) {
                                        fn = v;
                                    } else if (kk >>> 3 == 2) {
                                        line = v;
                                    }
                                }
                                lines.add(new Line(fn, line));
                            }
                            default -> l.skip(k);
                        }
                    }
                    p.locations.put(id, new Location(id, mapping, addr, lines));
                }
                case 5 -> {
                    Reader f = r.sub();
                    long[] v = new long[6];
                    while (f.more()) {
                        int k = (int) f.varint();
                        v[k >>> 3] = f.varint();
                    }
                    p.functions.put(v[1], new Function(v[1], v[2], v[3], v[4]));
                }
                case 6 -> p.strings.add(r.string());
                case 9 -> p.timeNanos = r.varint();
                case 11 -> p.periodType = valueType(r.sub());
                case 12 -> p.period = r.varint();
                default -> r.skip(key);
            }
        }
        for (int i = 0; i < p.samples.size(); i++) {
            long[] refs = sampleLabelRefs.get(i);
            for (int j = 0; j < refs.length; j += 2) {
                p.samples.get(i).labels().put(p.strings.get((int) refs[j]), p.strings.get((int) refs[j + 1]));
            }
        }
        return p;
    }

    String string(long index) {
        return strings.get((int) index);
    }

    /** A sample's frames as function names, leaf first. */
    List<String> functionNames(Sample s) {
        List<String> out = new ArrayList<>();
        for (long id : s.locationIds()) {
            for (Line l : locations.get(id).lines()) {
                out.add(string(functions.get(l.functionId()).name()));
            }
        }
        return out;
    }

    private static ValueType valueType(Reader r) {
        long type = 0, unit = 0;
        while (r.more()) {
            int k = (int) r.varint();
            long v = r.varint();
            if (k >>> 3 == 1) {
                type = v;
            } else if (k >>> 3 == 2) {
                unit = v;
            }
        }
        return new ValueType(type, unit);
    }

    /** Protobuf wire reader over a byte range. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
        }

        Reader sub() {
            int n = (int) varint();
            Reader r = new Reader(b, pos, pos + n);
            pos += n;
            return r;
        }

        String string() {
            int n = (int) varint();
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** A repeated varint field, packed (wire type 2) or not (wire type 0). */
        void repeated(int key, List<Long> out) {
            if ((key & 7) == 2) {
                Reader p = sub();
                while (p.more()) {
                    out.add(p.varint());
                }
            } else {
                out.add(varint());
            }
        }

        void skip(int key) {
            switch (key & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> pos += (int) varint();
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("wire type " + (key & 7));
            }
        }
    }
}
