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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A sweep's output folder: {@code spec.json} (the spec it belongs to), {@code samples.csv} (one row per sample and
 * model, appended chunk by chunk and forced to disk after each) and, at the end, the summary and plots, whose names
 * are listed in {@code plots.txt} before they are written (so that {@code --fresh} can remove exactly them). A run that
 * was killed resumes at the first chunk it had not finished: a torn last line or a half-written chunk is cut off and
 * that chunk is computed again, with the same batches, so the file ends up identical to that of an uninterrupted
 * run.
 */
public final class SweepResults implements Closeable {
    public static final String SPEC = "spec.json";
    public static final String SAMPLES = "samples.csv";
    /** The names of the plots sweeps wrote into the folder, one a line: what {@code --fresh} removes besides. */
    public static final String PLOTS = "plots.txt";
    /**
     * A corruption-suite sweep's corruptions that run (those whose perturbation loaded), one a line: the points
     * depend on them, so a run resumes only with the same ones.
     */
    public static final String CORRUPTIONS = "corruptions.txt";
    /** What a plot's name looks like: a bare file name (never a path), PNG or SVG. */
    private static final Pattern PLOT_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.(png|svg)");

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
            discard(dir);
        } else if (Files.exists(samples) && (!Files.exists(specFile) || !Files.readString(specFile).equals(spec
                .text()))) {
            throw new SweepSpecException(dir.toString(), 0, "holds the results of a different sweep spec; use "
                    + "--fresh to replace them, or another \"output\"");
        }
        if (spec.design().suite() != null) {
            String runs = String.join("\n", spec.design().suite().corruptions().stream().map(c -> c.name()).toList())
                    + "\n";
            Path runsFile = dir.resolve(CORRUPTIONS);
            if (!fresh && Files.exists(samples) && (!Files.exists(runsFile) || !Files.readString(runsFile).equals(
                    runs))) {
                throw new SweepSpecException(dir.toString(), 0, "holds the results of this spec with other "
                        + "corruptions available (" + CORRUPTIONS + " lists those that ran: a perturbation was "
                        + "installed or failed since); use --fresh to start again, or another \"output\"");
            }
            writeAtomically(runsFile, runs);
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

    /**
     * Removes what earlier sweeps wrote into {@code dir}, and nothing else: samples.csv, the summary, spec.json (and
     * its temporary file), a corruption suite's corruptions.txt and corruption errors, and the plots listed in
     * plots.txt. A listed name that is not a bare PNG or SVG file name
     * (a path, {@code ..}, another kind of file) is ignored, as is anything that is not a regular file (a folder); a
     * user's own files, and subfolders, stay.
     */
    public static void discard(Path dir) throws IOException {
        Path plots = dir.resolve(PLOTS);
        if (Files.isRegularFile(plots, LinkOption.NOFOLLOW_LINKS)) {
            for (String name : Files.readAllLines(plots, StandardCharsets.UTF_8)) {
                if (PLOT_NAME.matcher(name).matches()) {
                    deleteFile(dir.resolve(name));
                }
            }
        }
        for (String name : List.of(SAMPLES, Summary.FILE, SPEC, SPEC + ".tmp", PLOTS, CORRUPTIONS, CORRUPTIONS
                + ".tmp", CorruptionErrors.FILE, CorruptionErrors.MEANS_FILE)) {
            deleteFile(dir.resolve(name));
        }
    }

    private static void deleteFile(Path file) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(file);
        }
    }

    /**
     * Adds plot file names to plots.txt, before the plots are written: a run killed while writing them leaves them
     * listed, so {@code --fresh} still finds them.
     *
     * @throws IllegalArgumentException for a name that is not a bare PNG or SVG file name
     */
    public static void recordPlots(Path dir, List<String> names) throws IOException {
        Path plots = dir.resolve(PLOTS);
        Set<String> listed = new LinkedHashSet<>();
        if (Files.isRegularFile(plots, LinkOption.NOFOLLOW_LINKS)) {
            Files.readAllLines(plots, StandardCharsets.UTF_8).stream().filter(n -> PLOT_NAME.matcher(n).matches())
                    .forEach(listed::add);
        }
        for (String name : names) {
            if (!PLOT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plot file name: " + name);
            }
        }
        if (listed.addAll(names)) {
            writeAtomically(plots, String.join("\n", listed) + "\n");
        }
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

    /** What samples.csv says was skipped: rows with a non-empty skipped column, of all rows, and how often each thing. */
    public record Skipped(int rows, int total, Map<String, Integer> things) {
        public boolean any() {
            return rows > 0;
        }
    }

    /**
     * Reads the skipped column of a samples.csv back (of this run and of the runs it resumed): how many rows lack
     * something, and each distinct skipped thing with the number of rows it is missing from, in order of first
     * appearance. A file without the column (written before it existed) has nothing skipped.
     */
    public static Skipped skipped(Path samples, String column, String separator) throws IOException {
        int rows = 0;
        int total = 0;
        Map<String, Integer> things = new LinkedHashMap<>();
        for (CSVRecord r : read(samples)) {
            total++;
            String cell = r.isMapped(column) && r.isSet(column) ? r.get(column) : "";
            if (!cell.isEmpty()) {
                rows++;
                for (String thing : cell.split(Pattern.quote(separator))) {
                    things.merge(thing, 1, Integer::sum);
                }
            }
        }
        return new Skipped(rows, total, things);
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
