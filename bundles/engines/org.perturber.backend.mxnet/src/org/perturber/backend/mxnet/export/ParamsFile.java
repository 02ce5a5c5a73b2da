package org.perturber.backend.mxnet.export;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MXNet's parameter file format (an NDArray list: dense float32 arrays on the CPU, with "arg:"/"aux:" names),
 * written and checked in Java. Checking the structure here lets a truncated or corrupt file be refused with a
 * message before MXNet, which may crash the process on bad input, ever reads it.
 */
public final class ParamsFile {
    private static final long LIST_MAGIC = 0x112;
    private static final int ARRAY_MAGIC_V2 = 0xF993FAC9;
    private static final int ARRAY_MAGIC_V3 = 0xF993FACA;
    private static final int FLOAT32 = 0;

    /** Name and shape of one array, as found in a file. */
    public record Entry(String name, long[] shape, int dataType, long bytes) {
    }

    private ParamsFile() {
    }

    /** Writes arrays (float32, row-major, with their shapes) under the given names, in map order. */
    public static void write(Path file, Map<String, long[]> shapes, Map<String, float[]> values) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(LIST_MAGIC).putLong(0).putLong(shapes.size());
            flush(out, b);
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                long[] shape = e.getValue();
                float[] data = values.get(e.getKey());
                if (data == null || data.length != count(shape)) {
                    throw new IllegalArgumentException(e.getKey() + ": " + (data == null ? "no values" : data.length
                            + " values for " + count(shape)));
                }
                b.putInt(ARRAY_MAGIC_V2).putInt(0).putInt(shape.length);
                for (long d : shape) {
                    b.putLong(d);
                }
                b.putInt(1).putInt(0).putInt(FLOAT32); // CPU context, device 0; float32
                for (float v : data) {
                    if (b.remaining() < 4) {
                        flush(out, b);
                    }
                    b.putFloat(v);
                }
                flush(out, b);
            }
            b.putLong(shapes.size());
            for (String name : shapes.keySet()) {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                b.putLong(bytes.length);
                flush(out, b);
                out.write(bytes);
            }
            flush(out, b);
        }
    }

    private static void flush(OutputStream out, ByteBuffer b) throws IOException {
        out.write(b.array(), 0, b.position());
        b.clear();
    }

    /**
     * Number of elements of an array of this shape.
     *
     * @throws ArithmeticException when the product of the dimensions does not fit in a long
     */
    public static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Reads the structure (names, shapes, types), skipping the data, and checks that the file is complete.
     *
     * @throws IOException with a message saying what is wrong where
     */
    public static Map<String, Entry> inspect(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            Reader r = new Reader(in, size);
            if (r.long64() != LIST_MAGIC) {
                throw new IOException("not an MXNet parameter file (wrong magic number)");
            }
            r.long64();
            long n = r.long64();
            if (n < 0 || n > 100_000) {
                throw new IOException("corrupt: claims " + n + " arrays");
            }
            long[][] shapes = new long[(int) n][];
            int[] types = new int[(int) n];
            long[] bytes = new long[(int) n];
            for (int i = 0; i < n; i++) {
                int magic = r.int32();
                if (magic != ARRAY_MAGIC_V2 && magic != ARRAY_MAGIC_V3) {
                    throw new IOException("corrupt: array " + i + " has an unknown header");
                }
                if (r.int32() != 0) {
                    throw new IOException("array " + i + " is sparse; only dense arrays are supported");
                }
                int ndim = r.int32();
                if (ndim < 0 || ndim > 8) {
                    throw new IOException("corrupt: array " + i + " has " + ndim + " dimensions");
                }
                shapes[i] = new long[ndim];
                for (int d = 0; d < ndim; d++) {
                    shapes[i][d] = r.long64();
                    if (shapes[i][d] < 0) {
                        throw new IOException("corrupt: array " + i + " has a negative dimension");
                    }
                }
                r.int32();
                r.int32(); // context
                types[i] = r.int32();
                int width = switch (types[i]) {
                case 0, 4 -> 4; // float32, int32
                case 1, 6 -> 8; // float64, int64
                case 2 -> 2; // float16
                case 3, 5 -> 1; // uint8, int8
                default -> throw new IOException("corrupt: array " + i + " has unknown type " + types[i]);
                };
                try {
                    bytes[i] = Math.multiplyExact(count(shapes[i]), width);
                } catch (ArithmeticException e) {
                    // a hostile shape: its size would wrap around and pass the "fits in the file" check
                    throw new IOException("corrupt: array " + i + " of " + n + " has "
                            + "dimensions " + Arrays.toString(shapes[i]) + " whose size overflows");
                }
                r.skip(bytes[i], "array " + i);
            }
            long names = r.long64();
            if (names != n && names != 0) {
                throw new IOException("corrupt: " + n + " arrays but " + names + " names");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (int i = 0; i < names; i++) {
                long len = r.long64();
                if (len < 0 || len > 4096) {
                    throw new IOException("corrupt: name " + i + " has length " + len);
                }
                String name = new String(r.bytes((int) len), StandardCharsets.UTF_8);
                entries.put(name, new Entry(name, shapes[i], types[i], bytes[i]));
            }
            return entries;
        }
    }

    /** Little-endian reads that know how much of the file is left. */
    private static final class Reader {
        private final DataInputStream in;
        private long left;

        Reader(DataInputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        private void need(long n, String what) throws IOException {
            if (n > left) {
                throw new IOException("truncated: " + what + " needs " + n + " more bytes, the file has " + left);
            }
            left -= n;
        }

        long long64() throws IOException {
            need(8, "a header");
            return Long.reverseBytes(in.readLong());
        }

        int int32() throws IOException {
            need(4, "a header");
            return Integer.reverseBytes(in.readInt());
        }

        byte[] bytes(int n) throws IOException {
            need(n, "a name");
            return in.readNBytes(n);
        }

        void skip(long n, String what) throws IOException {
            need(n, what);
            long skipped = 0;
            while (skipped < n) {
                long s = in.skip(n - skipped);
                if (s <= 0) {
                    throw new IOException("truncated inside " + what);
                }
                skipped += s;
            }
        }
    }

}
