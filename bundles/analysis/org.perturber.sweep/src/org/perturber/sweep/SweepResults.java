package org.perturber.sweep;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A sweep's output folder: {@code spec.json} (the spec it belongs to), {@code samples.csv} (one row per sample and
 * model, appended chunk by chunk and forced to disk after each) and, at the end, the summary and plots. A run that
 * was killed resumes at the first chunk it had not finished: a torn last line or a half-written chunk is cut off and
 * that chunk is computed again, with the same batches, so the file ends up identical to that of an uninterrupted
 * run.
 */
public final class SweepResults implements Closeable {
    public static final String SPEC = "spec.json";
    public static final String SAMPLES = "samples.csv";

    private final Path dir;
    private final List<String> header;
    private final int completedChunks;
    private final FileChannel channel;
    private final Writer writer;
    private final CSVPrinter printer;

    private SweepResults(Path dir, List<String> header, int completedChunks, FileChannel channel) throws IOException {
        this.dir = dir;
        this.header = header;
        this.completedChunks = completedChunks;
        this.channel = channel;
        this.writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
    }

    /**
     * Opens the output folder for a run: fresh, or resuming the same spec's earlier run.
     *
     * @param rowsPerChunk rows a full chunk writes (samples per chunk times models)
     * @throws SweepSpecException when the folder holds another spec's results and {@code fresh} is false
     */
    public static SweepResults open(SweepSpec spec, List<String> header, int rowsPerChunk, boolean fresh)
            throws IOException, SweepSpecException {
        Path dir = spec.output();
        Files.createDirectories(dir);
        Path specFile = dir.resolve(SPEC);
        Path samples = dir.resolve(SAMPLES);
        if (fresh) {
            Files.deleteIfExists(samples);
        } else if (Files.exists(samples) && (!Files.exists(specFile) || !Files.readString(specFile).equals(spec
                .text()))) {
            throw new SweepSpecException(dir.toString(), 0, "holds the results of a different sweep spec; use "
                    + "--fresh to replace them, or another \"output\"");
        }
        writeAtomically(specFile, spec.text());
        int completed = 0;
        long keepBytes = 0;
        if (Files.exists(samples)) {
            String text = Files.readString(samples, StandardCharsets.UTF_8);
            // a torn last line (the process died mid-write) is dropped
            String whole = text.substring(0, text.lastIndexOf('\n') + 1);
            List<Long> rowStarts = new ArrayList<>();
            List<String> fileHeader = null;
            try (Reader r = new StringReader(whole); CSVParser parser = CSVFormat.DEFAULT.parse(r)) {
                for (CSVRecord record : parser) {
                    if (fileHeader == null) {
                        fileHeader = record.toList();
                    } else if (record.size() == header.size()) {
                        rowStarts.add(record.getCharacterPosition());
                    } else {
                        break;
                    }
                }
            }
            if (fileHeader != null && fileHeader.equals(header)) {
                completed = rowStarts.size() / rowsPerChunk;
                int keepChars = completed * rowsPerChunk < rowStarts.size()
                        ? (int) (long) rowStarts.get(completed * rowsPerChunk) : whole.length();
                keepBytes = whole.substring(0, keepChars).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        FileChannel channel = FileChannel.open(samples, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(keepBytes);
        channel.position(keepBytes);
        SweepResults results = new SweepResults(dir, header, completed, channel);
        if (keepBytes == 0) {
            results.append(List.of(header));
        }
        return results;
    }

    /** Chunks found complete in the folder (0 for a fresh run). */
    public int completedChunks() {
        return completedChunks;
    }

    public Path directory() {
        return dir;
    }

    public List<String> header() {
        return header;
    }

    /** Appends rows and forces them to disk: once this returns, a kill cannot lose them. */
    public void append(List<List<String>> rows) throws IOException {
        for (List<String> row : rows) {
            printer.printRecord(row);
        }
        printer.flush();
        writer.flush();
        channel.force(false);
    }

    /** Reads all rows back (for the summary), header excluded. */
    public static List<CSVRecord> read(Path samples) throws IOException {
        try (Reader r = Files.newBufferedReader(samples, StandardCharsets.UTF_8); CSVParser parser = CSVFormat.DEFAULT
                .builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return parser.getRecords();
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
        channel.close();
    }
}
